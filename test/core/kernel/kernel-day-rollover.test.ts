import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { KernelEvent, TradingStateChangedEvent } from '../../../src/core/model/events.js';
import { dateToDayNumber } from '../../../src/core/calendar/exchange-time.js';
import { CE, INDEX, at, tick } from '../../fixtures/mini-market.js';
import { feed, session } from './harness.js';

const DAY1 = '2026-01-05';
const DAY2 = '2026-01-06';

/** Index tick, then a two-tick CE up-streak from `base`: enters on a bare-params session. */
function enter(s: ReturnType<typeof session>, t0: number, base = 10_000): number {
  feed(s, [tick(t0, INDEX, 2_600_000), tick(t0 + 100, CE, base), tick(t0 + 200, CE, base + 5), tick(t0 + 300, CE, base + 10)]);
  return t0 + 300;
}

/** Enters and loses more than the ₹500 daily limit on one trade (stop far away so the daily limit closes it). */
function loseTheDay(s: ReturnType<typeof session>, date: string): void {
  const t = enter(s, at('10:00', 0, date));
  feed(s, [tick(t + 1_000, CE, 9_550), tick(t + 2_000, CE, 9_540)]);
}

const limitParams = { dailyMaxLoss: 500, perTradeMaxLoss: 100_000, slPoints: 50, tpPoints: 60, trailingEnabled: false, lossLimitSlippageTicks: 0 };

const stateChanges = (events: readonly KernelEvent[]): [string, string][] =>
  events.filter((e): e is TradingStateChangedEvent => e.kind === 'TradingStateChanged').map((e) => [e.state, e.reason]);

describe('the day rollover of risk state', () => {
  it('a daily loss stop blocks entries for the rest of its date only', () => {
    const s = session(limitParams);
    loseTheDay(s, DAY1);
    expect(s.store.trades.map((t) => t.exitReason)).toEqual(['daily_max_loss']);
    expect(s.kernel.status().tradingState).toBe('reducing');
    enter(s, at('11:00', 0, DAY1), 9_800);
    expect(s.store.trades).toHaveLength(1);
    expect(s.kernel.status().position).toBeNull();
    // The first tick of the next exchange trading date starts a new risk day: entries are allowed again.
    const t = enter(s, at('09:20', 0, DAY2), 9_800);
    expect(s.kernel.status().tradingState).toBe('active');
    expect(s.kernel.status().lossLimitHit).toBe(false);
    expect(s.kernel.status().position?.tradeId).toBe(`${DAY2}#1`);
    expect(stateChanges(s.store.events)).toEqual([
      ['reducing', 'daily max loss'],
      ['active', 'new trading date'],
    ]);
    expect(s.store.events.some((e) => e.kind === 'Entry' && e.ts > t)).toBe(false);
  });

  it('a kill holds across dates until a human resumes', () => {
    const s = session(limitParams);
    feed(s, [tick(at('10:00', 0, DAY1), INDEX, 2_600_000)]);
    s.kernel.kill(at('10:00', 1, DAY1));
    enter(s, at('09:20', 0, DAY2));
    expect(s.kernel.status().tradingState).toBe('halted');
    expect(s.kernel.status().position).toBeNull();
    s.kernel.resume(at('09:30', 0, DAY2));
    enter(s, at('09:31', 0, DAY2), 10_100);
    expect(s.kernel.status().position).not.toBeNull();
  });

  it('a trader’s pause holds across dates; a resume on a limit-hit day leaves entries blocked by the limit', () => {
    const s = session(limitParams);
    loseTheDay(s, DAY1);
    s.kernel.pauseEntries(at('12:00', 0, DAY1), 'paused by the trader');
    enter(s, at('09:20', 0, DAY2));
    expect(s.kernel.status().tradingState).toBe('reducing');
    expect(s.kernel.status().position).toBeNull();
    s.kernel.resume(at('09:30', 0, DAY2));
    expect(s.kernel.status().tradingState).toBe('active');
    loseTheDay(s, '2026-01-07');
    s.kernel.resume(at('12:00', 0, '2026-01-07'));
    expect(s.kernel.status().tradingState).toBe('reducing');
    expect(s.kernel.status().pausedReason).toBeNull();
  });

  it('after a restart mid-day the loss stop holds for that date and lapses at the next', () => {
    const first = session(limitParams);
    loseTheDay(first, DAY1);
    const risk = first.kernel.riskSnapshot();
    expect(risk.lossLimitHit).toBe(true);
    // Restart on the same date: the runtime restores the date's risk and the trader's command (active).
    const again = session(limitParams);
    again.kernel.restore({ risk, tradingState: 'active', tradeSeq: 1, eventSeq: 10, position: null });
    expect(again.kernel.status().tradingState).toBe('reducing');
    enter(again, at('13:00', 0, DAY1), 9_900);
    expect(again.kernel.status().position).toBeNull();
    // Restart after the date: the first tick of the next date clears it.
    const later = session(limitParams);
    later.kernel.restore({ risk, tradingState: 'active', tradeSeq: 1, eventSeq: 10, position: null });
    enter(later, at('09:20', 0, DAY2), 9_900);
    expect(later.kernel.status().tradingState).toBe('active');
    expect(later.kernel.status().position?.tradeId).toBe(`${DAY2}#1`);
  });

  it('opens no entry window on an exchange holiday, and trades again the next trading day', () => {
    const holiday = dateToDayNumber('2026-01-15');
    const s = session({}, { isTradingDay: (day) => day !== holiday });
    enter(s, at('10:00', 0, '2026-01-15'));
    expect(s.kernel.status().position).toBeNull();
    expect(s.store.events.some((e) => e.kind === 'RiskDenied' && e.reason === 'outside entry window')).toBe(true);
    enter(s, at('10:00', 0, '2026-01-16'));
    expect(s.kernel.status().position).not.toBeNull();
  });

  it('property: after the first tick of a new date the state is active unless killed or paused', () => {
    type Step = { kind: 'lose' } | { kind: 'kill' } | { kind: 'pause' } | { kind: 'resume' } | { kind: 'next' };
    const step = fc.oneof(
      fc.constant<Step>({ kind: 'lose' }),
      fc.constant<Step>({ kind: 'kill' }),
      fc.constant<Step>({ kind: 'pause' }),
      fc.constant<Step>({ kind: 'resume' }),
      fc.constant<Step>({ kind: 'next' }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 12 }), (steps) => {
        const s = session(limitParams);
        let day = 5;
        let minute = 0;
        let killed = false;
        let paused = false;
        const date = (): string => `2026-01-${String(day).padStart(2, '0')}`;
        feed(s, [tick(at('09:16', 0, date()), INDEX, 2_600_000)]);
        for (const st of steps) {
          minute += 10;
          const ts = at('10:00', minute * 60, date());
          if (st.kind === 'lose') loseTheDay(s, date());
          else if (st.kind === 'kill') {
            s.kernel.kill(ts);
            killed = true;
          } else if (st.kind === 'pause') {
            s.kernel.pauseEntries(ts, 'trader');
            paused = true;
          } else if (st.kind === 'resume') {
            s.kernel.resume(ts);
            killed = false;
            paused = false;
          } else {
            day += 1;
            minute = 0;
            feed(s, [tick(at('09:16', 0, date()), INDEX, 2_600_000)]);
            const want = killed ? 'halted' : paused ? 'reducing' : 'active';
            if (s.kernel.status().tradingState !== want) return false;
            if (s.kernel.status().lossLimitHit) return false;
          }
          if (day > 9) break;
        }
        return true;
      }),
      { numRuns: 200 },
    );
  });
});
