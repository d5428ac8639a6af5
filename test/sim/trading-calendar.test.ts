/** Trading days (weekends and exchange holidays skipped), the simulator's per-date contract, and OpenAlgo option symbols. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dateToDayNumber, dayNumberToDate } from '../../src/core/calendar/exchange-time.js';
import { TradingDays, weekdayOfDate } from '../../src/core/calendar/trading-days.js';
import { contractCalendarOf } from '../../src/sim/market/sim-config.js';
import { dayContract } from '../../src/sim/market/trading-calendar.js';
import { expiryCode, optionSymbol } from '../../src/sim/market/option-symbol.js';
import { loadConfig } from './helpers.js';

const anyDate = fc.integer({ min: dateToDayNumber('2000-01-01'), max: dateToDayNumber('2099-12-31') }).map(dayNumberToDate);
const weekdays = new TradingDays();
const tradingDates = (start: string, count: number): string[] => weekdays.dates(start, count);
const tradingDaysAfter = (from: string, to: string): number => weekdays.sessionsAfter(from, to);
const nifty = contractCalendarOf(loadConfig(), 'NIFTY');
const sensex = contractCalendarOf(loadConfig(), 'SENSEX');

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

describe('exchange trading days', () => {
  const nse = nifty.days;

  it('skip the exchange holidays as well as weekends', () => {
    // Thursday 2022-04-14 (Mahavir/Ambedkar Jayanti) and Friday 2022-04-15 (Good Friday) were closed.
    expect(nse.dates('2022-04-12', 4)).toEqual(['2022-04-12', '2022-04-13', '2022-04-18', '2022-04-19']);
    expect(nse.holidayOn('2022-04-15')).toBe('Good Friday');
    expect(nse.isTradingDate('2022-04-13')).toBe(true);
    expect(nse.isTradingDate('2026-01-15')).toBe(false);
    // A holiday start moves to the next trading day.
    expect(nse.dates('2026-01-26', 1)).toEqual(['2026-01-27']);
  });

  it('never return a holiday or a weekend, over every listed year (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: dateToDayNumber('2016-01-01'), max: dateToDayNumber('2026-12-31') }).map(dayNumberToDate), fc.integer({ min: 1, max: 30 }), (start, count) => {
        const dates = nse.dates(start, count);
        expect(dates).toHaveLength(count);
        for (const d of dates) {
          expect([1, 2, 3, 4, 5]).toContain(weekdayOfDate(d));
          expect(nse.holidayOn(d)).toBeUndefined();
        }
        expect(nse.sessionsAfter(dates[0]!, dates.at(-1)!)).toBe(count - 1);
      }),
    );
  });

  it('count sessions to expiry without holidays', () => {
    // Monday 2022-04-11 to the Wednesday 2022-04-13 expiry: Tuesday and Wednesday.
    expect(nse.sessionsAfter('2022-04-11', '2022-04-13')).toBe(2);
    // Friday 2022-04-08 to Thursday 2022-04-21 skips 14 and 15 April.
    expect(nse.sessionsAfter('2022-04-08', '2022-04-21')).toBe(7);
  });
});

describe("the simulator's contract of each date", () => {
  it('uses the expiry, sessions left and lot size in force on the date', () => {
    expect(dayContract(nifty, '2022-04-11')).toEqual({ expiryDate: '2022-04-13', sessionsAfterToday: 2, lotSize: 50 });
    expect(dayContract(nifty, '2026-01-05')).toEqual({ expiryDate: '2026-01-06', sessionsAfterToday: 1, lotSize: 65 });
    expect(dayContract(nifty, '2025-11-24')).toEqual({ expiryDate: '2025-11-25', sessionsAfterToday: 1, lotSize: 75 });
    expect(dayContract(sensex, '2024-03-04')).toEqual({ expiryDate: '2024-03-07', sessionsAfterToday: 3, lotSize: 10 });
  });

  it('lets a fixed lot size override the table', () => {
    expect(dayContract(nifty, '2022-04-11', 75).lotSize).toBe(75);
  });
});

describe('weekdays-only calendar (no holidays listed)', () => {
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
