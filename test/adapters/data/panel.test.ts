/** CE/PE panels: a mapped hand-made panel round-trips; the real SPX + SPXW 3700 0DTE panel is recognised by its header. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../../src/adapters/data/load-dataset.js';
import { HAS_SHARED_DATA, SKIP_MESSAGE, SPX_PANEL, allTicks, et, expectDataError, symbolsOf, writeFixture } from './helpers.js';

if (!HAS_SHARED_DATA) console.warn(SKIP_MESSAGE);

const COLUMNS = { underlying: 'nifty', ceBid: 'c_b', ceAsk: 'c_a', ceLast: 'c_l', peBid: 'p_b', peAsk: 'p_a', peLast: 'p_l' };

describe('a mapped panel', () => {
  const text = [
    'ts,nifty,c_b,c_a,c_l,p_b,p_a,p_l',
    '2026-01-05T09:15:00+05:30,25801.00,120.00,120.50,,99.00,99.60,99.33',
    '2026-01-05T09:16:00+05:30,25810.20,125.05,125.45,125.10,,,',
    '2026-01-06T09:15:00+05:30,25900.00,150.00,151.00,150.55,70.00,70.10,',
  ].join('\n');
  const path = writeFixture('nifty_panel.csv', text);
  const ds = loadDataset(path, { columns: COLUMNS, strike: 25800, lotSize: 75 });

  it('gives an underlying, a CE and a PE tick per row, stamped at the bar end', () => {
    expect(ds.dates).toEqual(['2026-01-05', '2026-01-06']);
    expect(symbolsOf(ds)).toEqual([
      'NIFTY', 'NIFTY05JAN2625800CE', 'NIFTY05JAN2625800PE',
      'NIFTY', 'NIFTY05JAN2625800CE',
      'NIFTY', 'NIFTY06JAN2625800CE', 'NIFTY06JAN2625800PE',
    ]);
    const t = allTicks(ds);
    expect(t[0]!.ts).toBe(Date.parse('2026-01-05T09:15:59.999+05:30'));
    // CE without a last trade: the quote mid 120.25 (already on the tick); PE last 99.33 → 99.35.
    expect(t[1]).toMatchObject({ ltp: 12_025, bid: 12_000, ask: 12_050 });
    expect(t[2]).toMatchObject({ ltp: 9_935, bid: 9_900, ask: 9_960 });
    // PE without last and without quotes: no tick; quote mid 70.05 rounds to 70.05.
    expect(t[7]).toMatchObject({ ltp: 7_005, bid: 7_000, ask: 7_010 });
    expect(ds.description).toContain('prices missing (no tick): 1');
  });

  it('0DTE by default: one CE/PE pair per date, each the chain of its own date, lot and strike from the options', () => {
    expect(ds.universe.instruments.map((i) => (i.kind === 'OPTION' ? `${i.id}:${i.expiryDate}:${i.strike}:${i.lotSize}` : `${i.id}:INDEX`))).toEqual([
      '0:INDEX', '1:2026-01-05:2580000:75', '2:2026-01-05:2580000:75', '3:2026-01-06:2580000:75', '4:2026-01-06:2580000:75',
    ]);
    expect(ds.chains.get('2026-01-06')).toEqual({ expiryDate: '2026-01-06', strikes: [{ strike: 2_580_000, ce: 3, pe: 4 }] });
    expect(ds.profile).toMatchObject({ currency: 'INR', utcOffsetMin: 330, optionExchange: 'NFO' });
  });

  it('a fixed expiry gives one pair; rows after it are refused', () => {
    const fixed = loadDataset(path, { columns: COLUMNS, strike: 25800, expiry: '2026-01-08' });
    expect(fixed.universe.instruments.map((i) => i.symbol)).toEqual(['NIFTY', 'NIFTY08JAN2625800CE', 'NIFTY08JAN2625800PE']);
    expectDataError(() => loadDataset(path, { columns: COLUMNS, strike: 25800, expiry: '2026-01-05' }), "rows on 2026-01-06 are after the options' expiry 2026-01-05");
  });

  it('mapping errors: a missing column, a missing role, no strike', () => {
    expectDataError(() => loadDataset(path, { columns: { ...COLUMNS, ceBid: 'nope' }, strike: 1 }), `${path}:1: the column mapping names ceBid=nope, which is not a column; found [ts, nifty, c_b`);
    expectDataError(() => loadDataset(path, { columns: { underlying: 'nifty', ceLast: 'c_l' }, strike: 1 }), 'the column mapping needs peLast, or both peBid and peAsk');
    expectDataError(() => loadDataset(path, { columns: COLUMNS }), `${path}: a panel needs the strike of its CE/PE columns: pass strike (--strike 3700)`);
    expectDataError(() => loadDataset(path, { columns: { underlying: 'nifty', cebid: 'c_b' } as never }), 'options.columns: unknown key "cebid"; the keys are ts, underlying, ceBid');
  });
});

describe.skipIf(!HAS_SHARED_DATA)('the SPX + SPXW 3700 0DTE panel (real data)', () => {
  const ds = HAS_SHARED_DATA ? loadDataset(SPX_PANEL) : undefined;

  it('is recognised by its header: 390 rows → 390 SPX ticks and CE/PE ticks', () => {
    const d = ds!;
    expect(d.dates).toEqual(['2021-01-04']);
    const t = allTicks(d);
    expect(t.filter((x) => x.instrument === 0)).toHaveLength(390);
    expect(t.filter((x) => x.instrument === 1)).toHaveLength(390);
    expect(t.filter((x) => x.instrument === 2)).toHaveLength(390);
    expect(d.synthetic).toBe(false);
    expect(d.description).toMatch(/^panel: SPX \+ SPXW 3700 CE\/PE \(0DTE, lot 100\)/);
  });

  it('has a NIFTY-like universe (index + CE + PE), the 3700 chain of 2021-01-04, a USD profile at offset −300', () => {
    const d = ds!;
    expect(d.universe.instruments.map((i) => [i.id, i.kind, i.symbol, i.tickSize])).toEqual([
      [0, 'INDEX', 'SPX', 1],
      [1, 'OPTION', 'SPXW04JAN213700CE', 5],
      [2, 'OPTION', 'SPXW04JAN213700PE', 5],
    ]);
    expect(d.universe.instruments[1]).toMatchObject({ right: 'CE', underlying: 'SPX', strike: 370_000, expiryDate: '2021-01-04', lotSize: 100, exchange: 'CBOE', utcOffsetMin: -300 });
    expect([...d.chains]).toEqual([['2021-01-04', { expiryDate: '2021-01-04', strikes: [{ strike: 370_000, ce: 1, pe: 2 }] }]]);
    expect(d.profile).toEqual({ currency: 'USD', utcOffsetMin: -300, sessionOpen: '09:30', sessionClose: '16:00', optionExchange: 'CBOE' });
  });

  it('prices match the file: SPX close, LTP = last (forward-filled) else mid, all on the tick', () => {
    const d = ds!;
    const t = allTicks(d);
    const first = et('2021-01-04', '09:30', -300, 59_999);
    // Row 1: spx_close 3766.63; CE no trade yet → mid 66.40 (bid 64.90, ask 67.90); PE last 0.47 → 0.45.
    expect(t.slice(0, 3)).toEqual([
      { ts: first, instrument: 0, ltp: 376_663, bid: 0, ask: 0, bidQty: 0, askQty: 0 },
      { ts: first, instrument: 1, ltp: 6_640, bid: 6_490, ask: 6_790, bidQty: 0, askQty: 0 },
      { ts: first, instrument: 2, ltp: 45, bid: 35, ask: 50, bidQty: 0, askQty: 0 },
    ]);
    const lastRow = readFileSync(SPX_PANEL, 'utf8').trim().split('\n').at(-1)!.split(',');
    const spx = t.filter((x) => x.instrument === 0).at(-1)!;
    expect(spx.ltp).toBe(Math.round(Number(lastRow[2]) * 100));
    for (const x of t) expect(x.ltp % d.universe.instruments[x.instrument]!.tickSize).toBe(0);
  });
});
