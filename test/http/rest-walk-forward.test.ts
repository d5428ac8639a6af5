import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeVersion } from '../../src/adapters/code-version.js';
import { datasetLoader } from '../../src/adapters/experiments/dataset-loader.js';
import { runBacktest, type DataBacktestOutput, type RunCache } from '../../src/app/commands/run-backtest.js';
import type { BusEvent } from '../../src/app/events/event-bus.js';
import { runWalkForwardJob, type WalkForwardOutput } from '../../src/app/jobs/walk-forward-job.js';
import { rateCards } from '../runtime/agent-harness.js';
import { restHarness, type RestHarness } from './rest-harness.js';

/** POST /walk-forward: a job whose windows choose the best train combo, whose out-of-sample figures are plain backtests, deterministic and served from the store on a repeat. */
let r: RestHarness;
beforeAll(async () => {
  r = await restHarness({ jobs: true });
});
afterAll(async () => {
  await r.close();
});

const DATA = 'sim:NIFTY:7:2026-01-05:4';
const input = { data: DATA, space: { kind: 'grid' as const, axes: { momentumTicks: [4, 6, 8] } }, trainDays: 2, testDays: 1, overrides: { slPoints: 6 } };

const settled = (id: string): Promise<BusEvent[]> =>
  new Promise((resolve) => {
    const seen: BusEvent[] = [];
    const off = r.deps.events.subscribe((e) => {
      const job = e.data.job as { id?: string } | undefined;
      if (job?.id !== id) return;
      seen.push(e);
      if (['job.done', 'job.failed', 'job.cancelled'].includes(e.type)) {
        off();
        resolve(seen);
      }
    });
  });

/** Plain backtests through the backtest use case, with a cache of nothing. */
const loadDataset = datasetLoader();
const noCache: RunCache = { get: () => undefined, put: () => undefined };
const backtest = (overrides: Record<string, unknown>, dates: readonly string[]): DataBacktestOutput =>
  runBacktest({ loadDataset, rateCards, runs: noCache, codeVersion: codeVersion(), now: () => 0 }, { data: DATA, overrides, from: dates[0], to: dates[dates.length - 1] });

const fixed = (rupees: number): string => rupees.toFixed(2);

