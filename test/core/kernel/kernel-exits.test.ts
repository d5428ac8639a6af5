import { describe, expect, it } from 'vitest';
import type { TradeFillEvent } from '../../../src/core/model/events.js';
import { CE, INDEX, LOT, at, tick } from '../../fixtures/mini-market.js';
import { feed, session } from './harness.js';

/** Index tick (selects the strikes), then CE ticks 100.00 → 100.05 → 100.10: a two-tick up streak enters. */
function enterCe(s: ReturnType<typeof session>, t0 = at('10:00')): number {
  feed(s, [tick(t0, INDEX, 2_600_000), tick(t0 + 100, CE, 10_000), tick(t0 + 200, CE, 10_005), tick(t0 + 300, CE, 10_010)]);
  return t0 + 300;
}

describe('kernel entries and exits', () => {
  it('enters on momentum, fills BUY at the ask and sets the stop from the fill price', () => {
    const s = session();
    enterCe(s);
    const entry = s.store.events.find((e) => e.kind === 'Entry') as TradeFillEvent;
    expect(entry.price).toBe(10_010); // the tick's ask
    expect(entry.qty).toBe(2 * LOT);
    expect(s.kernel.status().position?.stop).toBe(10_010 - 500);
  });

  it('exits at the stop with a SELL at the bid and books gross = Σ sell − Σ buy exactly', () => {
    const s = session();
    const t = enterCe(s);
    feed(s, [tick(t + 1000, CE, 9_600), tick(t + 2000, CE, 9_505)]);
    expect(s.store.trades).toHaveLength(1);
    const trade = s.store.trades[0]!;
    expect(trade.exitReason).toBe('stop_loss');
    expect(trade.fills.map((f) => [f.action, f.price])).toEqual([
      ['BUY', 10_010],
      ['SELL', 9_500],
    ]);
    expect(trade.grossPnl).toBe((9_500 - 10_010) * 2 * LOT);
    // The fill price is booked, not the stop's trigger price (the original's flaw §15.6).
    expect(trade.exitPrice).toBe(9_500);
  });

  it('walks the staged ladder: lock, trail, tight, then a trail-stop exit', () => {
    const s = session({ accelEnabled: false, breakevenDelayMs: 0 });
    const t = enterCe(s);
    const stops: [number, string][] = [];
    const prices = [10_230, 10_420, 10_700, 10_800, 10_600];
    prices.forEach((price, i) => {
      feed(s, [tick(t + 1000 * (i + 1), CE, price)]);
      const pos = s.kernel.status().position;
      if (pos !== null) stops.push([pos.stop, pos.stage]);
    });
    expect(stops).toEqual([
      [10_060, 'lock'], // +2.20 ≥ lock trigger 2 → entry + 0.50
      [10_170, 'trail'], // +4.10 ≥ trail trigger 4 → price − 2.50
      [10_550, 'tight'], // +6.90 ≥ tight 6 → price − 1.50
      [10_650, 'tight'],
    ]);
    expect(s.store.trades[0]?.exitReason).toBe('trail_stop');
  });

  it('exits with time_exit for a winner after the maximum duration with weak momentum', () => {
    const s = session({ tradeMaxDurationMs: 60_000, trailingEnabled: false });
    const t = enterCe(s);
    feed(s, [tick(t + 30_000, CE, 10_050), tick(t + 61_000, CE, 10_045)]);
    expect(s.store.trades[0]?.exitReason).toBe('time_exit');
  });

  it('tightens a loser’s stop to price − timeExitTightenPts, never above the price', () => {
    const s = session({ tradeMaxDurationMs: 60_000, trailingEnabled: false });
    const t = enterCe(s);
    feed(s, [tick(t + 61_000, CE, 9_800)]);
    const pos = s.kernel.status().position!;
    expect(pos.stop).toBe(9_700);
    expect(pos.stage).toBe('time_tighten');
    expect(s.store.trades).toHaveLength(0);
  });

  it('flattens at the session flatten time and refuses entries after entryEnd', () => {
    const s = session();
    enterCe(s, at('15:09', 50));
    feed(s, [tick(at('15:20'), INDEX, 2_600_000)]);
    // The exit order waits for the next CE tick to fill.
    feed(s, [tick(at('15:20', 1), CE, 10_020)]);
    expect(s.store.trades[0]?.exitReason).toBe('session_flatten');
    feed(s, [tick(at('15:21'), CE, 10_025), tick(at('15:21', 1), CE, 10_030), tick(at('15:21', 2), CE, 10_035)]);
    expect(s.store.trades).toHaveLength(1);
  });

  it('partial exit is a real fill: it sells whole lots and counts in the trade P&L', () => {
    const s = session({ partialExitEnabled: true, partialExitPts: 1, trailingEnabled: false, entryLots: 2 });
    const t = enterCe(s);
    feed(s, [tick(t + 1000, CE, 10_120), tick(t + 2000, CE, 9_400)]);
    const trade = s.store.trades[0]!;
    expect(trade.fills.map((f) => [f.action, f.qty, f.price, f.purpose])).toEqual([
      ['BUY', 130, 10_010, 'ENTRY'],
      ['SELL', 65, 10_115, 'PARTIAL_EXIT'],
      ['SELL', 65, 9_395, 'EXIT'],
    ]);
    expect(trade.grossPnl).toBe(65 * 10_115 + 65 * 9_395 - 130 * 10_010);
    expect(s.store.events.some((e) => e.kind === 'PartialExit')).toBe(true);
  });

  it('per-trade max loss exits, is never capped, and starts the cooldown', () => {
    const s = session({ perTradeMaxLoss: 300, slPoints: 50, tpPoints: 50, trailingEnabled: false, cooldownMs: 60_000 });
    const t = enterCe(s);
    feed(s, [tick(t + 1000, CE, 9_700), tick(t + 1500, CE, 8_000)]);
    const trade = s.store.trades[0]!;
    expect(trade.exitReason).toBe('per_trade_max_loss');
    expect(trade.grossPnl).toBe((9_695 - 10_010) * 130);
    // A new streak inside the cooldown is refused with a RiskDenied event.
    feed(s, [tick(t + 2000, CE, 8_005), tick(t + 2100, CE, 8_010), tick(t + 2200, CE, 8_015)]);
    expect(s.store.trades).toHaveLength(1);
    expect(s.store.events.filter((e) => e.kind === 'RiskDenied').map((e) => (e as { reason: string }).reason)).toContain('loss cooldown');
  });

  it('daily max loss flattens and stops entries for the rest of the date, net of charges', () => {
    const s = session({ dailyMaxLoss: 500, perTradeMaxLoss: 100_000, slPoints: 50, tpPoints: 50, trailingEnabled: false });
    const t = enterCe(s);
    feed(s, [tick(t + 1000, CE, 9_200), tick(t + 1500, CE, 9_100)]);
    expect(s.store.trades[0]?.exitReason).toBe('daily_max_loss');
    expect(s.kernel.status().tradingState).toBe('reducing');
    feed(s, [tick(t + 5000, CE, 9_105), tick(t + 5100, CE, 9_110), tick(t + 5200, CE, 9_115)]);
    expect(s.store.trades).toHaveLength(1);
    expect(s.store.events.filter((e) => e.kind === 'Entry')).toHaveLength(1);
  });

  it('kill flattens and halts until resumed', () => {
    const s = session();
    const t = enterCe(s);
    s.kernel.kill(t + 10);
    feed(s, [tick(t + 500, CE, 10_000)]);
    expect(s.store.trades[0]?.exitReason).toBe('kill');
    feed(s, [tick(t + 5000, CE, 10_005), tick(t + 5100, CE, 10_010), tick(t + 5200, CE, 10_015)]);
    expect(s.store.trades).toHaveLength(1);
    s.kernel.resume(t + 6000);
    feed(s, [tick(t + 7000, CE, 10_020), tick(t + 7100, CE, 10_025)]);
    expect(s.store.events.filter((e) => e.kind === 'Entry')).toHaveLength(2);
  });
});
