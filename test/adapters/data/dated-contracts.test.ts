/** Replays of NIFTY data take the lot size and expiry in force on the data's dates (contract tables, exchange holidays); --lot-size still overrides. */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../../src/adapters/data/load-dataset.js';
import type { OptionInstrument } from '../../../src/core/model/instrument.js';
import { expectDataError, ist, writeFixture } from './helpers.js';

/** NIFTY index ticks every 10 s on Wednesday 2022-04-13 and Monday 2022-04-18 (a seeded random walk, not market data). */
const FIXTURE = resolve(import.meta.dirname, '../../fixtures/nifty-index-2022.csv');

const options = (ds: ReturnType<typeof loadDataset>): OptionInstrument[] => ds.universe.instruments.filter((i): i is OptionInstrument => i.kind === 'OPTION');

describe('synthetic options on a 2022 NIFTY index file', () => {
  const weekly = loadDataset(FIXTURE, { syntheticOptions: { iv: 0.15, expiry: 'weekly' } });

  it('uses the 2022 expiry rule: Thursday weeklies, moved to Wednesday by the 2022-04-14 holiday', () => {
    expect(weekly.dates).toEqual(['2022-04-13', '2022-04-18']);
    expect(weekly.chains.get('2022-04-13')!.expiryDate).toBe('2022-04-13');
    expect(weekly.chains.get('2022-04-18')!.expiryDate).toBe('2022-04-21');
    expect(weekly.description).toContain('nearest NSE expiry in force on each date');
  });

  it('uses the 2022 lot size (50) for every contract', () => {
    const opts = options(weekly);
    expect(opts.length).toBe(28);
    for (const o of opts) expect(o.lotSize).toBe(50);
    expect(weekly.description).toContain('lot 50 (NSE lot size in force on each date)');
  });

  it('0DTE (the default) also takes the lot of the nearest contract on the date', () => {
    const zero = loadDataset(FIXTURE, { syntheticOptions: { iv: 0.15 } });
    expect(zero.chains.get('2022-04-18')!.expiryDate).toBe('2022-04-18');
    for (const o of options(zero)) expect(o.lotSize).toBe(50);
  });

  it('--lot-size overrides the table', () => {
    const fixed = loadDataset(FIXTURE, { syntheticOptions: { iv: 0.15, expiry: 'weekly' }, lotSize: 75 });
    for (const o of options(fixed)) expect(o.lotSize).toBe(75);
    expect(fixed.description).toContain('lot 75)');
    expect(fixed.dataHash).not.toBe(weekly.dataHash);
  });
});

describe('option symbols in a NIFTY tick file', () => {
  it('take the lot of their own expiry: the 2021-07-22 weekly kept 75, the 2021-07-29 monthly has 50', () => {
    const t = ist('2021-07-20', '10:00');
    const path = writeFixture(
      'nifty-2021.csv',
      `ts_ms,symbol,price\n${t},NIFTY,15630.00\n${t},NIFTY22JUL2115600CE,120.05\n${t},NIFTY29JUL2115600CE,190.10\n`,
    );
    const ds = loadDataset(path);
    const lots = Object.fromEntries(options(ds).map((o) => [o.expiryDate, o.lotSize]));
    expect(lots).toEqual({ '2021-07-22': 75, '2021-07-29': 50 });
  });
});

describe('dates the tables do not cover', () => {
  const t = ist('2015-06-01', '10:00');
  const path = writeFixture('nifty-2015.csv', `ts_ms,symbol,price\n${t},NIFTY,8400.00\n${t + 60_000},NIFTY,8401.00\n`);

  it('are refused with the first covered date, naming the file', () => {
    expectDataError(() => loadDataset(path, { syntheticOptions: { iv: 0.15, expiry: 'weekly' } }), 'nifty-2015.csv', 'no contract terms before 2016-01-01');
    expectDataError(() => loadDataset(path, { syntheticOptions: { iv: 0.15 } }), 'nifty-2015.csv', 'pass lotSize (--lot-size N)');
  });

  it('load with a lot size given (0DTE needs no expiry rule)', () => {
    const ds = loadDataset(path, { syntheticOptions: { iv: 0.15 }, lotSize: 75 });
    for (const o of options(ds)) expect(o.lotSize).toBe(75);
  });
});
