/** Time-of-day and weekday breakdowns in exchange time: the IST session, labels, offsets other than IST, argument checks. */
import { describe, expect, it } from 'vitest';
import { byDayOfWeek, byTimeOfDay, hhmm, WEEKDAY_LABELS } from '../../src/analytics/time-breakdowns.js';
import { IST, ist, trade } from './records.js';

describe('byTimeOfDay', () => {
  it('buckets the 09:15–15:30 IST session by the entry time in exchange time, labelled by slot start', () => {
    // 30-minute slots from midnight: 09:15 and 09:29 → "09:00"; 09:30 → "09:30"; 12:59 → "12:30"; 15:29 → "15:00";
    // 15:30 → "15:30". Every exit is at 23:00 on purpose: only the entry time decides the slot.
    // "09:00": nets 100 and −50 (charges 10 each) → 2 trades, 1 win, net 50, gross 70, charges 20, avg 25.
    const at = (id: string, hh: number, mm: number, net: number) =>
      trade({ tradeId: id, entryTs: ist(hh, mm), exitTs: ist(23, 0), net, charges: 10 });
    const book = [at('a', 9, 15, 100), at('b', 9, 29, -50), at('c', 9, 30, 20), at('d', 12, 59, 0), at('e', 15, 29, 7), at('f', 15, 30, -1)];
    const rows = byTimeOfDay(book, 30);
    expect(rows.map((r) => [r.key, r.trades, r.wins, r.netPnl, r.grossPnl, r.charges])).toEqual([
      ['09:00', 2, 1, 50, 70, 20],
      ['09:30', 1, 1, 20, 30, 10],
      ['12:30', 1, 0, 0, 10, 10],
      ['15:00', 1, 1, 7, 17, 10],
      ['15:30', 1, 0, -1, 9, 10],
    ]);
    expect(rows[0]).toMatchObject({ winRate: 0.5, avgNetPnl: 25 });
  });

  it('uses exchange time, not UTC: 09:15 IST is 03:45 UTC', () => {
    expect(byTimeOfDay([trade({ entryTs: ist(9, 15) })], 15).map((r) => r.key)).toEqual(['09:15']);
    expect(new Date(ist(9, 15)).toISOString().slice(11, 16)).toBe('03:45');
  });

  it("uses each record's own offset", () => {
    // The same instant, 04:00 UTC: 09:30 in IST (+330), 04:00 in UTC (0), 23:00 the day before in New York (−300).
    const ts = Date.UTC(2026, 0, 5, 4, 0);
    const book = [
      trade({ tradeId: 'in', entryTs: ts, utcOffsetMin: IST }),
      trade({ tradeId: 'uk', entryTs: ts, utcOffsetMin: 0 }),
      trade({ tradeId: 'us', entryTs: ts, utcOffsetMin: -300 }),
    ];
    expect(byTimeOfDay(book, 60).map((r) => r.key)).toEqual(['04:00', '09:00', '23:00']);
    expect(byDayOfWeek(book).map((r) => r.key)).toEqual(['Mon', 'Sun']);
  });

  it('slots that do not divide the day still start at midnight (45 min: 09:00, 09:45, …)', () => {
    const book = [
      trade({ tradeId: 'a', entryTs: ist(9, 44) }),
      trade({ tradeId: 'b', entryTs: ist(9, 45) }),
      trade({ tradeId: 'c', entryTs: ist(23, 59) }),
    ];
    expect(byTimeOfDay(book, 45).map((r) => r.key)).toEqual(['09:00', '09:45', '23:15']);
    expect(byTimeOfDay(book, 1440).map((r) => [r.key, r.trades])).toEqual([['00:00', 3]]);
  });

  it('is empty with no trades', () => {
    expect(byTimeOfDay([], 30)).toEqual([]);
    expect(byDayOfWeek([])).toEqual([]);
  });

  it.each([0, -30, 7.5, 1441, Number.NaN])('refuses intervalMin %s with a RangeError naming intervalMin', (interval) => {
    expect(() => byTimeOfDay([trade()], interval)).toThrow(RangeError);
    expect(() => byTimeOfDay([trade()], interval)).toThrow(/intervalMin/);
  });

  it('formats HH:MM', () => {
    expect([0, 9 * 60 + 15, 15 * 60 + 30, 23 * 60 + 59].map(hhmm)).toEqual(['00:00', '09:15', '15:30', '23:59']);
  });
});

describe('byDayOfWeek', () => {
  it('labels exchange-local weekdays Mon..Sun and sorts Monday first', () => {
    // 5 Jan 2026 is a Monday: offsets 0..6 are Mon..Sun. Given Sunday first and Wednesday twice.
    const on = (id: string, day: number, net: number) => trade({ tradeId: id, entryTs: ist(10, 0, day), exitTs: ist(10, 5, day), net });
    const rows = byDayOfWeek([on('sun', 6, 5), on('wed1', 2, 10), on('mon', 0, -3), on('wed2', 2, -4), on('sat', 5, 1), on('fri', 4, 2)]);
    expect(rows.map((r) => [r.key, r.trades, r.netPnl])).toEqual([
      ['Mon', 1, -3],
      ['Wed', 2, 6],
      ['Fri', 1, 2],
      ['Sat', 1, 1],
      ['Sun', 1, 5],
    ]);
    expect(WEEKDAY_LABELS).toEqual(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']);
  });

  it('takes the weekday of the entry in exchange time: 00:10 IST Tuesday is still Monday in UTC', () => {
    const ts = ist(0, 10, 1); // Tuesday 00:10 IST = Monday 18:40 UTC
    expect(new Date(ts).getUTCDay()).toBe(1);
    expect(byDayOfWeek([trade({ entryTs: ts, exitTs: ts + 1 })]).map((r) => r.key)).toEqual(['Tue']);
  });

  it('handles entries before 1970 (negative epoch) with the same arithmetic', () => {
    const ts = Date.UTC(1969, 11, 31, 12, 0); // Wednesday
    expect(byDayOfWeek([trade({ entryTs: ts, utcOffsetMin: 0 })]).map((r) => r.key)).toEqual(['Wed']);
    expect(byTimeOfDay([trade({ entryTs: ts, utcOffsetMin: 0 })], 30).map((r) => r.key)).toEqual(['12:00']);
  });
});
