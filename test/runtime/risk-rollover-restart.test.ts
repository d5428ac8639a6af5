import { afterEach, describe, expect, it } from 'vitest';
import { runBacktest } from '../../src/app/commands/run-backtest.js';
import { harness, rateCards, simConfig, tempDbDir } from './agent-harness.js';

/**
 * The reproduction of the leaking daily loss stop: with a ₹2,000 limit the agent traded
 * 9 / 0 / 0 trades over three dates. The limit is per exchange trading date, in the backtester and in
 * the service, across a restart on the day it was hit and across the date boundary.
 */
const overrides = { dailyMaxLoss: 2000 };
const input = { days: 3, seed: 11, preset: 'nifty_expiry', startDate: '2026-01-05', overrides } as const;
const backtest = runBacktest({ simConfig, rateCards }, input);
const byDate = (ids: readonly string[]): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const id of ids) out[id.slice(0, 10)] = (out[id.slice(0, 10)] ?? 0) + 1;
  return out;
};

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

describe('the daily loss limit across dates and restarts', () => {
  it('the backtest trades on all three dates, including the one after a date that hit the limit', () => {
    const counts = byDate(backtest.trades.map((t) => t.id));
    expect(Object.keys(counts)).toEqual(['2026-01-05', '2026-01-06', '2026-01-07']);
    for (const n of Object.values(counts)) expect(n).toBeGreaterThan(5);
    const hit = backtest.trades.find((t) => t.exitReason === 'daily_max_loss')!;
    expect(hit.id.slice(0, 10) < '2026-01-07').toBe(true);
  });

  it('a service restarted on the date the limit was hit keeps it for that date and trades the next', async () => {
    const t = tempDbDir();
    cleanups.push(t.cleanup);
    const hit = backtest.trades.find((x) => x.exitReason === 'daily_max_loss')!;
    const date = hit.id.slice(0, 10);
    const run = { mode: 'paper' as const, preset: input.preset, overrides, seed: input.seed, days: input.days, startDate: input.startDate, simSpeed: Infinity };

    const h1 = await harness(t.files);
    h1.agent.start({ ...run, stopAtTs: hit.exitTs + 60_000 });
    await h1.agent.done;
    expect(h1.agent.status().risk?.lossLimitHit).toBe(true);
    await h1.close();

    const h2 = await harness(t.files);
    h2.agent.start(run);
    // Restored mid-day: the limit still holds for the date it was hit on.
    expect(h2.agent.status()).toMatchObject({ tradingDate: date, tradingState: 'reducing', state: 'running' });
    expect(h2.agent.status().risk?.lossLimitHit).toBe(true);
    await h2.agent.done;
    const stored = h2.book.closedTrades();
    expect(new Set(stored.map((x) => x.tradeId)).size).toBe(stored.length);
    // Up to the limit the book holds exactly the backtest's trades; after the restart nothing more on that date.
    const upToHit = backtest.trades.filter((x) => x.exitTs <= hit.exitTs).map((x) => x.id);
    expect(stored.slice(0, upToHit.length).map((x) => x.tradeId)).toEqual(upToHit);
    expect(stored.filter((x) => x.tradeId.startsWith(date) && x.entryTs > hit.exitTs)).toEqual([]);
    // The next date trades again. (Its trades need not equal the uninterrupted run's: the paper
    // broker's slippage draws start again from the seed after a restart.)
    const next = stored.filter((x) => x.tradeId.slice(0, 10) > date);
    expect(next.length).toBeGreaterThan(5);
    await h2.close();
  });
});
