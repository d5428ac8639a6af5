import { afterEach, describe, expect, it } from 'vitest';
import { runBacktest } from '../../src/app/commands/run-backtest.js';
import { AgentCommandError } from '../../src/app/runtime/agent-manager.js';
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

/** The same day through the backtester: the service's live wiring must book exactly these trades. */
const backtest = runBacktest({ simConfig, rateCards }, { days: 1, seed: 1, preset: 'nifty_normal', startDate: '2026-01-05' });

describe('agent manager', () => {
  it('books exactly the trades the backtester books for the same day (parity of the live wiring)', async () => {
    const { files } = db();
    const h = await harness(files);
    h.agent.start(run);
    // Before its first tick the agent has no trading date (never an empty one).
    expect(h.agent.status().tradingDate).toBeNull();
    await h.agent.done;
    expect(h.agent.status().state).toBe('finished');
    expect(h.agent.status().tradingDate).toBe('2026-01-05');
    const stored = h.book.closedTrades();
    expect(stored.map((t) => [t.tradeId, t.symbol, t.qty, t.grossPnl, t.charges, t.netPnl, t.exitReason])).toEqual(
      backtest.trades.map((t) => [t.id, t.symbol, t.qty, Math.round(t.grossPnl * 100), Math.round(t.charges * 100), Math.round(t.netPnl * 100), t.exitReason]),
    );
    expect(stored.every((t) => t.preset === 'nifty_normal' && t.paramsVersion === backtest.paramsVersion && t.mode === 'PAPER' && t.source === 'agent')).toBe(true);
    const entry = h.book.events().find((e) => e.kind === 'ENTRY')!;
    const context = JSON.parse(entry.contextJson!) as Record<string, unknown>;
    for (const key of ['regime', 'momentumCount', 'momentumVelocity', 'consecutiveLosses', 'winStreak', 'sessionPnl', 'tradeNumber', 'spread', 'bidAskRatio', 'trailStage', 'highWaterMark', 'maxProfit', 'reEntry', 'preset', 'paramsVersion']) {
      expect(context, key).toHaveProperty(key);
    }
    await h.close();
  });

  it('restores an open position after a restart, manages it again and never books it twice', async () => {
    const { files } = db();
    const firstEntry = backtest.trades[3]!.fills[0]!;
    const h1 = await harness(files);
    h1.agent.start({ ...run, stopAtTs: firstEntry.ts });
    await h1.agent.done;
    const open = h1.agent.status().position;
    expect(open?.tradeId).toBe(backtest.trades[3]!.id);
    await h1.close();

    const h2 = await harness(files);
    h2.agent.start(run);
    expect(h2.agent.status().position).toMatchObject({ tradeId: open!.tradeId, qty: open!.qty, avgEntry: open!.avgEntry });
    expect(h2.logs.some((l) => l.message === 'restored from the book')).toBe(true);
    await h2.agent.done;
    const trades = h2.book.closedTrades();
    expect(new Set(trades.map((t) => t.tradeId)).size).toBe(trades.length);
    const restored = trades.find((t) => t.tradeId === open!.tradeId)!;
    const fills = h2.book.fillsOfTrade(restored.tradeId);
    expect(fills[0]!.kind).toBe('ENTRY');
    expect(fills[fills.length - 1]!.kind).toBe('EXIT');
    // The day's figures after the restart equal those in the book.
    expect(h2.agent.status().today.trades).toBe(trades.length);
    await h2.close();
  });

  it('refuses live mode and a second start', async () => {
    const { files } = db();
    const h = await harness(files);
    expect(() => h.agent.start({ ...run, mode: 'live' })).toThrow(AgentCommandError);
    expect(() => h.agent.start({ ...run, mode: 'live' })).toThrow(/not armed/);
    h.agent.start({ ...run, simSpeed: 1 });
    expect(() => h.agent.start(run)).toThrow(/cannot start the agent: it is running/);
    await h.agent.stop(false);
    await h.close();
  });

  it('kill halts the agent and the halt survives a restart until a human resumes', async () => {
    const { files } = db();
    const h1 = await harness(files);
    h1.agent.start({ ...run, simSpeed: 1 });
    h1.agent.kill();
    expect(h1.agent.status()).toMatchObject({ state: 'killed', tradingState: 'halted' });
    await h1.agent.stop(false);
    await h1.close();
    const h2 = await harness(files);
    h2.agent.start({ ...run, simSpeed: 1 });
    expect(h2.agent.status()).toMatchObject({ state: 'killed', tradingState: 'halted' });
    h2.agent.resume();
    expect(h2.agent.status()).toMatchObject({ state: 'running', tradingState: 'active' });
    await h2.agent.stop(false);
    await h2.close();
  });

  it('stop with flatten keeps the feed running until the exit has filled, then stops', async () => {
    const { files } = db();
    const entry = backtest.trades[5]!.fills[0]!;
    const h1 = await harness(files);
    h1.agent.start({ ...run, stopAtTs: entry.ts });
    await h1.agent.done;
    await h1.close();
    const h2 = await harness(files);
    h2.agent.start(run);
    expect(h2.agent.status().position?.tradeId).toBe(backtest.trades[5]!.id);
    await h2.agent.stop(true);
    expect(h2.agent.status()).toMatchObject({ state: 'stopped', position: null });
    const closed = h2.book.closedTrade(backtest.trades[5]!.id)!;
    expect(closed.exitReason).toBe('stop');
    expect(h2.book.openTrades()).toEqual([]);
    // It stopped right after the exit: nothing later in the day was traded.
    expect(h2.book.closedTrades().length).toBe(6);
    await h2.close();
  });

  it('pause stops entries but keeps managing exits', async () => {
    const { files } = db();
    const h = await harness(files);
    const entry = backtest.trades[5]!.fills[0]!;
    h.agent.start({ ...run, stopAtTs: entry.ts });
    await h.agent.done;
    expect(h.agent.status().position).not.toBeNull();
    await h.close();
    const h2 = await harness(files);
    h2.agent.start(run);
    h2.agent.pause();
    expect(h2.agent.status().tradingState).toBe('reducing');
    await h2.agent.done;
    // Paused for the rest of the day: the restored position was managed to its exit and nothing new was entered.
    const trades = h2.book.closedTrades();
    expect(trades[trades.length - 1]!.tradeId).toBe(backtest.trades[5]!.id);
    expect(h2.book.openTrades()).toEqual([]);
    await h2.close();
  });
});
