/** Synthetic options: Black-Scholes CE/PE around each day's open, labelled synthetic; the real SPY trade ticks load with iv=0.15. */
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../../src/adapters/data/load-dataset.js';
import type { OptionInstrument } from '../../../src/core/model/instrument.js';
import { bsPrice } from '../../../src/sim/pricing/black-scholes.js';
import { HAS_SHARED_DATA, SKIP_MESSAGE, SPY_TICKS, allTicks, et, writeFixture } from './helpers.js';

if (!HAS_SHARED_DATA) console.warn(SKIP_MESSAGE);

const DATE = '2013-10-07';
const OFF = -240;

describe('synthetic options on underlying-only ticks', () => {
  const rows = [
    [et(DATE, '09:29', OFF), '167.00'], // pre-market: dropped
    [et(DATE, '09:30', OFF, 7), '167.41'],
    [et(DATE, '09:30', OFF, 7), '167.41'],
    [et(DATE, '12:00', OFF), '168.02'],
    [et(DATE, '15:59', OFF, 59_000), '166.50'],
    [et('2013-10-08', '10:00', OFF), '165.10'],
  ];
  const path = writeFixture('spy.csv', `ts_ms,symbol,price,qty\n${rows.map(([t, p]) => `${t},SPY,${p},100`).join('\n')}\n`);
  const ds = loadDataset(path, { syntheticOptions: { iv: 0.15 } });

  it('is labelled synthetic, and its description says so', () => {
    expect(ds.synthetic).toBe(true);
    expect(ds.description).toMatch(/^SYNTHETIC options: ticks: SPY;/);
    expect(ds.description).toContain('derived by Black-Scholes (iv 0.15');
    expect(ds.profile).toEqual({ currency: 'USD', utcOffsetMin: OFF, sessionOpen: '09:30', sessionClose: '16:00', optionExchange: 'CBOE' });
  });

  it('lists ±3 strikes (SPY: $1 apart) around each day\'s open, 0DTE, with ids in (expiry, strike, right) order', () => {
    expect(ds.dates).toEqual([DATE, '2013-10-08']);
    const day1 = ds.chains.get(DATE)!;
    expect(day1.expiryDate).toBe(DATE);
    expect(day1.strikes.map((s) => s.strike)).toEqual([16_400, 16_500, 16_600, 16_700, 16_800, 16_900, 17_000]);
    expect(day1.strikes[0]).toEqual({ strike: 16_400, ce: 1, pe: 2 });
    expect(ds.chains.get('2013-10-08')!.strikes.map((s) => s.strike)).toEqual([16_200, 16_300, 16_400, 16_500, 16_600, 16_700, 16_800]);
    const ce = ds.universe.instruments[1] as OptionInstrument;
    expect(ce).toMatchObject({ symbol: 'SPY07OCT13164CE', underlying: 'SPY', lotSize: 100, tickSize: 1, typicalSpread: 2, exchange: 'CBOE' });
  });

  it('prices every contract by Black-Scholes to the tick, with bid/ask one tick around, emitting on change only', () => {
    const ticks = allTicks(ds);
    const spx = ticks.filter((t) => t.instrument === 0);
    expect(spx.map((t) => t.ltp)).toEqual([16_741, 16_741, 16_802, 16_650, 16_510]);
    for (const t of ticks.filter((x) => x.instrument > 0)) {
      const inst = ds.universe.instruments[t.instrument] as OptionInstrument;
      const date = inst.expiryDate;
      const spot = spx.filter((u) => u.ts <= t.ts).at(-1)!.ltp;
      // 0DTE: session time left to today's close, over 252 sessions of 6.5 hours a year.
      const years = (et(date, '16:00', OFF) - t.ts) / (252 * 6.5 * 3_600_000);
      const fair = bsPrice({ right: inst.right, spot, strike: inst.strike, years, vol: 0.15, rate: 0 });
      expect(t.ltp).toBe(Math.max(1, Math.round(fair)));
      expect(t.bid).toBe(t.ltp - 1);
      expect(t.ask).toBe(t.ltp + 1);
    }
    // The second 09:30 tick repeats the price: no option ticks for it.
    const atOpen = ticks.filter((t) => t.ts === et(DATE, '09:30', OFF, 7));
    expect(atOpen.filter((t) => t.instrument === 0)).toHaveLength(2);
    expect(atOpen.filter((t) => t.instrument > 0)).toHaveLength(14);
  });

  it('weekly expiry: the next Friday, sessions after today counted', () => {
    const weekly = loadDataset(path, { syntheticOptions: { iv: 0.15, expiry: 'weekly', strikeStep: 2.5, strikesEachSide: 1 } });
    expect(weekly.chains.get(DATE)).toMatchObject({ expiryDate: '2013-10-11' });
    expect(weekly.chains.get(DATE)!.strikes.map((s) => s.strike)).toEqual([16_500, 16_750, 17_000]);
    expect(weekly.description).toContain('weekly expiry, 3 strikes 2.50 apart');
  });
});

describe.skipIf(!HAS_SHARED_DATA)('SPY trade ticks of 2013-10-07 with --synthetic-options iv=0.15 (real data)', () => {
  const ds = HAS_SHARED_DATA ? loadDataset(SPY_TICKS, { syntheticOptions: { iv: 0.15 } }) : undefined;

  it('keeps the 241,504 regular-session trades at offset −240 and labels the dataset synthetic', () => {
    const d = ds!;
    expect(d.synthetic).toBe(true);
    expect(d.dates).toEqual([DATE]);
    expect(d.profile.utcOffsetMin).toBe(-240);
    expect(d.days[0]!.instrument.filter((i) => i === 0)).toHaveLength(241_504);
    expect(d.description).toContain('241,504 of 250,601 rows in the regular session 09:30–16:00');
  });

  it('has a 7-strike SPY chain around the open (167.41) and premiums on the tick', () => {
    const d = ds!;
    expect(d.chains.get(DATE)!.strikes.map((s) => s.strike)).toEqual([16_400, 16_500, 16_600, 16_700, 16_800, 16_900, 17_000]);
    const day = d.days[0]!;
    let ordered = true;
    for (let i = 1; i < day.length; i++) {
      const dt = day.ts[i]! - day.ts[i - 1]!;
      if (dt < 0 || (dt === 0 && day.instrument[i]! < day.instrument[i - 1]!)) ordered = false;
    }
    expect(ordered).toBe(true);
    expect(day.ltp.every((p) => Number.isInteger(p) && p > 0)).toBe(true);
    // Put-call parity at rate 0 holds to a few ticks at the open: C − P ≈ S − K.
    const row = d.chains.get(DATE)!.strikes[3]!;
    const first = (id: number): number => day.ltp[day.instrument.indexOf(id)]!;
    expect(Math.abs(first(row.ce) - first(row.pe) - (16_741 - row.strike))).toBeLessThanOrEqual(2);
  });
});
