/** Simulated calendar (weekdays only, weekly expiry weekday) and OpenAlgo option symbols. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dateToDayNumber, dayNumberToDate } from '../../src/core/calendar/exchange-time.js';
import { nextExpiry, tradingDates, tradingDaysAfter, weekdayOfDate } from '../../src/sim/market/trading-calendar.js';
import { expiryCode, optionSymbol } from '../../src/sim/market/option-symbol.js';

const anyDate = fc.integer({ min: dateToDayNumber('2000-01-01'), max: dateToDayNumber('2099-12-31') }).map(dayNumberToDate);

describe('trading dates', () => {
  it('knows the weekday of known dates', () => {
    expect(weekdayOfDate('2025-11-25')).toBe(2);
    expect(weekdayOfDate('2025-11-27')).toBe(4);
    expect(weekdayOfDate('2024-02-29')).toBe(4);
    expect(weekdayOfDate('1970-01-01')).toBe(4);
  });

  it('skips Saturdays and Sundays', () => {
    expect(tradingDates('2025-11-20', 5)).toEqual(['2025-11-20', '2025-11-21', '2025-11-24', '2025-11-25', '2025-11-26']);
    expect(tradingDates('2025-11-22', 1)).toEqual(['2025-11-24']);
  });

  it('returns `count` increasing weekdays without gaps', () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: 1, max: 40 }), (start, count) => {
        const dates = tradingDates(start, count);
        expect(dates).toHaveLength(count);
        for (const d of dates) expect([1, 2, 3, 4, 5]).toContain(weekdayOfDate(d));
        for (let i = 1; i < dates.length; i++) {
          const gap = dateToDayNumber(dates[i]!) - dateToDayNumber(dates[i - 1]!);
          expect(gap === 1 || (gap === 3 && weekdayOfDate(dates[i]!) === 1)).toBe(true);
        }
      }),
    );
  });

  it('rejects a bad count or date', () => {
    expect(() => tradingDates('2025-11-20', 0)).toThrow(RangeError);
    expect(() => tradingDates('2025-02-30', 1)).toThrow(RangeError);
  });
});

describe('weekly expiry', () => {
  it('is the nearest expiry weekday on or after the date', () => {
    expect(nextExpiry('2025-11-24', 2)).toBe('2025-11-25');
    expect(nextExpiry('2025-11-25', 2)).toBe('2025-11-25');
    expect(nextExpiry('2025-11-26', 2)).toBe('2025-12-02');
    expect(nextExpiry('2025-11-26', 4)).toBe('2025-11-27');
    expect(nextExpiry('2025-11-28', 4)).toBe('2025-12-04');
  });

  it('always lands on the weekday within the next 7 days', () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: 1, max: 5 }), (date, wd) => {
        const expiry = nextExpiry(date, wd);
        expect(weekdayOfDate(expiry)).toBe(wd);
        const ahead = dateToDayNumber(expiry) - dateToDayNumber(date);
        expect(ahead).toBeGreaterThanOrEqual(0);
        expect(ahead).toBeLessThan(7);
      }),
    );
  });

  it('counts the sessions left after today', () => {
    expect(tradingDaysAfter('2025-11-25', '2025-11-25')).toBe(0);
    expect(tradingDaysAfter('2025-11-24', '2025-11-25')).toBe(1);
    expect(tradingDaysAfter('2025-11-26', '2025-12-02')).toBe(4);
    expect(tradingDaysAfter('2025-11-21', '2025-11-25')).toBe(2);
  });
});

describe('OpenAlgo option symbols', () => {
  it('formats underlying + DDMMMYY + strike + right', () => {
    expect(expiryCode('2025-11-25')).toBe('25NOV25');
    expect(expiryCode('2026-01-06')).toBe('06JAN26');
    expect(optionSymbol('NIFTY', '2025-11-25', 2_580_000, 'CE')).toBe('NIFTY25NOV2525800CE');
    expect(optionSymbol('SENSEX', '2025-11-27', 8_450_000, 'PE')).toBe('SENSEX27NOV2584500PE');
    expect(optionSymbol('NIFTY', '2024-03-28', 2_080_050, 'CE')).toBe('NIFTY28MAR2420800.5CE');
  });
});
