import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../src/adapters/store/api-access-store.js';
import { restHarness, type RestHarness } from './rest-harness.js';

/**
 * Inbound hooks: each does its one action, as hook:<name> with the automation scope, only with its own
 * secret; a wrong, foreign or revoked secret changes nothing and is one 401.
 */
let r: RestHarness;
beforeAll(async () => {
  r = await restHarness();
});
afterAll(async () => {
  await r.close();
});

interface Made {
  id: string;
  name: string;
  action: string;
  operation: string;
  path: string;
  secret: string;
}

async function make(name: string, action: string): Promise<Made> {
  const res = await r.request('POST', '/api/v1/hooks', { json: { name, action } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.data as Made;
}

const fire = (hook: Pick<Made, 'id'>, secret: string | null, opts: { json?: unknown; body?: string; headers?: Record<string, string>; via?: 'header' | 'bearer' } = {}) =>
  r.request('POST', `/api/v1/hooks/${hook.id}`, {
    token: opts.via === 'bearer' ? secret : null,
    headers: { ...(secret !== null && opts.via !== 'bearer' ? { 'x-hook-secret': secret } : {}), ...opts.headers },
    ...(opts.json === undefined ? {} : { json: opts.json }),
    ...(opts.body === undefined ? {} : { body: opts.body }),
  });

const state = () => r.deps.agent.status().state;
const experiments = () => r.deps.experiments!.store.list(undefined, 100_000).length;
const counts = () => ({ state: state(), tradingState: r.deps.agent.status().tradingState, db: r.access.counts(), experiments: experiments() });
const audit = () => r.deps.audit!(1000).map((e) => ({ actor: e.actor, action: e.action, detail: JSON.parse(e.detailJson) as Record<string, unknown> }));

const idea = { title: 'from an alert', hypothesis: 'volatility spike: try a tighter stop', overrides: { slPoints: 4 }, dataset: 'sim:NIFTY:7:2026-01-05:2' };

let pause: Made;
let resume: Made;
let kill: Made;
let submit: Made;

describe('making and listing hooks', () => {
  it('hooks.create answers the id, the path and the secret once; hooks.list never shows a secret', async () => {
    pause = await make('grafana-pause', 'pause');
    resume = await make('grafana-resume', 'resume');
    kill = await make('pager-kill', 'kill');
    submit = await make('research-bot', 'submit-experiment');
    expect(pause).toMatchObject({ name: 'grafana-pause', action: 'pause', operation: 'engine.pause', path: `/api/v1/hooks/${pause.id}`, createdBy: 'trader-test', revokedTs: null });
    expect(submit.operation).toBe('experiments.submit');
    expect(pause.secret).toMatch(/^hooksec_[\w-]{43}$/);
    expect(new Set([pause, resume, kill, submit].map((h) => h.secret)).size).toBe(4);

    const list = await r.request('GET', '/api/v1/hooks');
    expect(list.status).toBe(200);
    const hooks = (list.body.data as { hooks: Record<string, unknown>[] }).hooks;
    expect(hooks.map((h) => h.id)).toEqual([pause.id, resume.id, kill.id, submit.id]);
    const text = JSON.stringify(list.body);
    for (const h of [pause, resume, kill, submit]) {
      expect(text).not.toContain(h.secret);
      expect(text).not.toContain(sha256(h.secret));
    }
    for (const h of hooks) expect(Object.keys(h)).not.toContain('secret');
  });

  it('a repeated Idempotency-Key answers the same hook without its secret, which is stored nowhere in clear', async () => {
    const first = await r.request('POST', '/api/v1/hooks', { json: { name: 'once', action: 'pause' }, headers: { 'idempotency-key': 'make-once' } });
    const again = await r.request('POST', '/api/v1/hooks', { json: { name: 'once', action: 'pause' }, headers: { 'idempotency-key': 'make-once' } });
    const made = first.body.data as Made;
    expect(made.secret).toMatch(/^hooksec_/);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual({ ...first.body, data: { ...made, secret: null } });
    const trader = r.access.listTokens().find((t) => t.name === 'trader-test')!;
    expect(r.access.getIdempotent(trader.id, 'make-once')!.responseJson).not.toContain(made.secret);
    expect((await r.request('DELETE', `/api/v1/hooks/${made.id}`)).status).toBe(200);
  });

  it('refuses a bad name or action naming the field, and only the trader may make, list or revoke hooks', async () => {
    const bad = await r.request('POST', '/api/v1/hooks', { json: { name: 'x y', action: 'flatten' } });
    expect(bad.status).toBe(400);
    expect((bad.body.error as { issues: { field: string }[] }).issues.map((i) => i.field).sort()).toEqual(['action', 'name']);
    for (const scope of ['agent', 'automation'] as const) {
      expect((await r.request('POST', '/api/v1/hooks', { token: r.tokens[scope], json: { name: 'sneaky', action: 'kill' } })).status).toBe(403);
      expect((await r.request('GET', '/api/v1/hooks', { token: r.tokens[scope] })).status).toBe(403);
      expect((await r.request('DELETE', `/api/v1/hooks/${pause.id}`, { token: r.tokens[scope] })).status).toBe(403);
    }
  });
});

describe('firing a hook with the wrong credentials', () => {
  it('a wrong secret, another hook’s secret, an API token, an unknown hook or no secret: one 401 that says nothing more, and nothing changes', async () => {
    const before = counts();
    const attempts = [
      await fire(kill, 'hooksec_wrong'),
      await fire(kill, pause.secret),
      await fire(kill, pause.secret, { via: 'bearer' }),
      await fire(kill, r.tokens.trader, { via: 'bearer' }),
      await fire(kill, `${kill.secret}x`),
      await fire(kill, null),
      await fire({ id: 'hook_0000000000000000' }, kill.secret),
      await fire({ id: 'x'.repeat(5000) }, kill.secret),
      await fire(submit, resume.secret, { json: idea }),
    ];
    for (const res of attempts) {
      expect(res.status, JSON.stringify(res.body)).toBe(401);
      expect((res.body.error as { code: string }).code).toBe('UNAUTHENTICATED');
      expect(res.body.mode).toBe('paper');
    }
    // Unknown hook, foreign secret and wrong secret are not told apart.
    expect(new Set(attempts.slice(0, 5).concat(attempts.slice(6)).map((a) => (a.body.error as { message: string }).message)).size).toBe(1);
    expect(counts()).toEqual(before);
  });

  it('a hook secret is not an API token', async () => {
    const before = counts();
    const res = await r.request('POST', '/api/v1/engine/kill', { token: kill.secret, json: {} });
    expect(res.status).toBe(401);
    expect((await r.request('GET', '/api/v1/status', { token: pause.secret })).status).toBe(401);
    expect(counts()).toEqual(before);
  });

  it('other methods on a hook’s path are not routes (404), and DELETE needs a trader token', async () => {
    for (const method of ['GET', 'PUT', 'PATCH']) {
      const res = await r.request(method, `/api/v1/hooks/${pause.id}`, { token: null, headers: { 'x-hook-secret': pause.secret } });
      expect(res.status, method).toBe(404);
    }
    const del = await r.request('DELETE', `/api/v1/hooks/${pause.id}`, { token: null, headers: { 'x-hook-secret': pause.secret } });
    expect(del.status).toBe(401);
    expect(state()).toBe('running');
  });
});

describe('each hook does its one action', () => {
  it('pause: pauses entries with the reason, as hook:<name>, audited like REST', async () => {
    expect(state()).toBe('running');
    const auditBefore = audit().length;
    const res = await fire(pause, pause.secret, { json: { reason: 'VIX alert' } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ mode: 'paper', data: { state: 'paused' } });
    expect(res.headers.get('x-scalper-mode')).toBe('paper');
    expect(state()).toBe('paused');
    const entries = audit();
    expect(entries.length).toBe(auditBefore + 1);
    expect(entries[0]).toMatchObject({ actor: 'hook:grafana-pause', action: 'engine.pause', detail: { tokenId: pause.id, scope: 'automation', result: 'ok', mode: 'paper' } });
  });

  it('cannot be made to do another action: the body is its operation’s input, checked strictly', async () => {
    const before = counts();
    const res = await fire(pause, pause.secret, { json: { action: 'kill' } });
    expect(res.status).toBe(400);
    expect((res.body.error as { issues: { field: string; rule: string }[] }).issues[0]!.rule).toContain('action');
    const asKill = await fire(kill, kill.secret, { json: { reason: 'x', operation: 'engine.resume' } });
    expect(asKill.status).toBe(400);
    expect(counts()).toEqual(before);
  });

  it('resume: resumes a pause (the secret also works as Authorization: Bearer)', async () => {
    const res = await fire(resume, resume.secret, { via: 'bearer' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(state()).toBe('running');
    expect(audit()[0]).toMatchObject({ actor: 'hook:grafana-resume', action: 'engine.resume', detail: { tokenId: resume.id } });
  });

  it('submit-experiment: queues the idea with the hook as submitter; the Idempotency-Key header replays, another body with it is 409', async () => {
    const before = experiments();
    const first = await fire(submit, submit.secret, { json: idea, headers: { 'idempotency-key': 'alert-42' } });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const e = (first.body.data as { experiment: { submitter: string; origin: string; idempotencyKey: string; status: string }; created: boolean });
    expect(e).toMatchObject({ created: true, experiment: { submitter: 'hook:research-bot', origin: 'agent', idempotencyKey: 'alert-42', status: 'pending' } });
    expect(experiments()).toBe(before + 1);
    const again = await fire(submit, submit.secret, { json: idea, headers: { 'idempotency-key': 'alert-42' } });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    const other = await fire(submit, submit.secret, { json: { ...idea, title: 'another' }, headers: { 'idempotency-key': 'alert-42' } });
    expect(other.status).toBe(409);
    expect(experiments()).toBe(before + 1);
    expect(audit()[0]).toMatchObject({ actor: 'hook:research-bot', action: 'experiments.submit', detail: { tokenId: submit.id, scope: 'automation' } });
  });

  it('kill: halts the engine; a resume hook then cannot resume it (only the trader can)', async () => {
    const res = await fire(kill, kill.secret);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(state()).toBe('killed');
    expect(audit()[0]).toMatchObject({ actor: 'hook:pager-kill', action: 'engine.kill', detail: { tokenId: kill.id, result: 'ok' } });
    const refused = await fire(resume, resume.secret);
    expect(refused.status).toBe(403);
    expect((refused.body.error as { code: string }).code).toBe('FORBIDDEN');
    expect(state()).toBe('killed');
    expect(audit()[0]).toMatchObject({ actor: 'hook:grafana-resume', action: 'engine.resume', detail: { result: 'FORBIDDEN' } });
  });

  it('a revoked hook is one 401 like any wrong secret, and changes nothing', async () => {
    const del = await r.request('DELETE', `/api/v1/hooks/${kill.id}`);
    expect(del.status).toBe(200);
    expect((await r.request('DELETE', `/api/v1/hooks/${kill.id}`)).status).toBe(404);
    const listed = (await r.request('GET', '/api/v1/hooks')).body.data as { hooks: { id: string; revokedTs: number | null }[] };
    expect(listed.hooks.find((h) => h.id === kill.id)!.revokedTs).not.toBeNull();
    const before = counts();
    const res = await fire(kill, kill.secret);
    expect(res.status).toBe(401);
    expect((res.body.error as { message: string }).message).toBe('unknown or revoked hook, or not its secret');
    expect(counts()).toEqual(before);
  });

  it('no internal errors', () => {
    expect(r.internalErrors).toEqual([]);
  });
});

describe('rate limits', () => {
  it('a hook has its own bucket: past its burst it answers 429 with Retry-After, and a token’s bucket is separate', async () => {
    const limited = await restHarness({ rateLimit: { perSecond: 1, burst: 2 }, now: () => 0 });
    try {
      const made = (await limited.request('POST', '/api/v1/hooks', { json: { name: 'noisy', action: 'pause' } })).body.data as Made;
      const call = () => limited.request('POST', `/api/v1/hooks/${made.id}`, { token: null, headers: { 'x-hook-secret': made.secret } });
      expect((await call()).status).toBe(200);
      expect((await call()).status).toBe(200);
      const third = await call();
      expect(third.status).toBe(429);
      expect(third.headers.get('retry-after')).toBe('1');
      // The trader's token spent one request of its own bucket (the create) and still has one.
      expect((await limited.request('GET', '/api/v1/status')).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
