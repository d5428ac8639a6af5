/**
 * A start that plans the simulator's days off the event loop (AgentManager.startPlanned, as engine.start does
 * in `scalper serve`): status is answered while it plans and the state stays as it was; the run on the planned
 * days books the backtester's trades; a stop while it plans cancels the start with nothing built or traded;
 * another start meanwhile is refused; an abort of the planner itself (a signal to the daemon) is passed on.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { planSimDaysInWorker } from '../../src/adapters/sim/plan-in-worker.js';
import { runBacktest } from '../../src/app/commands/run-backtest.js';
import type { DayPlan } from '../../src/sim/market/day-plan.js';
import { harness, rateCards, simConfig, tempDbDir } from './agent-harness.js';

const run = { mode: 'paper' as const, preset: 'nifty_normal', seed: 1, days: 1, startDate: '2026-01-05', simSpeed: Infinity };
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});
function db() {
  const t = tempDbDir();
  cleanups.push(t.cleanup);
  return t;
}

/** Plans `days` of `run` in a worker thread, as the daemon does. */
const inWorker = (days: number) => (signal: AbortSignal) => planSimDaysInWorker(simConfig, { underlying: 'NIFTY', startDate: run.startDate, days, seed: run.seed }, signal);

/** A planner held until the test releases it (so the test decides, by ordering alone, what happens while it plans). */
function heldPlanner(plan: (signal: AbortSignal) => Promise<readonly DayPlan[] | undefined>) {
  let release = (): void => undefined;
  const released = new Promise<void>((r) => (release = r));
  const seen: AbortSignal[] = [];
  let calledBack = (): void => undefined;
  const called = new Promise<void>((r) => (calledBack = r));
  const planner = async (signal: AbortSignal): Promise<readonly DayPlan[] | undefined> => {
    seen.push(signal);
    calledBack();
    await released;
    return plan(signal);
  };
  return { planner, release, called, seen };
}

describe('a start that plans its days off the event loop', () => {
  it('answers status while it plans (state stays stopped), then books the trades the backtester books', async () => {
    const { files } = db();
    const h = await harness(files);
    const held = heldPlanner(inWorker(1));
    const order: string[] = [];
    const started = h.agent.startPlanned(run, held.planner).then(() => order.push('started'));
    await held.called;
    await new Promise((r) => setImmediate(r));
    const during = h.agent.status();
    expect(during).toMatchObject({ state: 'stopped', mode: null, feed: null, simTime: null });
    order.push('status answered while planning');
    held.release();
    await started;
    expect(order).toEqual(['status answered while planning', 'started']);
    expect(h.agent.status().state).toBe('running');
    expect(h.logs.some((l) => l.message.startsWith('planning 1 simulated days'))).toBe(false);
    await h.agent.done;
    expect(h.agent.status().state).toBe('finished');
    const backtest = runBacktest({ simConfig, rateCards }, { days: 1, seed: 1, preset: 'nifty_normal', startDate: '2026-01-05' });
    expect(backtest.trades.length).toBeGreaterThan(0);
    expect(h.book.closedTrades().map((t) => [t.tradeId, t.symbol, t.qty, t.entryTs, t.exitTs, t.grossPnl, t.charges, t.netPnl, t.exitReason])).toEqual(
      backtest.trades.map((t) => [t.id, t.symbol, t.qty, t.fills[0]!.ts, t.fills.at(-1)!.ts, Math.round(t.grossPnl * 100), Math.round(t.charges * 100), Math.round(t.netPnl * 100), t.exitReason]),
    );
    await h.close();
  });

  it('a stop while it plans cancels the start: the planner is aborted, nothing is built or traded, the state stays stopped', async () => {
    const { files } = db();
    const h = await harness(files);
    const seen: AbortSignal[] = [];
    const planner = inWorker(250);
    const starting = h.agent.startPlanned({ ...run, days: 250 }, (signal) => {
      seen.push(signal);
      return planner(signal);
    });
    const rejected = starting.then(
      () => null,
      (e: unknown) => e,
    );
    await h.agent.stop(false);
    const e = await rejected;
    expect(e).toMatchObject({ name: 'AgentCommandError', code: 'CONFLICT' });
    expect((e as Error).message).toMatch(/the start was cancelled: a stop came while its simulated days were being planned/);
    expect(seen.length).toBe(1);
    expect(seen[0]!.aborted).toBe(true);
    expect(h.agent.status()).toMatchObject({ state: 'stopped', mode: null, feed: null, simTime: null, today: { trades: 0 } });
    expect(h.book.counts()).toEqual({ events: 0, trades: 0, others: 0 });
    expect(h.logs.some((l) => l.message === 'stop during planning: the start is cancelled, nothing was started')).toBe(true);
    // With nothing planning, a stop is refused as before; a new start plans and runs.
    await expect(h.agent.stop(false)).rejects.toThrow(/cannot stop the agent: it is stopped/);
    await h.agent.startPlanned(run, inWorker(1));
    expect(h.agent.status().state).toBe('running');
    await h.agent.done;
    expect(h.agent.status().state).toBe('finished');
    await h.close();
  });

  it('refuses another start while one plans and a bad start before any planning; an abort of the planner itself is passed on', async () => {
    const { files } = db();
    const h = await harness(files);
    let plannerCalls = 0;
    const counted = (signal: AbortSignal) => {
      plannerCalls++;
      return inWorker(1)(signal);
    };
    await expect(h.agent.startPlanned({ ...run, startDate: '2010-01-04' }, counted)).rejects.toThrow(/startDate/);
    await expect(h.agent.startPlanned({ ...run, preset: 'no_such_preset' }, counted)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(plannerCalls).toBe(0);

    const daemon = new AbortController();
    const starting = h.agent.startPlanned({ ...run, days: 250 }, (signal) => planSimDaysInWorker(simConfig, { underlying: 'NIFTY', startDate: run.startDate, days: 250, seed: run.seed }, AbortSignal.any([daemon.signal, signal])));
    const passedOn = expect(starting).rejects.toMatchObject({ name: 'AbortError' });
    const second = h.agent.startPlanned(run, counted);
    await expect(second).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(second).rejects.toThrow(/cannot start the agent: another start is planning its simulated days/);
    expect(() => h.agent.start(run)).toThrow(/another start is planning/);
    expect(plannerCalls).toBe(0);
    daemon.abort();
    await passedOn;
    expect(h.agent.status().state).toBe('stopped');
    expect(h.book.counts()).toEqual({ events: 0, trades: 0, others: 0 });
    await h.close();
  });
});
