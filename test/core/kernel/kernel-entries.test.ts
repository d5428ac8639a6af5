import { describe, expect, it } from 'vitest';
import { type Params, withOverrides } from '../../../src/core/params/schema.js';
import { CE, INDEX, LOT, PE, at } from '../../fixtures/mini-market.js';
import { bareParams } from './harness.js';
import { type Tape, denials, entries, held, open, orders, trades, upUntilEntry } from './tape.js';

const reasons = (t: Tape): string[] => denials(t).map((d) => d.reason);
const EXPIRY = '2026-01-06';

/** A fresh two-tick up-streak on `side` (a down tick first breaks any streak): enters under bareParams. */
function enter(t: Tape, side: number): Tape {
  return t.down(side, 1).up(side, 2);
}

/** Enters on `side`, then trades through the 0.5-point stop: a losing trade (needs slPoints 0.5, trailing off). */
function lose(t: Tape, side: number): Tape {
  enter(t, side);
  return t.tick(side, t.price(side) - 100);
}

/** Enters on `side`, then trades through the 0.5-point target: a winning trade (needs tpPoints 0.5, trailing off). */
function win(t: Tape, side: number): Tape {
  enter(t, side);
  return t.tick(side, t.price(side) + 100);
}

/** Quick trades: 0.5-point target and stop, no trailing, so one tick closes a position. */
const quick: Partial<Params> = { tpPoints: 0.5, slPoints: 0.5, trailingEnabled: false };

describe('momentum threshold', () => {
  it('enters only once the up-streak reaches momentumTicks', () => {
    const t = open({ momentumTicks: 4 }).tick(CE, 10_000);
    expect(upUntilEntry(t, CE)).toBe(4);
  });

  /** Two closed CE candles, the second closing higher (so both confirm modes pass), ending on a down tick. */
  function confirmingCandles(t: Tape): Tape {
    return t.tick(CE, 10_000).at(at('10:01')).tick(CE, 10_050).at(at('10:02')).tick(CE, 10_040);
  }

  it.each([
    { momentumTicks: 2, candleMomentumTicks: 4 },
    { momentumTicks: 4, candleMomentumTicks: 2 },
  ])('with candle confirm on the threshold is max(momentumTicks, candleMomentumTicks): %o', (p) => {
    const t = confirmingCandles(open({ ...p, candleConfirmEnabled: true, candleConfirmMode: 'PREV' }));
    expect(upUntilEntry(t, CE)).toBe(4);
  });

  it('with candle confirm off candleMomentumTicks does not raise the threshold', () => {
    const t = confirmingCandles(open({ momentumTicks: 2, candleMomentumTicks: 4 }));
    expect(upUntilEntry(t, CE)).toBe(2);
  });

  it.each([
    { consecutiveLossBreaker: 1, consecutiveLossMomentumBoost: 2, needed: 4 },
    { consecutiveLossBreaker: 1, consecutiveLossMomentumBoost: 0, needed: 2 },
    { consecutiveLossBreaker: 2, consecutiveLossMomentumBoost: 2, needed: 2 },
  ])('adds consecutiveLossMomentumBoost while consecutive losses ≥ the breaker: %o', ({ needed, ...p }) => {
    // A zero breaker cooldown isolates the boost from the breaker's entry pause.
    const t = open({ ...p, consecutiveLossCooldownMs: 0, trailingEnabled: false }).tick(CE, 10_000).up(CE, 2);
    t.tick(CE, 9_000);
    expect(trades(t)[0]?.exitReason).toBe('stop_loss');
    expect(t.s.kernel.status().consecutiveLosses).toBe(1);
    expect(upUntilEntry(t, CE)).toBe(needed);
  });

  it.each([
    { regimeRangingBoost: 2, chop: 12, waitMs: 0, needed: 4, regime: 'RANGING' },
    { regimeRangingBoost: 0, chop: 12, waitMs: 0, needed: 2, regime: 'RANGING' },
    // Fewer than 10 directional ticks in the regime window: no regime yet, no boost.
    { regimeRangingBoost: 2, chop: 4, waitMs: 0, needed: 2, regime: 'UNKNOWN' },
    { regimeRangingBoost: 2, chop: 12, waitMs: 61_000, needed: 2, regime: 'UNKNOWN' },
  ])('adds regimeRangingBoost while the side is RANGING: %o', ({ regimeRangingBoost, chop, waitMs, needed, regime }) => {
    const t = open({ regimeDetectionEnabled: true, regimeRangingBoost }).tick(CE, 10_000).chop(CE, chop).wait(waitMs);
    expect(upUntilEntry(t, CE)).toBe(needed);
    expect(entries(t)[0]?.context.regime).toBe(regime);
  });
});