describe('walk-forward as a job over REST', () => {
  let result: WalkForwardOutput;
  let jobId: string;

  it('answers 202, reports progress per window, and finishes with a result per window', async () => {
    const res = await r.request('POST', '/api/v1/walk-forward', { token: r.tokens.agent, json: input });
    expect(res.status).toBe(202);
    const job = res.body.data as { id: string; kind: string; state: string };
    expect(job.kind).toBe('walk-forward');
    jobId = job.id;
    const events = job.state === 'done' ? [] : await settled(job.id);
    expect(events.at(-1)?.type).toBe('job.done');
    const messages = events.filter((e) => e.type === 'job.progress').map((e) => (e.data.job as { progress: { message: string } }).progress.message);
    expect(messages.some((m) => m.startsWith('window 2 of 2'))).toBe(true);
    const done = (await r.request('GET', `/api/v1/jobs/${job.id}`, { token: r.tokens.agent })).body.data as { state: string; result: WalkForwardOutput };
    expect(done.state).toBe('done');
    result = done.result;
    expect(result.windows.map((w) => [w.trainDates, w.testDates])).toEqual([
      [['2026-01-05', '2026-01-06'], ['2026-01-07']],
      [['2026-01-06', '2026-01-07'], ['2026-01-08']],
    ]);
    expect(result).toMatchObject({ dataset: DATA, seed: 7, combos: 3, stepDays: 1, objective: 'netPnl', windowsWithoutChoice: 0, currency: 'INR' });
  });

  it('chooses in each window the combo with the best net P&L on its train dates', () => {
    for (const w of result.windows) {
      const train = [4, 6, 8].map((m) => backtest({ slPoints: 6, momentumTicks: m }, w.trainDates).metrics);
      const best = Math.max(...train.map((m) => m.netPnl));
      const expected = train.findIndex((m) => m.netPnl === best && m.trades >= 1);
      expect(w.chosen?.index).toBe(expected);
      expect(w.chosen?.overrides).toEqual({ momentumTicks: [4, 6, 8][expected] });
      expect(w.inSample?.netPnl).toBe(fixed(best));
      expect(w.inSample?.trades).toBe(train[expected]!.trades);
    }
  });

  it('reports out-of-sample figures equal to a plain backtest of the chosen overrides on the test dates', () => {
    const oosTrades: number[] = [];
    for (const w of result.windows) {
      const plain = backtest({ slPoints: 6, ...w.chosen!.overrides }, w.testDates);
      expect(plain.paramsVersion).toBe(w.chosen!.paramsVersion);
      const m = plain.metrics;
      expect(w.outOfSample).toEqual({
        days: 1,
        trades: m.trades,
        netPnl: fixed(m.netPnl),
        grossPnl: fixed(m.grossPnl),
        charges: fixed(m.charges),
        netPnlPerDay: fixed(m.netPnl),
        expectancy: fixed(m.expectancy),
        winRate: m.winRate,
        profitFactor: m.profitFactor,
        maxDrawdown: fixed(m.maxDrawdown),
        sharpe: m.sharpe,
      });
      oosTrades.push(...plain.trades.map((t) => Math.round(t.netPnl * 100)));
    }
    expect(result.outOfSample.trades).toBe(oosTrades.length);
    expect(result.outOfSample.netPnl).toBe(fixed(oosTrades.reduce((s, x) => s + x, 0) / 100));
    const isNet = result.windows.reduce((s, w) => s + Math.round(Number(w.inSample!.netPnl) * 100), 0);
    expect(result.inSample.netPnl).toBe(fixed(isNet / 100));
    const isPerDay = isNet / 4;
    const oosPerDay = oosTrades.reduce((s, x) => s + x, 0) / 2;
    expect(result.efficiency).toBe(isPerDay > 0 ? Math.round((oosPerDay / isPerDay) * 10_000) / 10_000 : null);
  });

  it('is deterministic, and a repeat is the stored job', async () => {
    expect(runWalkForwardJob({ loadDataset, rateCards }, input)).toEqual(result);
    const again = await r.request('POST', '/api/v1/walk-forward', { token: r.tokens.agent, json: { ...input, preset: 'nifty_normal' } });
    expect(again.status).toBe(202);
    expect(again.body.data).toMatchObject({ id: jobId, state: 'done' });
  });

  it('refuses bad input naming the field, storing nothing', async () => {
    const count = async (): Promise<number> => ((await r.request('GET', '/api/v1/jobs?kind=walk-forward', { token: r.tokens.agent })).body.data as { items: unknown[] }).items.length;
    const before = await count();
    const cases: [Record<string, unknown>, string][] = [
      [{ ...input, trainDays: 0 }, 'trainDays'],
      [{ ...input, trainDays: 3, testDays: 2 }, 'trainDays'],
      [{ ...input, testDays: 2, stepDays: 1 }, 'stepDays'],
      [{ ...input, objective: 'sharpe', trainDays: 1 }, 'trainDays'],
      [{ ...input, objective: 'profit' }, 'objective'],
      [{ ...input, space: { kind: 'grid', axes: { momentumTicks: [1, 4] } } }, 'space.axes.momentumTicks'],
      [{ ...input, space: { kind: 'grid', axes: { noSuchParam: [1] } } }, 'space.axes.noSuchParam'],
      [{ ...input, overrides: { slPoints: -1 } }, 'overrides.slPoints'],
      [{ ...input, data: 'sim:FOO:7:2026-01-05:4' }, 'data'],
      [{ ...input, seed: 8 }, 'seed'],
    ];
    for (const [body, field] of cases) {
      const res = await r.request('POST', '/api/v1/walk-forward', { token: r.tokens.agent, json: body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((res.body.error as { issues: { field: string }[] }).issues.map((i) => i.field), JSON.stringify(res.body)).toContain(field);
    }
    expect(await count()).toBe(before);
  });

  it('cancels a walk-forward job', async () => {
    const long = { ...input, data: 'sim:NIFTY:11:2026-01-05:30', trainDays: 10, testDays: 5, space: { kind: 'grid', axes: { momentumTicks: { min: 2, max: 20, step: 1 } } } };
    const res = await r.request('POST', '/api/v1/walk-forward', { token: r.tokens.agent, json: long });
    expect(res.status).toBe(202);
    const id = (res.body.data as { id: string }).id;
    const cancelled = await r.request('POST', `/api/v1/jobs/${id}/cancel`, { token: r.tokens.agent, json: {} });
    expect(cancelled.status).toBe(200);
    expect((cancelled.body.data as { state: string }).state).toBe('cancelled');
  });
});
