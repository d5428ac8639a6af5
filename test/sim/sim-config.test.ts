/** config/instruments.json and parseSimConfig: the shipped file parses, and every bad edit names its field and rule. */
import { describe, expect, it } from 'vitest';
import { findUnderlying, parseSimConfig } from '../../src/sim/market/sim-config.js';
import { toMarketSpec } from '../../src/sim/market/market-spec.js';
import { loadConfig, loadHolidays, rawConfig } from './helpers.js';

type Row = Record<string, unknown>;
const contracts = (c: { underlyings: Row[] }, i: number): { lotSizes: Row[]; expiries: Row[] } => c.underlyings[i]!.contracts as { lotSizes: Row[]; expiries: Row[] };

/** A deep copy of the project's config with one edit applied. */
function edited(edit: (c: { underlyings: Record<string, unknown>[] } & Record<string, unknown>) => void): unknown {
  const copy = structuredClone(rawConfig()) as { underlyings: Record<string, unknown>[] } & Record<string, unknown>;
  edit(copy);
  return copy;
}

describe('config/instruments.json', () => {
  it('parses and describes NIFTY and SENSEX', () => {
    const config = loadConfig();
    const nifty = findUnderlying(config, 'NIFTY');
    expect(nifty).toMatchObject({ exchange: 'NSE', optionExchange: 'NFO', utcOffsetMin: 330, strikeStep: 50 });
    expect(nifty.contracts.lotSizes.at(-1)).toMatchObject({ firstExpiry: '2026-01-01', lotSize: 65 });
    expect(nifty.contracts.expiries.at(-1)).toMatchObject({ from: '2025-09-01', cycle: 'weekly', weekday: 2 });
    const sensex = findUnderlying(config, 'SENSEX');
    expect(sensex).toMatchObject({ exchange: 'BSE', optionExchange: 'BFO', utcOffsetMin: 330, strikeStep: 100 });
    expect(sensex.contracts.lotSizes.at(-1)).toMatchObject({ lotSize: 20 });
    expect(sensex.contracts.expiries.at(-1)).toMatchObject({ from: '2025-09-01', cycle: 'weekly', weekday: 4 });
    expect(nifty.source).toMatch(/verify/i);
    expect(config.holidays.calendars[0]!.exchanges).toEqual(['NSE', 'NFO', 'BSE', 'BFO']);
  });

  it('gives every contract row a source, and says which rows are unconfirmed', () => {
    const config = loadConfig();
    for (const u of config.underlyings) {
      for (const row of [...u.contracts.lotSizes, ...u.contracts.expiries]) expect(row.source.length).toBeGreaterThan(40);
    }
    const unconfirmed = config.underlyings.flatMap((u) => [...u.contracts.lotSizes, ...u.contracts.expiries].filter((r) => !r.confirmed).map((r) => `${u.symbol} ${'lotSize' in r ? r.firstExpiry : r.from}`));
    expect(unconfirmed).toEqual(['NIFTY 2016-01-01', 'SENSEX 2016-01-01', 'SENSEX 2016-01-01', 'SENSEX 2018-12-21']);
  });

  it('converts major units to paise for the simulator', () => {
    const spec = toMarketSpec(findUnderlying(loadConfig(), 'NIFTY'));
    expect(spec).toMatchObject({ indexTick: 5, optionTick: 5, strikeStep: 5000, startPrice: 2_580_000, openMinute: 555, closeMinute: 930 });
    expect(spec.sessionMs).toBe(375 * 60_000);
  });

  it('fills riskFreeRate with its default when absent', () => {
    const config = parseSimConfig(
      edited((c) => {
        delete (c.underlyings[0]!.sim as Record<string, unknown>).riskFreeRate;
      }),
      loadHolidays(),
    );
    expect(config.underlyings[0]!.sim.riskFreeRate).toBe(0.065);
  });
});