describe('RANGING boost after regime detection is switched off', () => {
  // The original adds the boost only `if (regimeDetectionEnabled && currentRegime === 'RANGING')`: a runtime
  // switch-off (applyParams) must not leave a stale RANGING that still raises the threshold or feeds regimeTradingMode.
  it('adds no boost once regimeDetectionEnabled is turned off at runtime', () => {
    const t = open({ regimeDetectionEnabled: true, regimeRangingBoost: 2 }).tick(CE, 10_000).chop(CE, 12);
    t.s.kernel.applyParams(withOverrides(bareParams, { regimeDetectionEnabled: false, regimeRangingBoost: 2 }), 'test', t.ts);
    expect(upUntilEntry(t, CE)).toBe(2);
  });

  it('the side is RANGING before the switch-off (the precondition of the test above)', () => {
    const t = open({ regimeDetectionEnabled: true, regimeRangingBoost: 2 }).tick(CE, 10_000).chop(CE, 12);
    expect(t.s.kernel.status().regime.CE).toBe('RANGING');
    expect(upUntilEntry(t, CE)).toBe(4);
  });
});

describe('velocity filter', () => {
  it.each([
    { momentumMinMovePts: 0.15, step: 5, needed: 3 }, // 0.10 after two ticks is too little, 0.15 after three is enough
    { momentumMinMovePts: 0.15, step: 10, needed: 2 },
    { momentumMinMovePts: 0, step: 5, needed: 2 }, // 0 disables it
  ])('the streak must have moved momentumMinMovePts: %o', ({ momentumMinMovePts, step, needed }) => {
    const t = open({ momentumMinMovePts }).tick(CE, 10_000);
    expect(upUntilEntry(t, CE, 12, step)).toBe(needed);
  });
});

describe('no-trade zone', () => {
  const ntz: Partial<Params> = { noTradeZoneEnabled: true, noTradeZoneMinTicks: 5, noTradeZoneRangePts: 2, noTradeZoneWindowMs: 30_000 };

  it('blocks while ≥ noTradeZoneMinTicks directional ticks in the window span less than noTradeZoneRangePts', () => {
    const t = open(ntz).tick(CE, 10_000).chop(CE, 6).up(CE, 2); // 8 directional ticks within 0.10
    expect(entries(t)).toHaveLength(0);
    t.tick(CE, 10_195); // range 1.95: still in the zone
    expect(entries(t)).toHaveLength(0);
    t.tick(CE, 10_200); // range 2.00: out of it
    expect(entries(t)).toHaveLength(1);
  });

  it('does not apply with fewer than noTradeZoneMinTicks directional ticks in the window', () => {
    const aged = open(ntz).tick(CE, 10_000).chop(CE, 6).wait(30_000);
    expect(upUntilEntry(aged, CE)).toBe(2);
    const fewTicks = open({ ...ntz, noTradeZoneMinTicks: 9 }).tick(CE, 10_000).chop(CE, 6);
    expect(upUntilEntry(fewTicks, CE)).toBe(2); // 6 + 2 = 8 directional ticks < 9
  });
});

describe('underlying filter', () => {
  const uf: Partial<Params> = { underlyingFilterEnabled: true, underlyingMomentumTicks: 2 };

  it('a CE entry needs an index up-streak of underlyingMomentumTicks', () => {
    const t = open(uf).tick(CE, 10_000).up(CE, 2);
    expect(entries(t)).toHaveLength(0); // one index tick: no streak
    t.up(INDEX, 1, 100).up(CE, 1);
    expect(entries(t)).toHaveLength(0); // index up 1 < 2
    t.up(INDEX, 1, 100).up(CE, 1);
    expect(entries(t).map((e) => e.side)).toEqual(['CE']);
  });

  it('a PE entry needs an index down-streak; an index up-streak blocks it', () => {
    const t = open(uf).up(INDEX, 3, 100).tick(PE, 10_000).up(PE, 3);
    expect(entries(t)).toHaveLength(0);
    t.down(INDEX, 1, 100).up(PE, 1);
    expect(entries(t)).toHaveLength(0); // index down 1 < 2
    t.down(INDEX, 1, 100).up(PE, 1);
    expect(entries(t).map((e) => e.side)).toEqual(['PE']);
  });
});

