/** The one-command forms the MCP tools mount: entries on/off, force exit, positions, locks in one command, execution quality. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restHarness, type RestHarness } from './rest-harness.js';

let r: RestHarness;
beforeAll(async () => {
  r = await restHarness();
});
afterAll(async () => {
  await r.close();
});

describe('engine commands in one form', () => {
  it('entries off with a reason, then on; an agent may pause but not resume, and resuming after a kill is the trader’s', async () => {
    const off = await r.request('POST', '/api/v1/engine/entries', { token: r.tokens.agent, json: { enabled: false, reason: 'news at 10' } });
    expect(off.body.data).toMatchObject({ state: 'paused' });
    // As on /engine/resume, an agent may pause but not resume; it is told its scope and the mode.
    const refused = await r.request('POST', '/api/v1/engine/entries', { token: r.tokens.agent, json: { enabled: true } });
    expect(refused.status).toBe(403);
    expect(JSON.stringify(refused.body)).toMatch(/agent scope \(mode paper\)/);
    const on = await r.request('POST', '/api/v1/engine/entries', { token: r.tokens.automation, json: { enabled: true } });
    expect(on.body.data).toMatchObject({ state: 'running' });
    expect((await r.request('POST', '/api/v1/engine/entries', { json: { reason: 'x' } })).status).toBe(400);
  });

  it('force exit: the trader only; an open position is exited (reason force_exit), a flat book answers exited false', async () => {
    expect((await r.request('POST', '/api/v1/positions/exit', { token: r.tokens.agent, json: {} })).status).toBe(403);
    const before = ((await r.request('GET', '/api/v1/positions', { token: r.tokens.agent })).body.data as { positions: unknown[] }).positions;
    const res = await r.request('POST', '/api/v1/positions/exit', { json: {} });
    expect(res.status).toBe(200);
    expect((res.body.data as { exited: boolean }).exited).toBe(before.length === 1);
  });

  it('locks.manage: lock, list, and unlock only as the trader', async () => {
    const made = await r.request('POST', '/api/v1/locks/manage', { token: r.tokens.agent, json: { action: 'lock', target: 'PE', minutes: 20, reason: 'skew' } });
    expect(made.status, JSON.stringify(made.body)).toBe(200);
    const id = (made.body.data as { lock: { id: string } }).lock.id;
    const listed = (await r.request('POST', '/api/v1/locks/manage', { token: r.tokens.agent, json: { action: 'list' } })).body.data as { locks: { id: string }[] };
    expect(listed.locks.map((l) => l.id)).toContain(id);
    expect((await r.request('POST', '/api/v1/locks/manage', { token: r.tokens.agent, json: { action: 'unlock', id } })).status).toBe(403);
    const gone = await r.request('POST', '/api/v1/locks/manage', { json: { action: 'unlock', id } });
    expect((gone.body.data as { removed: string; locks: unknown[] }).removed).toBe(id);
    const bad = await r.request('POST', '/api/v1/locks/manage', { json: { action: 'lock', target: 'XX', minutes: 5, reason: 'x' } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error)).toContain('target');
  });

  it('execution quality of a book', async () => {
    const res = await r.request('GET', '/api/v1/analytics/execution', { token: r.tokens.agent });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ book: 'auto', currency: 'INR' });
    expect((res.body.data as { execution: { slippage: unknown } }).execution.slippage).toBeTypeOf('object');
  });
});
