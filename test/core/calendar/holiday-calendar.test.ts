/** config/exchange-holidays.json: the shipped file covers 2016–2026 with a source per year, and every bad edit names its field and rule. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseHolidayFile, tradingDaysOf } from '../../../src/core/calendar/holiday-calendar.js';
import { weekdayOfDate } from '../../../src/core/calendar/trading-days.js';

const raw = (): Record<string, unknown> => JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../config/exchange-holidays.json'), 'utf8')) as Record<string, unknown>;
type Year = { year: number; confirmed: boolean; source: string; holidays: { date: string; name: string }[] };
const years = (f: Record<string, unknown>): Year[] => (f.calendars as { years: Year[] }[])[0]!.years;

describe('the shipped holiday file', () => {
  const file = parseHolidayFile(raw());
  const list = file.calendars[0]!.years;

  it('lists every year 2016–2026, each with a source and 12–17 weekday closures', () => {
    expect(list.map((y) => y.year)).toEqual([2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026]);
    for (const y of list) {
      expect(y.source.length, String(y.year)).toBeGreaterThan(30);
      expect(y.holidays.length, String(y.year)).toBeGreaterThanOrEqual(12);
      expect(y.holidays.length, String(y.year)).toBeLessThanOrEqual(17);
      for (const h of y.holidays) expect([1, 2, 3, 4, 5]).toContain(weekdayOfDate(h.date));
    }
  });

  it('includes the unscheduled closures (elections, 2024-01-22) and the moved Bakri Id of 2023', () => {
    const nse = tradingDaysOf(file, 'NSE');
    for (const date of ['2019-04-29', '2019-10-21', '2024-01-22', '2024-05-20', '2024-11-20', '2026-01-15', '2023-06-29']) expect(nse.isTradingDate(date), date).toBe(false);
    expect(nse.isTradingDate('2023-06-28')).toBe(true);
    // 2017-02-21 (Mumbai civic polls) was a settlement holiday only.
    expect(nse.isTradingDate('2017-02-21')).toBe(true);
  });

  it('serves NSE, NFO, BSE and BFO from one list, and names a missing exchange', () => {
    expect(tradingDaysOf(file, 'BFO').isTradingDate('2025-10-21')).toBe(false);
    expect(() => tradingDaysOf(file, 'CBOE')).toThrow(/no holiday calendar for exchange CBOE; the file has NSE, NFO, BSE, BFO/);
  });

  it('has no holidays in years it does not list (weekdays only)', () => {
    expect(tradingDaysOf(file, 'NSE').isTradingDate('2027-01-26')).toBe(true);
  });
});

describe('parseHolidayFile errors name the field and the rule', () => {
  const cases: [string, (f: Record<string, unknown>) => void, RegExp][] = [
    ['a weekend holiday', (f) => years(f)[0]!.holidays.push({ date: '2016-12-25', name: 'Christmas' }), /calendars\[0\]\.years\[0\]\.holidays\[15\]\.date: falls on a weekend/],
    ['a date in another year', (f) => (years(f)[1]!.holidays[0]!.date = '2016-01-26'), /years\[1\]\.holidays\[0\]\.date: must fall in 2017/],
    ['dates out of order', (f) => (years(f)[2]!.holidays[1]!.date = '2018-01-25'), /years\[2\]\.holidays\[1\]\.date: must be after 2018-01-26/],
    ['an impossible date', (f) => (years(f)[0]!.holidays[0]!.date = '2016-02-30'), /holidays\[0\]\.date: must be a real date/],
    ['years out of order', (f) => (years(f)[3]!.year = 2017), /years\[3\]\.year: must be after 2018/],
    ['a year without a source', (f) => delete (years(f)[4] as Partial<Year>).source, /years\[4\]\.source: /],
    ['a year without confirmed', (f) => delete (years(f)[4] as Partial<Year>).confirmed, /years\[4\]\.confirmed: /],
    ['an unknown key', (f) => ((years(f)[0] as unknown as Record<string, unknown>).holiday = []), /years\[0\]: .*holiday/],
    ['an exchange in two calendars', (f) => (f.calendars as unknown[]).push({ name: 'x', exchanges: ['BSE'], years: [{ year: 2020, confirmed: true, source: 's', holidays: [] }] }), /calendars\[1\]\.exchanges\[0\]: BSE is already in an earlier calendar/],
    ['a wrong version', (f) => (f.version = 2), /version: /],
  ];
  for (const [name, edit, message] of cases) {
    it(name, () => {
      const f = raw();
      edit(f);
      expect(() => parseHolidayFile(f)).toThrow(message);
    });
  }
});