describe('candle confirm', () => {
  it('needs two closed 1-minute candles of the side, the last closing higher', () => {
    for (const mode of ['PREV', 'EMA9'] as const) {
      const t = open({ candleConfirmEnabled: true, candleMomentumTicks: 2, candleConfirmMode: mode });
      t.tick(CE, 10_000).up(CE, 3); // streak 3, no closed candle
      t.at(at('10:01')).up(CE, 1); // closes candle 1 (close 100.15)
      expect(entries(t), mode).toHaveLength(0);
      t.at(at('10:02')).up(CE, 1); // closes candle 2 (close 100.20 > 100.15)
      expect(entries(t), mode).toHaveLength(1);
    }
  });

  // One tick per minute, so each close is that tick; the 10:04 tick closes the fourth candle.
  // [100, 110, 90, 95]: last close > previous close, but below EMA9 (seeded with the first close) ≈ 98.68.
  // [100, 90, 110, 105]: last close < previous close, but above EMA9 ≈ 101.32.
  it.each([
    { mode: 'PREV', closes: [10_000, 11_000, 9_000, 9_500], enters: true },
    { mode: 'EMA9', closes: [10_000, 11_000, 9_000, 9_500], enters: false },
    { mode: 'PREV', closes: [10_000, 9_000, 11_000, 10_500], enters: false },
    { mode: 'EMA9', closes: [10_000, 9_000, 11_000, 10_500], enters: true },
  ] as const)('$mode mode on closes $closes: enters = $enters', ({ mode, closes, enters }) => {
    const t = open({ candleConfirmEnabled: true, candleMomentumTicks: 2, candleConfirmMode: mode }).tick(CE, closes[0]);
    closes.slice(1).forEach((c, i) => t.at(at(`10:0${i + 1}`)).tick(CE, c));
    t.at(at('10:04')).tick(CE, closes[3] - 10).up(CE, 2);
    expect(entries(t)).toHaveLength(enters ? 1 : 0);
  });
});

describe('relative strength', () => {
  it('the signal side’s up-count must reach the other side’s + relativeStrengthDiff', () => {
    const t = open({ relativeStrengthEnabled: true, relativeStrengthDiff: 2 });
    t.tick(PE, 10_000).up(PE, 1); // PE up-count 1 (too short to signal)
    t.tick(CE, 10_000);
    expect(upUntilEntry(t, CE)).toBe(3); // 2 < 1 + 2, 3 ≥ 1 + 2
  });

  it('a falling other side counts as zero up-ticks', () => {
    const t = open({ relativeStrengthEnabled: true, relativeStrengthDiff: 2 });
    t.tick(PE, 10_000).up(PE, 1).down(PE, 1);
    t.tick(CE, 10_000);
    expect(upUntilEntry(t, CE)).toBe(2);
  });
});

