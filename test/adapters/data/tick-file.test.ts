/** Tick files: CSV, gzipped CSV, NDJSON and ISO times load to the same ticks; option symbols make the universe and chains; session, rounding and ordering rules. */
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../../src/adapters/data/load-dataset.js';
import { allTicks, ist, symbolsOf, tempDir, writeFixture, writeTemp } from './helpers.js';

const D1 = '2026-01-05';
const D2 = '2026-01-06';
const CE = 'NIFTY13JAN2625800CE';
const PE = 'NIFTY13JAN2625800PE';

/** Rows of a small NIFTY tick file: [ts, symbol, price, bid, ask, bidQty, askQty]. */
const ROWS: [number, string, string, string, string, string, string][] = [
  [ist(D1, '09:00'), 'NIFTY', '25790.00', '', '', '', ''], // pre-open: dropped
  [ist(D1, '09:15'), PE, '120.00', '119.95', '120.05', '650', '130'], // same ts as the next two: reordered by id
  [ist(D1, '09:15'), 'NIFTY', '25801.03', '', '', '', ''], // 25801.03 → 25801.05 on the 0.05 tick
  [ist(D1, '09:15'), CE, '130.02', '129.95', '130.10', '65', '195'],
  [ist(D1, '09:15', 250), CE, '130.5', '130.45', '130.55', '65', '65'],
  [ist(D1, '15:29', 59_999), 'NIFTY', '25810', '', '', '', ''],
  [ist(D1, '15:30'), 'NIFTY', '25811', '', '', '', ''], // the close: dropped
  [ist(D2, '09:15', 1), 'NIFTY', '25850.10', '', '', '', ''],
  [ist(D2, '09:16'), PE, '99.975', '', '', '', ''], // rounds half up to 100.00
];

function csv(rows: readonly (readonly (string | number)[])[] = ROWS, header = 'ts_ms,symbol,price,bid,ask,bid_qty,ask_qty'): string {
  return `${header}\n${rows.map((r) => r.join(',')).join('\n')}\n`;
}

