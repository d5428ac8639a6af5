import { describe, expect, it } from 'vitest';
import type { RiskDeniedEvent, TradeFillEvent } from '../../../src/core/model/events.js';
import { CE, INDEX, LOT, at, tick } from '../../fixtures/mini-market.js';
import { feed, session } from './harness.js';

type S = ReturnType<typeof session>;

/** Index tick, then a two-tick CE up-streak from `base`: enters on a bare-params session. */
function enterCe(s: S, t0: number, base = 10_000): number {
  feed(s, [tick(t0, INDEX, 2_600_000), tick(t0 + 100, CE, base), tick(t0 + 200, CE, base + 5), tick(t0 + 300, CE, base + 10)]);
  return t0 + 300;
}

const denials = (s: S): string[] => s.store.events.filter((e): e is RiskDeniedEvent => e.kind === 'RiskDenied').map((e) => e.reason);
const fills = (s: S): TradeFillEvent[] => s.store.events.filter((e): e is TradeFillEvent => ['Entry', 'Average', 'PartialExit', 'Exit'].includes(e.kind));

describe('skipWeekdays', () => {
  it('refuses new entries on a listed weekday and allows them on the others', () => {
    const monday = session({ skipWeekdays: ['MON'] });
    enterCe(monday, at('10:00', 0, '2026-01-05'));
    expect(monday.kernel.status().position).toBeNull();
    expect(denials(monday)).toEqual(['weekday skipped']);
    const tuesday = session({ skipWeekdays: ['MON'] });
    enterCe(tuesday, at('10:00', 0, '2026-01-06'));
    expect(tuesday.kernel.status().position).not.toBeNull();
  });
});

describe('maxTickAgeMs', () => {
  it('refuses entries while the index’s last tick is older than the limit; exits still run', () => {
    const s = session({ maxTickAgeMs: 1_000 });
    const t0 = at('10:00');
    feed(s, [tick(t0, INDEX, 2_600_000), tick(t0 + 2_000, CE, 10_000), tick(t0 + 2_100, CE, 10_005), tick(t0 + 2_200, CE, 10_010)]);
    expect(s.kernel.status().position).toBeNull();
    expect(denials(s)).toEqual(['data stall']);
    // A fresh index tick, and the next up-streak enters.
    feed(s, [tick(t0 + 2_300, INDEX, 2_600_000), tick(t0 + 2_400, CE, 10_015), tick(t0 + 2_500, CE, 10_020)]);
    expect(s.kernel.status().position).not.toBeNull();
    // The index goes quiet; the stop still exits.
    feed(s, [tick(t0 + 9_000, CE, 9_500)]);
    expect(s.store.trades.map((x) => x.exitReason)).toEqual(['stop_loss']);
  });

  it('is off at 0: the same stale index enters', () => {
    const s = session();
    const t0 = at('10:00');
    feed(s, [tick(t0, INDEX, 2_600_000), tick(t0 + 60_000, CE, 10_000), tick(t0 + 60_100, CE, 10_005), tick(t0 + 60_200, CE, 10_010)]);
    expect(s.kernel.status().position).not.toBeNull();
  });
});

describe('signalExitPersistence', () => {
  const down = (s: S, t: number, prices: number[]): void => feed(s, prices.map((p, i) => tick(t + 1_000 * (i + 1), CE, p)));

  it('off: the first reversal at the entry threshold exits', () => {
    const s = session({ minFlipHoldMs: 0 });
    const t = enterCe(s, at('10:00'));
    down(s, t, [10_005, 10_000, 9_995, 9_990, 9_985]);
    expect(s.store.trades.map((x) => [x.exitReason, x.exitPrice])).toEqual([['momentum_flip', 9_995]]);
  });

  it('on: the reversal must pass the threshold plus the hysteresis on N consecutive evaluations', () => {
    const s = session({ minFlipHoldMs: 0, signalExitPersistence: 3, signalExitHysteresisTicks: 1 });
    const t = enterCe(s, at('10:00'));
    // Streak 1, 2 (entry threshold: no exit yet), 3, 4, 5 (≥ 3 on three evaluations: exit).
    down(s, t, [10_005, 10_000, 9_995, 9_990, 9_985]);
    expect(s.store.trades.map((x) => [x.exitReason, x.exitPrice])).toEqual([['momentum_flip', 9_980]]);
  });

  it('on: an evaluation without the reversal starts the count again', () => {
    const s = session({ minFlipHoldMs: 0, signalExitPersistence: 2, signalExitHysteresisTicks: 0 });
    const t = enterCe(s, at('10:00'));
    down(s, t, [10_005, 10_000, 10_005, 10_000, 9_995]);
    // Reversal streaks: 1, 2 (held once), up (reset), 1, 2 (held once): no exit yet.
    expect(s.store.trades).toHaveLength(0);
    down(s, t + 5_000, [9_990]);
    expect(s.store.trades.map((x) => x.exitReason)).toEqual(['momentum_flip']);
  });
});