describe('index bias', () => {
  /** 45 minutes of index ticks every 10 s, each `step` from the last: EMA9 vs EMA21, TPA, RSI, ADX and Supertrend all vote. */
  function trend(overrides: Partial<Params>, step: number): Tape {
    const t = open(overrides, at('09:20'));
    const t0 = t.ts;
    for (let i = 1; i <= 45 * 6; i++) t.at(t0 + i * 10_000).up(INDEX, 1, step);
    return t.tick(CE, 10_000).tick(PE, 10_000);
  }

  it('FILTER in a bull trend: a PE entry is blocked and a CE entry passes', () => {
    const t = trend({ indexBiasMode: 'FILTER' }, 500);
    t.up(PE, 3);
    expect(entries(t)).toHaveLength(0);
    t.up(CE, 2);
    expect(entries(t).map((e) => e.side)).toEqual(['CE']);
  });

  it('with the bias OFF the same PE streak enters', () => {
    const t = trend({ indexBiasMode: 'OFF' }, 500).up(PE, 2);
    expect(entries(t).map((e) => e.side)).toEqual(['PE']);
  });

  it('FILTER in a bear trend: a CE entry is blocked and a PE entry passes', () => {
    const t = trend({ indexBiasMode: 'FILTER' }, -500);
    t.up(CE, 3);
    expect(entries(t)).toHaveLength(0);
    t.up(PE, 2);
    expect(entries(t).map((e) => e.side)).toEqual(['PE']);
  });

  it('STRONG in a bull trend: a PE entry is blocked and a CE entry passes', () => {
    const t = trend({ indexBiasMode: 'STRONG' }, 500);
    t.up(PE, 3);
    expect(entries(t)).toHaveLength(0);
    t.up(CE, 2);
    expect(entries(t).map((e) => e.side)).toEqual(['CE']);
  });

  // Supertrend off leaves at most 4 votes, so a minimum score of 5 makes the same bull trend NEUTRAL.
  const neutral: Partial<Params> = { indexSupertrendEnabled: false, indexBiasMinScore: 5 };

  it('STRONG blocks both sides on a neutral bias, FILTER lets them through', () => {
    const strong = trend({ ...neutral, indexBiasMode: 'STRONG' }, 500).up(CE, 3).up(PE, 3);
    expect(entries(strong)).toHaveLength(0);
    const filter = trend({ ...neutral, indexBiasMode: 'FILTER' }, 500).up(PE, 2);
    expect(entries(filter).map((e) => e.side)).toEqual(['PE']);
  });

  it('STRONG blocks while the index has no closed candles (no votes: neutral)', () => {
    const t = open({ indexBiasMode: 'STRONG' }).tick(CE, 10_000).up(CE, 3);
    expect(entries(t)).toHaveLength(0);
    const off = open({ indexBiasMode: 'OFF' }).tick(CE, 10_000).up(CE, 3);
    expect(entries(off)).toHaveLength(1);
  });
});

describe('spread filter', () => {
  it.each([
    { name: 'absolute', spreadMaxPts: 0.25, spreadMaxPct: 20, ltp: 10_000, wide: 30, narrow: 25 },
    { name: 'relative', spreadMaxPts: 20, spreadMaxPct: 0.5, ltp: 10_000, wide: 55, narrow: 50 },
    // Both limits at once: each one alone refuses.
    { name: 'relative fails, absolute passes', spreadMaxPts: 0.25, spreadMaxPct: 0.5, ltp: 2_000, wide: 15, narrow: 10 },
    { name: 'absolute fails, relative passes', spreadMaxPts: 0.25, spreadMaxPct: 0.5, ltp: 10_000, wide: 30, narrow: 25 },
  ])('$name: spread $wide refused, $narrow accepted', ({ spreadMaxPts, spreadMaxPct, ltp, wide, narrow }) => {
    const t = open({ spreadMaxPts, spreadMaxPct }).tick(CE, ltp - 10, { spread: wide }).up(CE, 2, 5, { spread: wide });
    expect(entries(t)).toHaveLength(0);
    t.up(CE, 1, 5, { spread: narrow });
    expect(entries(t)).toHaveLength(1);
  });

  it('no quote (bid/ask 0) refuses the entry', () => {
    const t = open().tick(CE, 10_000, { bid: 0, ask: 0 }).up(CE, 3, 5, { bid: 0, ask: 0 });
    expect(entries(t)).toHaveLength(0);
    t.up(CE, 1);
    expect(entries(t)).toHaveLength(1);
  });

  it('checks the traded side’s own quote: with reverseTrades a CE signal is gated by the PE quote', () => {
    const t = open({ reverseTrades: true, spreadMaxPts: 0.25 }).tick(PE, 8_000, { spread: 50 }).tick(CE, 10_000).up(CE, 3);
    t.tick(PE, 8_000, { spread: 50 });
    expect(orders(t)).toHaveLength(0); // the CE quote is tight, the PE quote is not
    t.tick(PE, 8_000).up(CE, 1, 5, { spread: 50 }); // now the PE quote is tight and the CE quote wide
    t.tick(PE, 8_000); // the PE order fills on the PE's next tick
    expect(entries(t).map((e) => e.side)).toEqual(['PE']);
  });

  it.each([
    { name: 'absolute', spreadMaxPts: 0.25, spreadMaxPct: 20, over: 40, within: 35 }, // 0.25 × 1.5 = 0.375
    { name: 'relative', spreadMaxPts: 20, spreadMaxPct: 0.5, over: 80, within: 70 }, // 0.5 % × 1.5 = 0.75 %
  ])('$name limit ×expirySpreadMultiplier from 14:00 on expiry day only', ({ spreadMaxPts, spreadMaxPct, over, within }) => {
    const p = { spreadMaxPts, spreadMaxPct, expirySpreadMultiplier: 1.5 };
    const t = open(p, at('13:59', 50, EXPIRY)).tick(CE, 9_990, { spread: within }).up(CE, 2, 5, { spread: within });
    expect(entries(t)).toHaveLength(0); // 13:59: no multiplier yet
    t.at(at('14:00', 0, EXPIRY)).up(CE, 1, 5, { spread: over });
    expect(entries(t)).toHaveLength(0); // beyond even the widened limit
    t.up(CE, 1, 5, { spread: within });
    expect(entries(t)).toHaveLength(1);

    const notExpiry = open(p, at('14:30')).tick(CE, 9_990, { spread: within }).up(CE, 3, 5, { spread: within });
    expect(entries(notExpiry)).toHaveLength(0);
  });
});

