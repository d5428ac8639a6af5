import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restHarness, type RestHarness } from './rest-harness.js';

let r: RestHarness;
beforeAll(async () => {
  r = await restHarness();
});
afterAll(async () => {
  await r.close();
});

describe('Idempotency-Key and the audit log', () => {
  it('the same key and body returns the first response with no second effect; another body is a 409', async () => {
    const audit0 = r.access.counts().audit_log!;
    const first = await r.request('POST', '/api/v1/engine/pause', { json: { reason: 'lunch' }, headers: { 'idempotency-key': 'pause-1' } });
    expect(first.status).toBe(200);
    expect(first.body.data).toMatchObject({ state: 'paused', tradingState: 'reducing' });
    // Resume in between: a replay must not pause again.
    expect((await r.request('POST', '/api/v1/engine/resume', { json: {} })).status).toBe(200);
    const again = await r.request('POST', '/api/v1/engine/pause', { json: { reason: 'lunch' }, headers: { 'idempotency-key': 'pause-1' } });
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(r.deps.agent.status().state).toBe('running');
    const other = await r.request('POST', '/api/v1/engine/pause', { json: { reason: 'tea' }, headers: { 'idempotency-key': 'pause-1' } });
    expect(other.status).toBe(409);
    expect((other.body.error as { code: string }).code).toBe('CONFLICT');
    // One audit row for the pause and one for the resume; the replay and the refused reuse never reached the engine.
    expect(r.access.counts().audit_log! - audit0).toBe(2);
  });

  it('a key belongs to its token: another token may use the same key', async () => {
    const a = await r.request('POST', '/api/v1/engine/pause', { token: r.tokens.agent, json: { reason: 'agent' }, headers: { 'idempotency-key': 'shared' } });
    expect(a.status).toBe(200);
    const b = await r.request('POST', '/api/v1/engine/resume', { token: r.tokens.automation, json: {}, headers: { 'idempotency-key': 'shared' } });
    expect(b.status).toBe(200);
    expect(r.deps.agent.status().state).toBe('running');
  });

  it('refuses a malformed key, naming the header', async () => {
    const res = await r.request('POST', '/api/v1/engine/pause', { json: {}, headers: { 'idempotency-key': 'x'.repeat(300) } });
    expect(res.status).toBe(400);
    expect((res.body.error as { issues: { field: string }[] }).issues[0]!.field).toBe('Idempotency-Key');
  });
});
