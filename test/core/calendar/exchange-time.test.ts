import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  dateToDayNumber,
  dayNumberToDate,
  epochOfLocal,
  minuteOfDay,
  parseHhMm,
  tradingDate,
  weekday,
} from '../../../src/core/calendar/exchange-time.js';

const IST = 330;

describe('exchange time', () => {
  it('agrees with the platform calendar on every day (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -100_000, max: 100_000 }), (day) => {
        const iso = new Date(day * 86_400_000).toISOString().slice(0, 10);
        expect(dayNumberToDate(day)).toBe(iso);
        expect(dateToDayNumber(iso)).toBe(day);
      }),
    );
  });

  it('uses IST (+05:30) for the trading date, time of day and weekday', () => {
    const ts = Date.UTC(2026, 0, 5, 18, 29, 59); // 23:59:59 IST on Monday 5 Jan
    expect(tradingDate(ts, IST)).toBe('2026-01-05');
    expect(tradingDate(ts + 1000, IST)).toBe('2026-01-06');
    expect(minuteOfDay(ts, IST)).toBe(23 * 60 + 59);
    expect(weekday(ts, IST)).toBe(1);
    expect(epochOfLocal('2026-01-05', 9 * 60 + 15, IST)).toBe(Date.UTC(2026, 0, 5, 3, 45));
  });

  it('refuses malformed dates and times with the rule', () => {
    expect(() => dateToDayNumber('2026-02-30')).toThrow(/invalid date/);
    expect(() => dateToDayNumber('5/1/2026')).toThrow(/YYYY-MM-DD/);
    expect(() => parseHhMm('9:15')).toThrow(/HH:MM/);
    expect(parseHhMm('15:20')).toBe(920);
  });
});