describe('order-book imbalance', () => {
  it('needs bidQty / askQty ≥ imbalanceRatio on the traded side', () => {
    const t = open({ imbalanceEnabled: true, imbalanceRatio: 1.8 });
    t.tick(CE, 10_000, { bidQty: 1_100, askQty: 650 }).up(CE, 2, 5, { bidQty: 1_100, askQty: 650 }); // 1.69
    expect(entries(t)).toHaveLength(0);
    t.up(CE, 1, 5, { bidQty: 1_300, askQty: 0 }); // no ask size: unknown ratio
    expect(entries(t)).toHaveLength(0);
    t.up(CE, 1, 5, { bidQty: 1_170, askQty: 650 }); // 1.8
    expect(entries(t)).toHaveLength(1);
  });
});

describe('min move since the side’s last exit', () => {
  it('a new entry needs the premium minMovePts from the side’s last exit fill', () => {
    const t = open({ ...quick, minMovePts: 1 }).tick(CE, 10_000).up(CE, 2).tick(CE, 10_060);
    const exit = trades(t)[0]!;
    expect(exit.exitReason).toBe('take_profit');
    expect(exit.exitPrice).toBe(10_055); // the bid: the distance is measured from here
    t.tick(CE, 10_050).up(CE, 2);
    t.tick(CE, 10_150); // 0.95 from the exit
    expect(entries(t)).toHaveLength(1);
    t.tick(CE, 10_155); // 1.00 from the exit
    expect(entries(t)).toHaveLength(2);
  });

  it('the other side’s exit does not count', () => {
    const t = open({ ...quick, minMovePts: 1 }).tick(CE, 10_000).up(CE, 2).tick(CE, 10_060);
    expect(trades(t)).toHaveLength(1);
    t.tick(PE, 10_050).up(PE, 2);
    expect(entries(t).map((e) => e.side)).toEqual(['CE', 'PE']);
  });
});

describe('trade mode and reversed trades', () => {
  it('tradeMode CE enters calls only', () => {
    const t = open({ tradeMode: 'CE' }).tick(PE, 10_000).up(PE, 3);
    expect(entries(t)).toHaveLength(0);
    t.tick(CE, 10_000).up(CE, 2);
    expect(entries(t).map((e) => e.side)).toEqual(['CE']);
  });

  it('tradeMode PE enters puts only', () => {
    const t = open({ tradeMode: 'PE' }).tick(CE, 10_000).up(CE, 3);
    expect(entries(t)).toHaveLength(0);
    t.tick(PE, 10_000).up(PE, 2);
    expect(entries(t).map((e) => e.side)).toEqual(['PE']);
  });

  // The paper broker fills an order on the next tick of its own instrument: here the PE's.
  it('reverseTrades: a CE signal buys the PE at the PE’s ask, once the PE has a price', () => {
    const t = open({ reverseTrades: true }).tick(CE, 10_000).up(CE, 3);
    t.tick(PE, 8_000);
    expect(orders(t)).toHaveLength(0); // no PE price at the signals
    t.up(CE, 1).tick(PE, 8_000);
    const [e] = entries(t);
    expect([e?.side, e?.instrument, e?.price, e?.reason]).toEqual(['PE', PE, 8_000, 'momentum']);
  });

  it('tradeMode names the traded side when trades are reversed', () => {
    const t = open({ reverseTrades: true, tradeMode: 'PE' }).tick(CE, 10_000).tick(PE, 8_000).up(PE, 3).tick(CE, 10_000);
    expect(orders(t)).toHaveLength(0); // a PE signal would buy the CE
    t.up(CE, 2).tick(PE, 8_015);
    expect(entries(t).map((e) => e.side)).toEqual(['PE']);
  });
});