describe('tick CSV', () => {
  const ds = loadDataset(writeFixture('nifty.csv', csv()));

  it('makes one instrument per symbol: the underlying first, then options from their OpenAlgo symbols', () => {
    expect(ds.universe.instruments.map((i) => [i.id, i.kind, i.symbol])).toEqual([
      [0, 'INDEX', 'NIFTY'],
      [1, 'OPTION', CE],
      [2, 'OPTION', PE],
    ]);
    const ce = ds.universe.instruments[1]!;
    expect(ce).toMatchObject({ exchange: 'NFO', utcOffsetMin: 330, tickSize: 5, right: 'CE', underlying: 'NIFTY', strike: 2_580_000, expiryDate: '2026-01-13', lotSize: 65 });
    expect(ds.underlying).toBe(0);
    expect(ds.synthetic).toBe(false);
    expect(ds.profile).toEqual({ currency: 'INR', utcOffsetMin: 330, sessionOpen: '09:15', sessionClose: '15:30', optionExchange: 'NFO' });
  });

  it('keeps regular-session ticks, splits by IST date and orders equal times by instrument', () => {
    expect(ds.dates).toEqual([D1, D2]);
    expect(ds.days.map((d) => d.length)).toEqual([5, 2]);
    expect(symbolsOf(ds)).toEqual(['NIFTY', CE, PE, CE, 'NIFTY', 'NIFTY', PE]);
  });

  it('rounds prices to the instrument tick (half up) and reads quotes and sizes', () => {
    const t = allTicks(ds);
    expect(t[0]).toEqual({ ts: ist(D1, '09:15'), instrument: 0, ltp: 2_580_105, bid: 0, ask: 0, bidQty: 0, askQty: 0 });
    expect(t[1]).toEqual({ ts: ist(D1, '09:15'), instrument: 1, ltp: 13_000, bid: 12_995, ask: 13_010, bidQty: 65, askQty: 195 });
    expect(t[2]).toEqual({ ts: ist(D1, '09:15'), instrument: 2, ltp: 12_000, bid: 11_995, ask: 12_005, bidQty: 650, askQty: 130 });
    expect(t[6]).toMatchObject({ instrument: 2, ltp: 10_000, bid: 0, ask: 0 });
    for (const tick of t) expect(tick.ltp % ds.universe.instruments[tick.instrument]!.tickSize).toBe(0);
  });

  it('builds each date\'s chain from the nearest expiry on or after it', () => {
    expect([...ds.chains]).toEqual([
      [D1, { expiryDate: '2026-01-13', strikes: [{ strike: 2_580_000, ce: 1, pe: 2 }] }],
      [D2, { expiryDate: '2026-01-13', strikes: [{ strike: 2_580_000, ce: 1, pe: 2 }] }],
    ]);
  });

  it('loads the same ticks from .csv.gz, NDJSON, ISO times, an ltp column and CRLF line ends', () => {
    const dir = tempDir();
    const header = ['ts_ms', 'symbol', 'price', 'bid', 'ask', 'bid_qty', 'ask_qty'];
    const ndjson = ROWS.map((r) => JSON.stringify(Object.fromEntries(header.map((h, i) => [h, i === 1 ? r[i] : r[i] === '' ? null : Number(r[i])])))).join('\n');
    const iso = ROWS.map((r) => [new Date(r[0]).toISOString(), ...r.slice(1)]);
    const variants = [
      writeTemp('nifty.csv.gz', csv(), dir),
      writeTemp('nifty.ndjson', `${ndjson}\n`, dir),
      writeTemp('iso.csv', csv(iso, 'ts,symbol,price,bid,ask,bid_qty,ask_qty'), dir),
      writeTemp('ltp.csv', csv(ROWS, 'ts_ms,symbol,ltp,bid,ask,bid_qty,ask_qty'), dir),
      writeTemp('crlf.csv', csv().replace(/\n/g, '\r\n'), dir),
    ];
    for (const path of variants) {
      const other = loadDataset(path);
      expect(other.dates, path).toEqual(ds.dates);
      expect(allTicks(other), path).toEqual(allTicks(ds));
      expect(other.universe, path).toEqual(ds.universe);
    }
  });

  it('reads ISO times without an offset as exchange-local time', () => {
    const local = ROWS.map((r) => [new Date(r[0] + 330 * 60_000).toISOString().slice(0, 23), ...r.slice(1)]);
    const other = loadDataset(writeTemp('local.csv', csv(local, 'ts,symbol,price,bid,ask,bid_qty,ask_qty')));
    expect(allTicks(other)).toEqual(allTicks(ds));
  });

  it('drops rows flagged suspicious, ignores extra columns and reads quoted fields', () => {
    const text = [
      'ts_ms,symbol,price,qty,exchange,sale_condition,suspicious',
      `${ist(D1, '09:20')},"NIFTY",25800,100,P,"20002000",0`,
      `${ist(D1, '09:21')},NIFTY,1,100,P,20002000,1`,
      `${ist(D1, '09:22')},${CE},101.05,100,P,20002000,0`,
      `${ist(D1, '09:22')},${PE},99.95,100,P,20002000,0`,
    ].join('\n');
    const other = loadDataset(writeTemp('susp.csv', text));
    expect(allTicks(other).map((t) => t.ltp)).toEqual([2_580_000, 10_105, 9_995]);
    expect(other.description).toContain('1 suspicious dropped');
  });

  it('an underlying name the loader does not know takes the terms of its options\' root', () => {
    const text = `ts_ms,symbol,price\n${ist(D1, '09:20')},NIFTY 50,25800.07\n${ist(D1, '09:20')},${CE},101.02\n${ist(D1, '09:20')},${PE},99.99\n`;
    const other = loadDataset(writeTemp('n50.csv', text));
    expect(other.universe.instruments.map((i) => [i.symbol, i.exchange, i.tickSize])).toEqual([['NIFTY 50', 'NSE', 5], [CE, 'NFO', 5], [PE, 'NFO', 5]]);
    expect(other.universe.instruments[1]).toMatchObject({ underlying: 'NIFTY 50', lotSize: 65 });
    expect(allTicks(other).map((t) => t.ltp)).toEqual([2_580_005, 10_100, 10_000]);
  });
});
