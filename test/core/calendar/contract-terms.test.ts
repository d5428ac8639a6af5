/** Dated contract terms: the lot size and expiry in force on dates either side of every change in the shipped tables, and expiries moved by holidays. */
import { describe, expect, it } from 'vitest';
import { loadSimConfig } from '../../../src/adapters/sim-config-file.js';
import { ContractCalendar, contractSpecOn, contractTermsSchema, type ContractTerms } from '../../../src/core/calendar/contract-terms.js';
import { TradingDays } from '../../../src/core/calendar/trading-days.js';
import { contractCalendarOf } from '../../../src/sim/market/sim-config.js';

const config = loadSimConfig();
const nifty = contractCalendarOf(config, 'NIFTY');
const sensex = contractCalendarOf(config, 'SENSEX');

/** [date, expiry of the nearest contract, its lot size] */
type Case = readonly [string, string, number];

function check(calendar: ContractCalendar, cases: readonly Case[]): void {
  for (const [date, expiry, lot] of cases) {
    const spec = calendar.contractSpecOn(date);
    expect({ date, expiry: spec.expiryDate, lot: spec.lotSize }).toEqual({ date, expiry, lot });
  }
}

describe('NIFTY lot sizes either side of each revision', () => {
  it('75 → 50 with the July 2021 monthly (2021-07-29); the July weeklies kept 75', () => {
    check(nifty, [
      ['2021-07-22', '2021-07-22', 75],
      ['2021-07-23', '2021-07-29', 50],
      ['2021-08-02', '2021-08-05', 50],
    ]);
    expect(nifty.lotSizeForExpiry('2021-07-22')).toBe(75);
    expect(nifty.lotSizeForExpiry('2021-07-29')).toBe(50);
  });

  it('50 → 25 for contracts expiring after 2024-04-25', () => {
    check(nifty, [
      ['2024-04-25', '2024-04-25', 50],
      ['2024-04-26', '2024-05-02', 25],
    ]);
  });

  it('25 → 75: weeklies from 2025-01-02, monthlies from 2025-02-27 (the January 2025 monthly kept 25)', () => {
    check(nifty, [
      ['2024-12-19', '2024-12-19', 25],
      ['2024-12-20', '2024-12-26', 25],
      ['2024-12-27', '2025-01-02', 75],
      ['2025-01-23', '2025-01-23', 75],
      ['2025-01-24', '2025-01-30', 25],
      ['2025-01-31', '2025-02-06', 75],
      ['2025-02-21', '2025-02-27', 75],
    ]);
    expect(nifty.contractSpecOn('2025-01-24')).toMatchObject({ monthly: true, cycle: 'weekly', expiryWeekday: 4 });
  });

  it('75 → 65 from the January 2026 expiries; the 2025-12-30 monthly kept 75', () => {
    check(nifty, [
      ['2025-12-30', '2025-12-30', 75],
      ['2025-12-31', '2026-01-06', 65],
      ['2026-01-05', '2026-01-06', 65],
    ]);
  });
});

describe('NIFTY expiry rules either side of each change', () => {
  it('monthly only (last Thursday) before weekly options were listed on 2019-02-11', () => {
    expect(nifty.contractSpecOn('2019-02-08')).toMatchObject({ expiryDate: '2019-02-28', cycle: 'monthly', monthly: true, lotSize: 75 });
    expect(nifty.contractSpecOn('2019-02-11')).toMatchObject({ expiryDate: '2019-02-14', cycle: 'weekly', monthly: false, expiryWeekday: 4 });
    expect(nifty.contractSpecOn('2018-06-01')).toMatchObject({ expiryDate: '2018-06-28', cycle: 'monthly' });
  });

  it('Thursday → Tuesday for contracts expiring from 2025-09-01', () => {
    expect(nifty.contractSpecOn('2025-08-28')).toMatchObject({ expiryDate: '2025-08-28', expiryWeekday: 4, monthly: true });
    expect(nifty.contractSpecOn('2025-08-29')).toMatchObject({ expiryDate: '2025-09-02', expiryWeekday: 2, monthly: false });
    expect(nifty.nextExpiry('2025-09-24')).toMatchObject({ expiryDate: '2025-09-30', monthly: true });
  });
});

describe('an expiry on a holiday moves to the previous trading day', () => {
  it('weekly Thursday expiries', () => {
    // 2022-04-14 (Mahavir / Ambedkar Jayanti), 2023-06-29 (Bakri Id, moved from the 28th), 2024-04-11 (Id-Ul-Fitr), 2024-08-15.
    expect(nifty.nextExpiry('2022-04-11')).toMatchObject({ expiryDate: '2022-04-13', scheduledDate: '2022-04-14' });
    expect(nifty.nextExpiry('2023-06-26')).toMatchObject({ expiryDate: '2023-06-28', scheduledDate: '2023-06-29', monthly: true });
    expect(nifty.nextExpiry('2024-04-08').expiryDate).toBe('2024-04-10');
    expect(nifty.nextExpiry('2024-08-12').expiryDate).toBe('2024-08-14');
    // The day after the moved expiry looks to the next week.
    expect(nifty.nextExpiry('2022-04-18').expiryDate).toBe('2022-04-21');
  });

  it('monthly-only expiries (last Thursday) in 2017 and 2018', () => {
    // 2017-01-26 (Republic Day) and 2018-03-29 (Mahavir Jayanti) were the month's last Thursdays.
    expect(nifty.contractSpecOn('2017-01-20')).toMatchObject({ expiryDate: '2017-01-25', cycle: 'monthly', lotSize: 75 });
    expect(nifty.contractSpecOn('2018-03-26')).toMatchObject({ expiryDate: '2018-03-28', cycle: 'monthly' });
    expect(nifty.contractSpecOn('2017-01-27')).toMatchObject({ expiryDate: '2017-02-23' });
  });

  it('SENSEX: a Friday and a Thursday holiday', () => {
    // 2024-03-08 (Mahashivratri, Friday) and 2026-01-15 (Maharashtra municipal elections, Thursday).
    expect(sensex.nextExpiry('2024-03-04').expiryDate).toBe('2024-03-07');
    expect(sensex.nextExpiry('2026-01-12').expiryDate).toBe('2026-01-14');
  });
});