describe('risk guards', () => {
  it('min entry gap: a second entry waits minEntryGapMs after the previous entry', () => {
    const t = open({ ...quick, minEntryGapMs: 10_000 }).tick(CE, 10_000);
    lose(t, CE);
    const first = entries(t)[0]!.ts;
    enter(t, CE);
    t.at(first + 9_999).up(CE, 1);
    expect(entries(t)).toHaveLength(1);
    expect(reasons(t)).toEqual(['min entry gap']);
    t.at(first + 10_000).up(CE, 1);
    expect(entries(t)).toHaveLength(2);
  });

  it('max trades per minute: at most maxTradesPerMin entries in any rolling 60 s', () => {
    const t = open({ ...quick, maxTradesPerMin: 2 }).tick(CE, 10_000);
    win(t, CE);
    win(t, CE);
    const first = entries(t)[0]!.ts;
    enter(t, CE);
    t.at(first + 59_999).up(CE, 1);
    expect(entries(t)).toHaveLength(2);
    expect(reasons(t)).toEqual(['max trades per minute']);
    t.at(first + 60_000).up(CE, 1);
    expect(entries(t)).toHaveLength(3);
  });

  it('loss breaker: trips once when consecutive losses reach the threshold, pauses entries, re-arms after a win', () => {
    const p = { ...quick, consecutiveLossBreaker: 2, consecutiveLossCooldownMs: 60_000, consecutiveLossMomentumBoost: 0 };
    const t = open(p).tick(CE, 10_000);
    lose(t, CE);
    expect(entries(t)).toHaveLength(1);
    enter(t, CE); // one loss: no pause
    expect(entries(t)).toHaveLength(2);
    t.tick(CE, t.price(CE) - 100); // second loss: the breaker trips
    const tripped = trades(t)[1]!.exitTs;
    expect(t.s.kernel.status().consecutiveLosses).toBe(2);
    enter(t, CE);
    t.at(tripped + 59_999).up(CE, 1);
    expect(entries(t)).toHaveLength(2);
    expect(reasons(t)).toEqual(['loss breaker']);
    t.at(tripped + 60_000).up(CE, 1);
    expect(entries(t)).toHaveLength(3);
    t.tick(CE, t.price(CE) - 100); // a third loss does not trip it again
    expect(t.s.kernel.status().consecutiveLosses).toBe(3);
    win(t, CE);
    expect(entries(t)).toHaveLength(4);
    expect(t.s.kernel.status().consecutiveLosses).toBe(0);
    lose(t, CE);
    lose(t, CE); // two losses after the win: it trips again
    expect(entries(t)).toHaveLength(6);
    enter(t, CE).up(CE, 3);
    expect(entries(t)).toHaveLength(6);
    expect(reasons(t)).toEqual(['loss breaker', 'loss breaker']);
  });

  describe('re-entry after a profitable exit', () => {
    const p = { ...quick, minEntryGapMs: 20_000, reEntryMaxGapMs: 5_000, reEntryWindowMs: 15_000 };

    it('uses the gap min(minEntryGapMs, reEntryMaxGapMs) and is marked as a re-entry', () => {
      const t = open(p).tick(CE, 10_000);
      win(t, CE);
      const first = entries(t)[0]!.ts;
      enter(t, CE);
      t.at(first + 4_999).up(CE, 1);
      expect(entries(t)).toHaveLength(1);
      t.at(first + 5_000).up(CE, 1);
      const second = entries(t)[1];
      expect(second?.context.reEntry).toBe(true);
      expect(second?.reason).toBe('re-entry');
    });

    it.each([
      { name: 'after a losing exit', overrides: {}, trade: lose },
      { name: 'with reEntryEnabled off', overrides: { reEntryEnabled: false }, trade: win },
      { name: 'after reEntryWindowMs', overrides: { reEntryWindowMs: 4_000 }, trade: win },
    ])('is not a re-entry $name: the full minEntryGapMs applies', ({ overrides, trade }) => {
      const t = open({ ...p, ...overrides }).tick(CE, 10_000);
      trade(t, CE);
      const first = entries(t)[0]!.ts;
      enter(t, CE);
      t.at(first + 5_000).up(CE, 1);
      t.at(first + 19_999).up(CE, 1);
      expect(entries(t)).toHaveLength(1);
      t.at(first + 20_000).up(CE, 1);
      expect(entries(t)).toHaveLength(2);
      expect(entries(t)[1]?.context.reEntry).toBe(false);
    });

    it('skips the loss cooldown of a per-trade-max-loss exit', () => {
      const q = { tpPoints: 5, slPoints: 5, trailingEnabled: false, perTradeMaxLoss: 100, cooldownMs: 60_000, reEntryWindowMs: 15_000 };
      const t = open(q).tick(CE, 10_000).up(CE, 2).tick(CE, 10_510); // CE: a winner at the target
      expect(trades(t)[0]?.exitReason).toBe('take_profit');
      t.tick(CE, 10_400);
      t.tick(PE, 10_000).up(PE, 2).tick(PE, 9_900); // PE: a loser past the per-trade max loss (₹100)
      expect(trades(t)[1]?.exitReason).toBe('per_trade_max_loss');
      t.tick(PE, 9_890).up(PE, 2); // PE has no profitable exit: cooling down
      expect(entries(t)).toHaveLength(2);
      expect(reasons(t)).toEqual(['loss cooldown']);
      t.up(CE, 2); // CE is within its re-entry window
      expect(entries(t)).toHaveLength(3);
      expect(entries(t)[2]?.context.reEntry).toBe(true);
    });
  });

  describe('regime trading mode', () => {
    const regime = (mode: Params['regimeTradingMode']): Partial<Params> => ({
      regimeDetectionEnabled: true,
      regimeRangingBoost: 0,
      regimeTradingMode: mode,
    });

    it('trending_only waits for a TRENDING side', () => {
      const t = open(regime('trending_only')).tick(CE, 10_000);
      // 50-paisa up-ticks: the 10th directional tick names the regime TRENDING.
      expect(upUntilEntry(t, CE, 12, 50)).toBe(10);
      expect(entries(t)[0]?.context.regime).toBe('TRENDING');
      expect(reasons(t)).toEqual(['regime not trending']);
    });

    it('trending_only refuses VOLATILE, trending_volatile accepts it', () => {
      for (const [mode, enters] of [
        ['trending_only', false],
        ['trending_volatile', true],
      ] as const) {
        // Swings of ±6 points: a wide range with no direction.
        const t = open(regime(mode)).tick(CE, 10_000).chop(CE, 12, 600).up(CE, 2);
        expect(t.s.kernel.status().regime.CE, mode).toBe('VOLATILE');
        expect(entries(t), mode).toHaveLength(enters ? 1 : 0);
      }
    });

    it('trending_volatile refuses RANGING until the side leaves it', () => {
      const t = open(regime('trending_volatile')).tick(CE, 10_000).chop(CE, 12).up(CE, 2);
      expect(t.s.kernel.status().regime.CE).toBe('RANGING');
      expect(entries(t)).toHaveLength(0);
      expect(reasons(t)).toEqual(['regime ranging']);
      t.up(CE, 1, 600); // a range of 6.10 points with little direction: VOLATILE
      expect(entries(t)).toHaveLength(1);
      expect(entries(t)[0]?.context.regime).toBe('VOLATILE');
    });
  });

  it('entry window: no entries before entryStart or from entryEnd', () => {
    const t = open({ ...quick, entryStart: '10:00', entryEnd: '10:30' }, at('09:59', 59)).tick(CE, 10_000).up(CE, 3);
    expect(entries(t)).toHaveLength(0);
    expect(reasons(t)).toEqual(['outside entry window']);
    t.at(at('10:00')).up(CE, 1);
    expect(entries(t)).toHaveLength(1);
    t.tick(CE, t.price(CE) - 100); // out again
    t.at(at('10:29', 59) + 600).tick(CE, t.price(CE) - 5).up(CE, 2); // qualifies at 10:29:59.800
    expect(entries(t)).toHaveLength(2);
    t.tick(CE, t.price(CE) - 100);
    t.at(at('10:30')).tick(CE, t.price(CE) - 5).up(CE, 3);
    expect(entries(t)).toHaveLength(2);
    expect(reasons(t)).toEqual(['outside entry window', 'outside entry window']);
  });

  it('maxQty caps the position quantity (0 means maxLotsPerStrike × lot size)', () => {
    const capped = open({ maxQty: 2 * LOT - 1 }).tick(CE, 10_000).up(CE, 3);
    expect(entries(capped)).toHaveLength(0);
    expect(reasons(capped)).toEqual(['max quantity']);
    const exact = open({ maxQty: 2 * LOT }).tick(CE, 10_000).up(CE, 2);
    expect(entries(exact).map((e) => e.qty)).toEqual([2 * LOT]);
    const byLots = open({ maxQty: 0, entryLots: 2, maxLotsPerStrike: 2 }).tick(CE, 10_000).up(CE, 2);
    expect(entries(byLots).map((e) => e.qty)).toEqual([2 * LOT]);
  });
});

