/** The trader's review of experiments over REST (approve a validated one, reject and dequeue a waiting one) and the meta-analysis. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExperimentStore } from '../../src/adapters/store/experiment-store.js';
import type { StageResult } from '../../src/experiments/experiment-idea.js';
import { restHarness, type RestHarness } from './rest-harness.js';

let r: RestHarness;
let store: ExperimentStore;
beforeAll(async () => {
  r = await restHarness();
  store = r.deps.experiments!.store as ExperimentStore;
});
afterAll(async () => {
  await r.close();
});

type View = { id: number; status: string; reason: string | null; review: { verdict: string; by: string; note: string | null } | null };

const submit = async (title: string, overrides: Record<string, unknown>): Promise<number> => {
  const res = await r.request('POST', '/api/v1/experiments', { token: r.tokens.agent, json: { title, hypothesis: 'h', overrides, dataset: 'sim:NIFTY:7:2026-01-05:2' } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return (res.body.data as { experiment: { id: number } }).experiment.id;
};

/** A stage's evidence as the runner records it: the candidate's net per trade vs the baseline's. */
const stage = (candidate: number, baseline: number): StageResult => {
  const m = (perTrade: number) => ({ trades: 10, netPnl: perTrade * 10, netPnlPerTrade: perTrade, winRate: 0.5, profitFactor: 1, sharpe: null, sqn: null, runKey: 'k' });
  return { dates: ['2026-01-05'], candidate: m(candidate), baseline: m(baseline), difference: null };
};

const review = (id: number, body: Record<string, unknown>, token = r.tokens.trader) => r.request('POST', `/api/v1/experiments/${id}/review`, { token, json: body });

describe('experiment review', () => {
  it('only the trader reviews; approve needs a validated experiment; the verdict, reviewer and note are kept', async () => {
    const id = await submit('wider target', { tpPoints: 12 });
    expect((await review(id, { verdict: 'approve' }, r.tokens.agent)).status).toBe(403);
    expect((await review(id, { verdict: 'approve' }, r.tokens.automation)).status).toBe(403);
    const early = await review(id, { verdict: 'approve' });
    expect(early.status).toBe(409);
    expect(JSON.stringify(early.body)).toContain('pending');
    store.record(id, 'validation', stage(120, 100), 'validated', 'beat the baseline', Date.now());
    const ok = await review(id, { verdict: 'approve', note: 'looks robust' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.data as View).toMatchObject({ id, status: 'validated', review: { verdict: 'approved', by: 'trader-test', note: 'looks robust' } });
    expect(((await r.request('GET', `/api/v1/experiments/${id}`)).body.data as View).review?.verdict).toBe('approved');
  });

  it('rejecting a waiting experiment takes it off the queue; a running stage is not cut short', async () => {
    const waiting = await submit('fewer ticks', { momentumTicks: 2 });
    const res = await review(waiting, { verdict: 'reject', note: 'already tried' });
    expect(res.body.data as View).toMatchObject({ status: 'rejected', reason: 'rejected by trader-test: already tried', review: { verdict: 'rejected' } });
    expect(store.claim('pending', 'running', Date.now())?.id).not.toBe(waiting);
    const running = await submit('more ticks', { momentumTicks: 5 });
    // Claim everything still pending, as the runner would.
    while (store.claim('pending', 'running', Date.now()) !== undefined);
    expect(store.get(running)?.status).toBe('running');
    const busy = await review(running, { verdict: 'reject' });
    expect(busy.status).toBe(409);
    expect(store.get(running)).toMatchObject({ status: 'running', review: null });
  });

  it.each([
    [{ verdict: 'promote' }, 'verdict'],
    [{ verdict: 'approve', note: '' }, 'note'],
    [{ verdict: 'approve', extra: 1 }, 'extra'],
  ])('%j → 400 naming %s', async (body, field) => {
    const res = await review(1, body);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.error)).toContain(field);
  });

  it('an unknown experiment is a 404', async () => {
    expect((await review(99_999, { verdict: 'reject' })).status).toBe(404);
  });
});

describe('POST /api/v1/experiments/meta', () => {
  it('reports what moving each parameter did and queues follow-ups once', async () => {
    const up1 = await submit('target up a', { tpPoints: 14 });
    const up2 = await submit('target up b', { tpPoints: 16 });
    store.record(up1, 'quick', stage(150, 100), 'passed_quick', 'quick edge', Date.now());
    store.record(up2, 'quick', stage(130, 100), 'passed_quick', 'quick edge', Date.now());
    const first = await r.request('POST', '/api/v1/experiments/meta', { token: r.tokens.agent, json: { dataset: 'sim:NIFTY:9:2026-01-05:2', basePreset: 'nifty_normal', max: 3 } });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const out = first.body.data as { findings: { param: string; direction: string; wins: number; experiments: number }[]; proposed: { origin: string; overrides: Record<string, unknown> }[] };
    const tp = out.findings.find((f) => f.param === 'tpPoints' && f.direction === 'up');
    expect(tp).toMatchObject({ wins: tp!.experiments });
    expect(tp!.wins).toBeGreaterThanOrEqual(2);
    expect(out.proposed.length).toBeGreaterThan(0);
    for (const p of out.proposed) expect(p.origin).toBe('meta');
    const again = await r.request('POST', '/api/v1/experiments/meta', { token: r.tokens.agent, json: { dataset: 'sim:NIFTY:9:2026-01-05:2', basePreset: 'nifty_normal', max: 3 } });
    expect((again.body.data as { proposed: unknown[] }).proposed).toEqual([]);
    const bad = await r.request('POST', '/api/v1/experiments/meta', { token: r.tokens.agent, json: { dataset: 'sim:NIFTY:9:2010-01-05:2', basePreset: 'nifty_normal' } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error)).toContain('dataset');
  });
});