describe('SENSEX either side of each change', () => {
  it('the 2023-05-15 relaunch: old contracts expired Friday 2023-05-12 at lot 15, then Friday weeklies at lot 10', () => {
    check(sensex, [
      ['2023-05-08', '2023-05-12', 15],
      ['2023-05-15', '2023-05-19', 10],
    ]);
    expect(sensex.contractSpecOn('2023-05-22')).toMatchObject({ expiryDate: '2023-05-26', monthly: true, expiryWeekday: 5 });
  });

  it('Friday → Tuesday after the 2025-01-03 weekly; lot 10 → 20 (the January 2025 monthly kept 10)', () => {
    check(sensex, [
      ['2024-12-30', '2025-01-03', 10],
      ['2025-01-06', '2025-01-07', 20],
      ['2025-01-22', '2025-01-28', 10],
      ['2025-01-29', '2025-02-04', 20],
      ['2025-02-19', '2025-02-25', 20],
    ]);
  });

  it('Tuesday → Thursday for contracts expiring from 2025-09-01', () => {
    expect(sensex.contractSpecOn('2025-08-26')).toMatchObject({ expiryDate: '2025-08-26', expiryWeekday: 2, monthly: true });
    expect(sensex.contractSpecOn('2025-08-27')).toMatchObject({ expiryDate: '2025-09-04', expiryWeekday: 4 });
  });

  it('pre-relaunch rows are marked unconfirmed in the answer', () => {
    expect(sensex.contractSpecOn('2020-06-01').confirmed).toBe(false);
    expect(sensex.contractSpecOn('2024-06-03').confirmed).toBe(true);
  });
});

describe('lookups', () => {
  it('contractSpecOn finds the underlying by symbol', () => {
    const calendars = new Map([
      ['NIFTY', nifty],
      ['SENSEX', sensex],
    ]);
    expect(contractSpecOn(calendars, 'NIFTY', '2022-06-15')).toMatchObject({ expiryDate: '2022-06-16', lotSize: 50, cycle: 'weekly' });
    expect(() => contractSpecOn(calendars, 'BANKNIFTY', '2022-06-15')).toThrow(/no contract terms for BANKNIFTY; known: NIFTY, SENSEX/);
  });

  it('refuses a date before the tables, naming the first date', () => {
    expect(() => nifty.contractSpecOn('2015-12-31')).toThrow(/NIFTY: no contract terms before 2016-01-01/);
    expect(() => nifty.lotSizeForExpiry('2015-12-31')).toThrow(RangeError);
  });

  it('classifies an expiry off the schedule by whether a scheduled one follows in its month', () => {
    expect(nifty.isMonthlyExpiry('2025-01-30')).toBe(true);
    expect(nifty.isMonthlyExpiry('2025-01-23')).toBe(false);
    // A Friday 2025-01-31 is not a NIFTY expiry, and no NIFTY expiry follows in January.
    expect(nifty.isMonthlyExpiry('2025-01-31')).toBe(true);
    expect(nifty.lotSizeForExpiry('2025-01-31')).toBe(25);
  });

  it("applies 'trading' rules from their date and 'expiries' rules to later expiries", () => {
    const terms: ContractTerms = contractTermsSchema.parse({
      lotSizes: [{ firstExpiry: '2020-01-01', lotSize: 10, confirmed: true, source: 'test' }],
      expiries: [
        { from: '2020-01-01', applies: 'trading', cycle: 'weekly', weekday: 4, confirmed: true, source: 'test' },
        { from: '2020-01-13', applies: 'trading', cycle: 'weekly', weekday: 1, confirmed: true, source: 'test' },
        { from: '2020-02-01', applies: 'expiries', cycle: 'weekly', weekday: 3, confirmed: true, source: 'test' },
      ],
    });
    const cal = new ContractCalendar('X', terms, new TradingDays());
    // Before the Monday rule is listed, the Thursday of its week still applies.
    expect(cal.nextExpiry('2020-01-10').expiryDate).toBe('2020-01-16');
    expect(cal.nextExpiry('2020-01-13').expiryDate).toBe('2020-01-13');
    // An 'expiries' rule re-dates contracts already listed before it.
    expect(cal.nextExpiry('2020-01-28').expiryDate).toBe('2020-02-05');
  });
});