describe('parseSimConfig errors name the field and the rule', () => {
  const cases: [string, (c: { underlyings: Record<string, unknown>[] } & Record<string, unknown>) => void, RegExp][] = [
    ['negative lot size', (c) => (contracts(c, 0).lotSizes[1]!.lotSize = -5), /underlyings\[0\]\.contracts\.lotSizes\[1\]\.lotSize: .*>0/],
    ['fractional lot size', (c) => (contracts(c, 1).lotSizes[0]!.lotSize = 2.5), /underlyings\[1\]\.contracts\.lotSizes\[0\]\.lotSize: .*int/i],
    ['lot rows out of order', (c) => (contracts(c, 0).lotSizes[2]!.firstExpiry = '2020-01-01'), /contracts\.lotSizes\[2\]\.firstExpiry: must not be before 2021-07-29/],
    ['impossible date', (c) => (contracts(c, 0).lotSizes[1]!.firstExpiry = '2021-02-30'), /contracts\.lotSizes\[1\]\.firstExpiry: must be a real date/],
    ['first lot row filtered to a cycle', (c) => (contracts(c, 0).lotSizes[0]!.contracts = 'weekly'), /contracts\.lotSizes\[0\]\.contracts: the first row must cover every contract/],
    ['tables starting on different dates', (c) => (contracts(c, 0).lotSizes[0]!.firstExpiry = '2015-06-01'), /contracts\.lotSizes\[0\]\.firstExpiry: must equal expiries\[0\]\.from \(2016-01-01\)/],
    ['row without a source', (c) => delete contracts(c, 0).lotSizes[0]!.source, /contracts\.lotSizes\[0\]\.source: /],
    ['row without confirmed', (c) => delete contracts(c, 1).expiries[0]!.confirmed, /underlyings\[1\]\.contracts\.expiries\[0\]\.confirmed: /],
    ['unknown cycle', (c) => (contracts(c, 0).expiries[1]!.cycle = 'daily'), /contracts\.expiries\[1\]\.cycle: /],
    ['unknown applies', (c) => (contracts(c, 0).expiries[1]!.applies = 'listing'), /contracts\.expiries\[1\]\.applies: /],
    ['expiry rules out of order', (c) => (contracts(c, 0).expiries[2]!.from = '2019-02-11'), /contracts\.expiries\[2\]\.from: must be after 2019-02-11/],
    ['string price', (c) => ((c.underlyings[0]!.sim as Record<string, unknown>).startPrice = '25800'), /underlyings\[0\]\.sim\.startPrice: .*number/],
    ['tick finer than a paisa', (c) => (c.underlyings[0]!.optionTickSize = 0.001), /underlyings\[0\]\.optionTickSize: must be a whole number of paise/],
    ['bad session time', (c) => ((c.underlyings[0]!.session as Record<string, unknown>).open = '9:15'), /underlyings\[0\]\.session\.open: must be HH:MM/],
    ['close before open', (c) => ((c.underlyings[0]!.session as Record<string, unknown>).close = '09:00'), /underlyings\[0\]\.session\.close: must be after session\.open/],
    ['weekend expiry', (c) => (contracts(c, 0).expiries[2]!.weekday = 6), /underlyings\[0\]\.contracts\.expiries\[2\]\.weekday: .*<=5/],
    ['unknown key (typo)', (c) => (c.underlyings[0]!.lotsize = 65), /underlyings\[0\]: .*lotsize/],
    ['the old fixed lot size', (c) => (c.underlyings[0]!.lotSize = 65), /underlyings\[0\]: .*lotSize/],
    ['an exchange without a holiday calendar', (c) => (c.underlyings[1]!.exchange = 'MSE'), /underlyings\[1\]\.exchange: no holiday calendar lists MSE/],
    ['missing field', (c) => delete c.underlyings[0]!.strikeStep, /underlyings\[0\]\.strikeStep: .*number/],
    ['duplicate symbol', (c) => (c.underlyings[1]!.symbol = 'NIFTY'), /underlyings\[1\]\.symbol: duplicate symbol NIFTY/],
    ['wrong version', (c) => (c.version = 2), /version: /],
  ];
  for (const [name, edit, message] of cases) {
    it(name, () => {
      expect(() => parseSimConfig(edited(edit), loadHolidays())).toThrow(message);
    });
  }

  it('rejects a non-object at the root', () => {
    expect(() => parseSimConfig(null, loadHolidays())).toThrow(/\(root\)/);
  });

  it('findUnderlying lists the known symbols', () => {
    expect(() => findUnderlying(loadConfig(), 'BANKNIFTY')).toThrow(/NIFTY, SENSEX/);
  });
});
