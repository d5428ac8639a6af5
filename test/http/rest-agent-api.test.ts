import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restHarness, type RestHarness } from './rest-harness.js';

/** Seed 003's agent API on the registry: summary, ideas, compare, suggest, status. */
let r: RestHarness;
beforeAll(async () => {
  r = await restHarness();
});
afterAll(async () => {
  await r.close();
});

const idea = (title: string, sl: number) => ({ title, hypothesis: 'h', overrides: { slPoints: sl }, dataset: 'sim:NIFTY:7:2026-01-05:2' });

describe('the agent API', () => {
  it('takes ideas and reports them back through summary, compare, suggest and status', async () => {
    const a = await r.request('POST', '/api/v1/agent/ideas', { token: r.tokens.agent, json: idea('stop 4', 4) });
    const b = await r.request('POST', '/api/v1/agent/ideas', { token: r.tokens.agent, json: idea('stop 4.5', 4.5) });
    const ids = [a, b].map((x) => (x.body.data as { experiment: { id: number } }).experiment.id);
    const summary = (await r.request('GET', '/api/v1/agent/summary', { token: r.tokens.agent })).body.data as { mode: string; experiments: Record<string, number>; best: unknown };
    expect(summary).toMatchObject({ mode: 'paper', experiments: { pending: 2 }, best: null });
    const compare = (await r.request('GET', `/api/v1/agent/experiments/compare?runs=${ids.join(',')}`, { token: r.tokens.agent })).body.data as { experiments: { id: number }[] };
    expect(compare.experiments.map((e) => e.id)).toEqual(ids);
    const suggest = (await r.request('GET', '/api/v1/agent/suggest', { token: r.tokens.agent })).body.data as { patternsObserved: unknown[]; note: string };
    expect(suggest.patternsObserved).toEqual([]);
    expect((await r.request('GET', '/api/v1/agent/status', { token: r.tokens.agent })).body.data).toMatchObject({ pending: 2, running: [] });
    expect((await r.request('GET', '/api/v1/agent/experiments/best', { token: r.tokens.agent })).status).toBe(200);
  });

  it('names the field of a bad comparison and the experiment it cannot find', async () => {
    const bad = await r.request('GET', '/api/v1/agent/experiments/compare?runs=1', { token: r.tokens.agent });
    expect(bad.status).toBe(400);
    expect((bad.body.error as { issues: { field: string }[] }).issues[0]!.field).toBe('runs');
    expect((await r.request('GET', '/api/v1/agent/experiments/compare?runs=1,999', { token: r.tokens.agent })).status).toBe(404);
  });
});
