import { afterEach, describe, expect, it } from 'vitest';
import { runBacktest } from '../../src/app/commands/run-backtest.js';
import { createSimMarket } from '../../src/sim/market/sim-market.js';
import { harness, rateCards, simConfig, tempDbDir } from './agent-harness.js';

const run = { mode: 'paper' as const, preset: 'nifty_normal', seed: 1, days: 1, startDate: '2026-01-05', simSpeed: Infinity };
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

const stalled = (): { flag: Int32Array; buffer: SharedArrayBuffer; release(): void } => {
  const buffer = new SharedArrayBuffer(4);
  const flag = new Int32Array(buffer);
  Atomics.store(flag, 0, 1);
  return {
    flag,
    buffer,
    release() {
      Atomics.store(flag, 0, 0);
      Atomics.notify(flag, 0);
    },
  };
};

/** The day's last tick: once the agent's time reaches it, the loop has processed every tick (and waits for the commits). */
const day = createSimMarket(simConfig, { underlying: 'NIFTY', startDate: run.startDate, days: 1, seed: run.seed }).columnsForDay(0);
const lastTs = day.ts[day.length - 1];

async function until(predicate: () => boolean): Promise<void> {
  while (!predicate()) await new Promise((r) => setTimeout(r, 5));
}

describe('the tick loop never waits for the writer', () => {
  it('processes a whole trading day while the SQLite writer is stalled, and commits everything once it recovers', async () => {
    const t = tempDbDir();
    cleanups.push(t.cleanup);
    const stall = stalled();
    const h = await harness(t.files, { stall: stall.buffer });
    h.agent.start(run);
    // The day ends (the loop has processed every tick) while not one batch has been committed; the run
    // stays running until its events are committed.
    await until(() => h.agent.status().simTime === lastTs);
    expect(h.agent.status().state).toBe('running');
    expect(h.writer.acked).toBe(0);
    expect(h.writer.pending).toBeGreaterThan(100);
    expect(h.agent.status().today.trades).toBeGreaterThan(10);
    stall.release();
    await h.agent.done;
    expect(h.agent.status().state).toBe('finished');
    expect(h.writer.pending).toBe(0);
    const backtest = runBacktest({ simConfig, rateCards }, { days: 1, seed: 1, preset: 'nifty_normal', startDate: '2026-01-05' });
    expect(h.book.closedTrades().map((x) => x.tradeId)).toEqual(backtest.trades.map((x) => x.id));
    await h.close();
  });

  it('when the queue is full, pauses entries and never drops a trade event (other events are dropped and counted)', async () => {
    const t = tempDbDir();
    cleanups.push(t.cleanup);
    const stall = stalled();
    const h = await harness(t.files, { stall: stall.buffer, capacity: 40 });
    h.agent.start(run);
    await until(() => h.agent.status().simTime === lastTs);
    const status = h.agent.status();
    expect(h.writer.acked).toBe(0);
    // Entries stopped once the queue filled; the exits of open positions still went through the queue.
    expect(status.tradingState).toBe('reducing');
    expect(h.writer.pending).toBeGreaterThanOrEqual(40);
    expect(h.writer.droppedNonTrade).toBeGreaterThan(0);
    expect(h.logs.some((l) => l.level === 'warn' && l.message.startsWith('event queue full'))).toBe(true);
    stall.release();
    await h.agent.done;
    expect(h.agent.status().state).toBe('finished');
    expect(h.writer.pending).toBe(0);
    // Every fill the kernel produced is in the book, and every trade that opened also closed.
    const fills = h.book.events();
    const trades = h.book.closedTrades();
    expect(trades.length).toBe(status.today.trades);
    expect(h.book.openTrades()).toEqual([]);
    for (const tr of trades) {
      const f = fills.filter((x) => x.tradeId === tr.tradeId);
      expect(f[0]!.kind).toBe('ENTRY');
      expect(f[f.length - 1]!.kind).toBe('EXIT');
    }
    await h.close();
  });
});
