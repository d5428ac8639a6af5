/** OHLC bars: four ticks per bar on the conservative path (adverse extreme first) at +0, +L/4, +L/2, +L−1 ms; session and interleaving rules. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { barPath, barTickOffsets } from '../../../src/adapters/data/bar-path.js';
import { loadDataset } from '../../../src/adapters/data/load-dataset.js';
import { allTicks, et, symbolsOf, writeFixture, writeTemp } from './helpers.js';

const DATE = '2021-01-04';
const OFF = -300;
const CE = 'SPXW04JAN213700CE';
const PE = 'SPXW04JAN213700PE';

describe('bar path', () => {
  it('a rising bar goes open → low → high → close; a falling bar open → high → low → close', () => {
    expect(barPath(100, 110, 95, 105)).toEqual([100, 95, 110, 105]);
    expect(barPath(100, 110, 95, 100)).toEqual([100, 95, 110, 100]);
    expect(barPath(100, 110, 95, 97)).toEqual([100, 110, 95, 97]);
    expect(barTickOffsets(60_000)).toEqual([0, 15_000, 30_000, 59_999]);
  });

  it('property: every path starts at the open, ends at the close, touches both extremes, and meets the adverse one first', () => {
    const bar = fc
      .tuple(fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 0, max: 1e5 }), fc.integer({ min: 0, max: 1e5 }))
      .map(([o, c, up, down]) => ({ o, c, h: Math.max(o, c) + up, l: Math.max(1, Math.min(o, c) - down) }));
    fc.assert(
      fc.property(bar, ({ o, h, l, c }) => {
        const p = barPath(o, h, l, c);
        expect(p[0]).toBe(o);
        expect(p[3]).toBe(c);
        expect(Math.max(...p)).toBe(h);
        expect(Math.min(...p)).toBe(l);
        expect(p[1]).toBe(c >= o ? l : h);
      }),
    );
  });
});

describe('bar files', () => {
  const t0 = et(DATE, '09:30', OFF);
  const rows = [
    `${et(DATE, '09:29', OFF)},SPX,3700,3701,3699,3700.5`, // before the open: dropped
    `${t0},SPX,3700,3710.004,3695,3705.5`, // rising
    `${t0},${CE},10.00,12.00,9.50,11.00`,
    `${t0},${PE},8.00,8.40,6.90,7.00`, // falling
    `${t0 + 60_000},SPX,3705.5,3706,3690.01,3691`, // falling
    `${t0 + 60_000},${CE},11,11,10,10.5`,
    `${t0 + 60_000},${PE},7,8,7,8`,
  ];
  const ds = loadDataset(writeFixture('spx_bars.csv', `ts_ms,symbol,open,high,low,close\n${rows.join('\n')}\n`));

  it('expands each in-session bar to four ticks; bars with one start interleave by instrument', () => {
    expect(ds.days.map((d) => d.length)).toEqual([24]);
    expect(symbolsOf(ds).slice(0, 6)).toEqual(['SPX', CE, PE, 'SPX', CE, PE]);
    const spx = allTicks(ds).filter((t) => t.instrument === 0);
    expect(spx.map((t) => t.ts - t0)).toEqual([0, 15_000, 30_000, 59_999, 60_000, 75_000, 90_000, 119_999]);
    expect(spx.map((t) => t.ltp)).toEqual([370_000, 369_500, 371_000, 370_550, 370_550, 370_600, 369_001, 369_100]);
    const pe = allTicks(ds).filter((t) => t.instrument === 2);
    expect(pe.map((t) => t.ltp)).toEqual([800, 840, 690, 700, 700, 700, 800, 800]);
    expect(pe.every((t) => t.bid === 0 && t.ask === 0)).toBe(true);
  });

  it('is a USD dataset at the offset of the bar times, with the SPXW chain for the date', () => {
    expect(ds.profile).toEqual({ currency: 'USD', utcOffsetMin: OFF, sessionOpen: '09:30', sessionClose: '16:00', optionExchange: 'CBOE' });
    expect(ds.chains.get(DATE)).toEqual({ expiryDate: DATE, strikes: [{ strike: 370_000, ce: 1, pe: 2 }] });
    expect(ds.description).toContain('open → adverse extreme → other extreme → close at +0, +15 s, +30 s, +59.999 s');
  });

  it('refuses a bar whose high is below its close, naming the line', () => {
    const path = writeTemp('bad.csv', `ts_ms,symbol,open,high,low,close\n${t0},SPX,10,11,9,12\n`);
    expect(() => loadDataset(path)).toThrow(`${path}:2: column 4 (high): high 11 is below the bar's open, low or close`);
  });

  it('takes the symbol from the file name when there is no symbol column, and the bar length from the data', () => {
    const text = `ts,time_et,open,high,low,close\n${new Date(t0).toISOString()},${DATE}T09:30:00-05:00,3700,3701,3699,3700\n${new Date(t0 + 300_000).toISOString()},${DATE}T09:35:00-05:00,3700,3702,3698,3699\n`;
    const five = loadDataset(writeTemp('spx_5m.csv', text), { syntheticOptions: { iv: 0.2 } });
    expect(five.universe.instruments[0]!.symbol).toBe('SPX');
    expect(five.synthetic).toBe(true);
    const spx = allTicks(five).filter((t) => t.instrument === 0);
    expect(spx.map((t) => t.ts - t0)).toEqual([0, 75_000, 150_000, 299_999, 300_000, 375_000, 450_000, 599_999]);
  });
});
