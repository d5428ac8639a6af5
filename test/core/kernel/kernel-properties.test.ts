import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { KernelEvent } from '../../../src/core/model/events.js';
import type { Tick } from '../../../src/core/model/tick.js';
import { CE, INDEX, PE, at, tick } from '../../fixtures/mini-market.js';
import { feed, session } from './harness.js';

/** A random walk of CE/PE ticks (with index ticks) from a seed-like list of steps. */
function walk(steps: readonly { side: 0 | 1 | 2; move: number; dt: number }[], t0: number, optionStep = 5): Tick[] {
  const ticks: Tick[] = [tick(t0, INDEX, 2_600_000)];
  const price = [2_600_000, 10_000, 10_000];
  let ts = t0;
  for (const s of steps) {
    ts += s.dt;
    const scale = s.side === 0 ? 100 : optionStep;
    price[s.side] = Math.max(s.side === 0 ? 2_500_000 : 50, price[s.side]! + s.move * scale);
    ticks.push(tick(ts, s.side === 0 ? INDEX : s.side === 1 ? CE : PE, price[s.side]!));
  }
  return ticks;
}

const stepArb = fc.record({
  side: fc.constantFrom<0 | 1 | 2>(0, 1, 1, 2, 2),
  move: fc.integer({ min: -8, max: 8 }),
  dt: fc.integer({ min: 50, max: 4_000 }),
});

describe('stop-loss properties', () => {
  it('a long position’s stop never moves down and never sits above the price that set it', () => {
    let stopMoves = 0;
    fc.assert(
      fc.property(
        fc.array(stepArb, { minLength: 20, maxLength: 400 }),
        fc.boolean(),
        fc.constantFrom(0, 1, 3),
        (steps, staged, winStreakWide) => {
          // Calls only and no flips, so positions live long enough for the ladder to work.
          const s = session({
            trailStaged: staged,
            winStreakWideTrail: Math.max(1, winStreakWide),
            tradeMaxDurationMs: 20_000,
            tradeMode: 'CE',
            minFlipHoldMs: 600_000,
          });
          let lastTrade = '';
          let lastStop = 0;
          for (const t of walk(steps, at('09:30'), 10)) {
            s.step(t);
            const pos = s.kernel.status().position;
            if (pos === null || pos.qty === 0) continue;
            if (pos.tradeId !== lastTrade) {
              lastTrade = pos.tradeId;
              lastStop = pos.stop;
              continue;
            }
            expect(pos.stop).toBeGreaterThanOrEqual(lastStop);
            if (pos.stop !== lastStop) {
              stopMoves++;
              if (t.instrument !== INDEX) expect(pos.stop).toBeLessThanOrEqual(t.ltp);
            }
            lastStop = pos.stop;
          }
        },
      ),
      { numRuns: 150 },
    );
    // The property is only meaningful if stops actually moved.
    expect(stopMoves).toBeGreaterThan(50);
  });
});

/** Independent restatement of the entry rules the risk engine must enforce, checked on the event log. */
function checkEntries(events: readonly KernelEvent[], p: { minEntryGapMs: number; maxTradesPerMin: number; cooldownMs: number; flipCooldownMs: number; dailyMaxLoss: number }): void {
  const entries: number[] = [];
  let cooldownUntil = 0;
  let flipUntil = 0;
  let realised = 0;
  let lossHit = false;
  const entryStart = at('09:20');
  const entryEnd = at('15:10');
  for (const e of events) {
    if (e.kind === 'Entry') {
      const ts = e.ts;
      const reEntry = e.context.reEntry;
      expect(lossHit, 'entry after the daily loss limit').toBe(false);
      expect(ts >= entryStart && ts < entryEnd + 1_000, 'entry outside the session window').toBe(true);
      if (!reEntry) expect(ts >= cooldownUntil, 'entry inside the loss cooldown').toBe(true);
      expect(ts >= flipUntil, 'entry inside the flip cooldown').toBe(true);
      const last = entries[entries.length - 1];
      if (last !== undefined && !reEntry) expect(ts - last, 'entry gap').toBeGreaterThanOrEqual(p.minEntryGapMs);
      const inMinute = entries.filter((x) => x > ts - 60_000).length;
      expect(inMinute, 'entries per minute').toBeLessThan(p.maxTradesPerMin);
      entries.push(ts);
    }
    if (e.kind === 'TradeClosed') {
      realised += e.trade.netPnl;
      if (e.trade.exitReason === 'per_trade_max_loss') cooldownUntil = e.ts + p.cooldownMs;
      if (e.trade.exitReason === 'daily_max_loss') lossHit = true;
      if (realised <= -p.dailyMaxLoss * 100) lossHit = true; // rupees → paise
    }
    if (e.kind === 'OrderSubmitted' && (e.reason === 'flip' || e.reason === 'momentum_flip')) flipUntil = e.ts + p.flipCooldownMs;
  }
}

describe('risk properties', () => {
  it('never lets an entry through that a risk rule should deny', () => {
    let entries = 0;
    let denials = 0;
    fc.assert(
      fc.property(
        fc.array(stepArb, { minLength: 50, maxLength: 600 }),
        fc.record({
          minEntryGapMs: fc.integer({ min: 0, max: 20_000 }),
          maxTradesPerMin: fc.integer({ min: 1, max: 6 }),
          cooldownMs: fc.integer({ min: 0, max: 120_000 }),
          flipCooldownMs: fc.integer({ min: 0, max: 60_000 }),
          perTradeMaxLoss: fc.integer({ min: 100, max: 2_000 }),
          dailyMaxLoss: fc.integer({ min: 500, max: 5_000 }),
          reEntryEnabled: fc.boolean(),
        }),
        (steps, p) => {
          const s = session({ ...p, slPoints: 20, tpPoints: 20, minFlipHoldMs: 0 });
          feed(s, walk(steps, at('09:19', 30), 10));
          checkEntries(s.store.events, p);
          entries += s.store.events.filter((e) => e.kind === 'Entry').length;
          denials += s.store.events.filter((e) => e.kind === 'RiskDenied').length;
        },
      ),
      { numRuns: 150 },
    );
    expect(entries).toBeGreaterThan(200);
    expect(denials).toBeGreaterThan(50);
  });
});