describe('expiry-day TP/SL profile', () => {
  const p: Partial<Params> = {
    slPoints: 6,
    tpPoints: 10,
    expirySl1400: 5,
    expiryTp1400: 5,
    expirySl1430: 4,
    expiryTp1430: 4,
    expirySl1500: 3,
    expiryTp1500: 3,
    trailingEnabled: false,
  };

  it.each([
    { when: 'expiry day 13:59:59.999', entryTs: at('14:00', 0, EXPIRY) - 1, overrides: {}, stopDistance: 600 },
    { when: 'expiry day 14:00', entryTs: at('14:00', 0, EXPIRY), overrides: {}, stopDistance: 500 },
    { when: 'expiry day 14:29:59.999', entryTs: at('14:30', 0, EXPIRY) - 1, overrides: {}, stopDistance: 500 },
    { when: 'expiry day 14:30', entryTs: at('14:30', 0, EXPIRY), overrides: {}, stopDistance: 400 },
    { when: 'expiry day 14:59:59.999', entryTs: at('15:00', 0, EXPIRY) - 1, overrides: {}, stopDistance: 400 },
    { when: 'expiry day 15:00', entryTs: at('15:00', 0, EXPIRY), overrides: {}, stopDistance: 300 },
    { when: 'the day before expiry 15:00', entryTs: at('15:00'), overrides: {}, stopDistance: 600 },
    { when: 'expiry day 15:00, profile off', entryTs: at('15:00', 0, EXPIRY), overrides: { expiryProfileEnabled: false }, stopDistance: 600 },
  ])('entry on $when: stop $stopDistance paise below the fill', ({ entryTs, overrides, stopDistance }) => {
    const t = open({ ...p, ...overrides }, entryTs - 300).tick(CE, 10_000).up(CE, 2);
    const [e] = entries(t);
    expect(e?.ts).toBe(entryTs);
    expect(held(t)?.stop).toBe(e!.price - stopDistance);
  });

  it('from 15:00 on expiry day the take-profit is expiryTp1500', () => {
    const t = open(p, at('15:00', 0, EXPIRY) - 300).tick(CE, 10_000).up(CE, 2); // fill 100.10
    t.tick(CE, 10_305);
    expect(trades(t)).toHaveLength(0);
    t.tick(CE, 10_310);
    expect(trades(t)[0]?.exitReason).toBe('take_profit');
  });
});

describe('RiskDenied events', () => {
  it('are emitted once per change of reason, not on every refused tick', () => {
    const t = open({ ...quick, minEntryGapMs: 60_000 }).tick(CE, 10_000);
    lose(t, CE);
    enter(t, CE).up(CE, 3); // four refused ticks
    t.s.kernel.pauseEntries(t.ts + 1);
    t.up(CE, 3);
    t.s.kernel.resume(t.ts + 1);
    t.up(CE, 3);
    expect(reasons(t)).toEqual(['min entry gap', 'entries paused', 'min entry gap']);
    expect(denials(t).every((d) => d.side === 'CE')).toBe(true);
  });

  it('a signal refused by an entry filter is not a risk denial', () => {
    const t = open({ spreadMaxPts: 0.25 }).tick(CE, 10_000, { spread: 50 }).up(CE, 4, 5, { spread: 50 });
    expect(entries(t)).toHaveLength(0);
    expect(denials(t)).toHaveLength(0);
    t.up(CE, 1);
    expect(entries(t)).toHaveLength(1);
  });
});
