import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimBacktestOutput } from '../../src/app/commands/run-backtest.js';
import type { BusEvent } from '../../src/app/events/event-bus.js';
import type { CompareRunsOutput } from '../../src/app/jobs/compare-job.js';
import { compareRuns } from '../../src/backtest/validation/compare-runs.js';
import { restHarness, type RestHarness } from './rest-harness.js';

/** POST /backtests/compare: a job comparing a done backtest job or a backtest spec with another; a run against itself differs by 0; repeats are the stored job. */
let r: RestHarness;
beforeAll(async () => {
  r = await restHarness({ jobs: true });
});
afterAll(async () => {
  await r.close();
});

const specA = { days: 2, seed: 5 };
const specB = { days: 2, seed: 5, overrides: { momentumTicks: 8 } };

const settled = (id: string): Promise<string> =>
  new Promise((resolve) => {
    const off = r.deps.events.subscribe((e: BusEvent) => {
      const job = e.data.job as { id?: string } | undefined;
      if (job?.id !== id || !['job.done', 'job.failed', 'job.cancelled'].includes(e.type)) return;
      off();
      resolve(e.type);
    });
  });

/** Submits and waits for the job; returns its final view with the result. */
async function run(path: string, body: unknown): Promise<{ id: string; runKey: string; state: string; result: unknown; error: unknown }> {
  const res = await r.request('POST', path, { token: r.tokens.agent, json: body });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  const job = res.body.data as { id: string; state: string };
  if (!['done', 'failed', 'cancelled'].includes(job.state)) await settled(job.id);
  return (await r.request('GET', `/api/v1/jobs/${job.id}`, { token: r.tokens.agent })).body.data as never;
}

const rupees = (minor: number): string => (Math.round(minor) / 100).toFixed(2);
const paise = (b: SimBacktestOutput): { netPnl: number }[] => b.trades.map((t) => ({ netPnl: Math.round(t.netPnl * 100) }));

describe('run comparison as a job over REST', () => {
  let a: { id: string; runKey: string; result: SimBacktestOutput };

  beforeAll(async () => {
    a = (await run('/api/v1/backtests', specA)) as never;
  });

  it('compares a done backtest job with the same backtest as a spec: the same run key, a difference of 0, not significant', async () => {
    const job = await run('/api/v1/backtests/compare', { a: { job: a.id }, b: { backtest: specA } });
    expect(job.state).toBe('done');
    const out = job.result as CompareRunsOutput;
    expect(out.a).toMatchObject({ source: 'job', job: a.id, runKey: a.runKey, trades: a.result.trades.length });
    expect(out.b).toMatchObject({ source: 'backtest', job: null, runKey: a.runKey, trades: a.result.trades.length, currency: 'INR' });
    expect(out.meanA).toBe(out.meanB);
    expect(out.difference).toBe('0.00');
    expect(Number(out.ci.low)).toBeLessThanOrEqual(0);
    expect(Number(out.ci.high)).toBeGreaterThanOrEqual(0);
    expect(out).toMatchObject({ significant: false, bBetter: false, seed: 1, resamples: 2000, confidence: 0.95 });
  });

  it('compares two different runs with the bootstrap of compareRuns, and a repeat is the stored job', async () => {
    const body = { a: { job: a.id }, b: { backtest: specB }, seed: 9, resamples: 500, confidence: 0.9 };
    const job = await run('/api/v1/backtests/compare', body);
    const out = job.result as CompareRunsOutput;
    const b = (await run('/api/v1/backtests', specB)).result as SimBacktestOutput;
    const c = compareRuns(paise(a.result), paise(b), { seed: 9, resamples: 500, confidence: 0.9 });
    expect(out).toMatchObject({
      meanA: rupees(c.meanA),
      meanB: rupees(c.meanB),
      difference: rupees(c.difference),
      ci: { low: rupees(c.ci[0]), high: rupees(c.ci[1]) },
      significant: c.significant,
      bBetter: c.ci[0] > 0,
      seed: 9,
      resamples: 500,
      confidence: 0.9,
    });
    expect(out.b).toMatchObject({ paramsVersion: b.paramsVersion, trades: b.trades.length, netPnl: b.metrics.netPnl.toFixed(2) });
    const again = await r.request('POST', '/api/v1/backtests/compare', { token: r.tokens.agent, json: body });
    expect(again.status).toBe(202);
    expect(again.body.data).toMatchObject({ id: job.id, state: 'done' });
  });

  it('refuses bad input naming the field', async () => {
    const sweep = await r.request('POST', '/api/v1/sweeps', { token: r.tokens.agent, json: { data: 'sim:NIFTY:3:2026-01-05:1', space: { kind: 'grid', axes: { momentumTicks: [4] } } } });
    const sweepId = (sweep.body.data as { id: string }).id;
    const cases: [Record<string, unknown>, string][] = [
      [{ a: { job: 'job_nope' }, b: { backtest: specA } }, 'a.job'],
      [{ a: { job: a.id }, b: { job: sweepId } }, 'b.job'],
      [{ a: { job: a.id }, b: { backtest: { days: 0 } } }, 'b.backtest.days'],
      [{ a: { job: a.id }, b: { backtest: { days: 2, overrides: { momentumTicks: 99 } } } }, 'b.backtest.overrides.momentumTicks'],
      [{ a: { job: a.id }, b: { backtest: { data: 'sim:NIFTY:5:2026-01-05:2', seed: 6 } } }, 'b.backtest.seed'],
      [{ a: { job: a.id } }, 'b'],
      [{ a: { job: a.id }, b: { backtest: specA }, confidence: 1 }, 'confidence'],
      [{ a: { job: a.id }, b: { backtest: specA }, resamples: 0 }, 'resamples'],
    ];
    for (const [body, field] of cases) {
      const res = await r.request('POST', '/api/v1/backtests/compare', { token: r.tokens.agent, json: body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((res.body.error as { issues: { field: string }[] }).issues.map((i) => i.field), JSON.stringify(res.body)).toContain(field);
    }
  });
});