describe('calibrationGate', () => {
  /** A stop-loss loser entered at `hhmm`. */
  function loser(s: S, hhmm: string): void {
    const t = enterCe(s, at(hhmm));
    feed(s, [tick(t + 1_000, CE, 9_500)]);
  }

  it('after the minimum trades, refuses an entry whose bucket’s posterior P(profit) is below the threshold', () => {
    const s = session({ calibrationGateEnabled: true, calibrationMinTrades: 2, calibrationMinProb: 0.4, consecutiveLossBreaker: 10 });
    loser(s, '10:00');
    loser(s, '10:10');
    expect(s.store.trades).toHaveLength(2);
    // Bucket CE × UNKNOWN × 10h: (0 + 1) / (2 + 2) = 0.25 < 0.4.
    enterCe(s, at('10:20'), 9_600);
    expect(s.kernel.status().position).toBeNull();
    expect(denials(s)).toContain('calibration');
    // Another hour is another bucket: (0 + 1) / (0 + 2) = 0.5 ≥ 0.4.
    enterCe(s, at('11:05'), 9_700);
    expect(s.kernel.status().position).not.toBeNull();
  });

  it('does not apply before the minimum number of closed trades', () => {
    const s = session({ calibrationGateEnabled: true, calibrationMinTrades: 3, calibrationMinProb: 0.4, consecutiveLossBreaker: 10 });
    loser(s, '10:00');
    loser(s, '10:10');
    enterCe(s, at('10:20'), 9_600);
    expect(s.kernel.status().position).not.toBeNull();
  });
});

describe('atrStops', () => {
  /** 16 one-minute candles of high 100.40, low 100.00 (true range 0.40), alternating so no up-streak forms. */
  function warmUp(s: S, start: number): number {
    const ticks = [tick(start, INDEX, 2_600_000)];
    for (let m = 0; m < 16; m++) {
      const t = start + 60_000 * m;
      ticks.push(tick(t + 1_000, CE, 10_000), tick(t + 20_000, CE, 10_040), tick(t + 40_000, CE, 10_000));
    }
    feed(s, ticks);
    return start + 16 * 60_000;
  }

  const params = { atrStopsEnabled: true, atrStopMultiplier: 1.5, atrRewardRatio: 3, entryLots: 4, maxLotsPerStrike: 4, trailingEnabled: false, avgEnabled: false };

  it('sets the stop at ATR × multiplier, sells half at +1R and a quarter at +2R, and the rest at the target', () => {
    const s = session(params);
    const t = warmUp(s, at('09:30'));
    feed(s, [tick(t + 1_000, CE, 10_000), tick(t + 1_100, CE, 10_005), tick(t + 1_200, CE, 10_010)]);
    // ATR 0.40 × 1.5 = 0.60 = R: stop 100.10 − 0.60, target 100.10 + 1.80.
    expect(s.kernel.status().position).toMatchObject({ qty: 4 * LOT, stop: 9_950 });
    feed(s, [tick(t + 2_000, CE, 10_070)]);
    expect(s.kernel.status().position).toMatchObject({ qty: 2 * LOT, stop: 10_010, stage: 'breakeven' });
    feed(s, [tick(t + 3_000, CE, 10_130)]);
    expect(s.kernel.status().position).toMatchObject({ qty: LOT, stop: 10_070, stage: 'lock' });
    feed(s, [tick(t + 4_000, CE, 10_190)]);
    const trade = s.store.trades[0]!;
    expect(trade.exitReason).toBe('take_profit');
    expect(fills(s).map((f) => [f.action, f.qty, f.price, f.reason])).toEqual([
      ['BUY', 4 * LOT, 10_010, 'momentum'],
      ['SELL', 2 * LOT, 10_065, 'r_multiple_1R'],
      ['SELL', LOT, 10_125, 'r_multiple_2R'],
      ['SELL', LOT, 10_185, 'take_profit'],
    ]);
    // Each partial is a real fill in the P&L.
    expect(trade.grossPnl).toBe(2 * LOT * 10_065 + LOT * 10_125 + LOT * 10_185 - 4 * LOT * 10_010);
  });

  it('falls back to the fixed stop while ATR is not ready', () => {
    const s = session(params);
    enterCe(s, at('10:00'));
    expect(s.kernel.status().position).toMatchObject({ stop: 10_010 - 500 });
  });
});

describe('capitalBudgetPct', () => {
  it('sizes lots to what is left of the day’s budget, and refuses an entry no lot fits', () => {
    // ₹1,00,000 × 10% = ₹10,000; a lot at ₹100.10 costs ₹6,506.50: one lot fits, not the two asked for.
    const s = session({ capitalBudgetPct: 10, accountCapital: 100_000 });
    enterCe(s, at('10:00'));
    expect(s.kernel.status().position?.qty).toBe(LOT);
    const poor = session({ capitalBudgetPct: 5, accountCapital: 100_000 });
    enterCe(poor, at('10:00'));
    expect(poor.kernel.status().position).toBeNull();
    expect(denials(poor)).toEqual(['capital budget']);
  });

  it('when the day’s losses have used 30% of the budget, an open winner sells 30% (whole lots)', () => {
    const s = session({ capitalBudgetPct: 10, accountCapital: 100_000, slPoints: 50, tpPoints: 60, perTradeMaxLoss: 100_000, trailingEnabled: false, avgEnabled: false });
    const t = enterCe(s, at('10:00'));
    feed(s, [tick(t + 1_000, CE, 4_600)]);
    // Lost (100.10 − 45.95) × 65 = ₹3,519.75: 35% of ₹10,000.
    expect(s.store.trades[0]!.netPnl).toBe(-(10_010 - 4_595) * LOT);
    const t2 = enterCe(s, at('10:10'), 4_600);
    // Left: ₹6,480.25, a lot at ₹46.10 costs ₹2,996.50: two lots.
    expect(s.kernel.status().position?.qty).toBe(2 * LOT);
    feed(s, [tick(t2 + 1_000, CE, 4_650)]);
    expect(fills(s).at(-1)).toMatchObject({ action: 'SELL', qty: LOT, reason: 'budget_stress_30' });
    expect(s.kernel.status().position?.qty).toBe(LOT);
  });
});
