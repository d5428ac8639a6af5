/** Binary recordings load as recorded; import converts text data to recordings (one per date, never overwriting) that load back to the same ticks. */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../../src/adapters/data/load-dataset.js';
import { decodeHeader, encodeHeader } from '../../../src/adapters/recorder/recording-header.js';
import { TickRecorder } from '../../../src/adapters/recorder/tick-recorder.js';
import { runImport } from '../../../src/adapters/data/import-recordings.js';
import type { Instrument, Universe } from '../../../src/core/model/instrument.js';
import type { Tick } from '../../../src/core/model/tick.js';
import { HAS_SHARED_DATA, SKIP_MESSAGE, SPX_PANEL, allTicks, et, expectDataError, ist, tempDir, writeTemp } from './helpers.js';

if (!HAS_SHARED_DATA) console.warn(SKIP_MESSAGE);

function option(id: number, expiryDate: string, strike: number, right: 'CE' | 'PE'): Instrument {
  const sym = `NIFTY${expiryDate.slice(8, 10)}JAN26${strike / 100}${right}`;
  return { kind: 'OPTION', id, symbol: sym, exchange: 'NFO', utcOffsetMin: 330, tickSize: 5, right, underlying: 'NIFTY', strike, expiryDate, lotSize: 65, typicalSpread: 5 };
}

const universe: Universe = {
  instruments: [
    { kind: 'INDEX', id: 0, symbol: 'NIFTY', exchange: 'NSE', utcOffsetMin: 330, tickSize: 5 },
    option(1, '2026-01-06', 2_580_000, 'CE'),
    option(2, '2026-01-06', 2_580_000, 'PE'),
    option(3, '2026-01-13', 2_580_000, 'CE'),
    option(4, '2026-01-13', 2_580_000, 'PE'),
    option(5, '2026-01-13', 2_585_000, 'CE'),
  ],
};

async function record(dir: string, ticks: readonly Tick[]): Promise<void> {
  const rec = new TickRecorder({ dir, universe, utcOffsetMin: 330, chunkSize: 3 });
  for (const t of ticks) rec.record(t);
  await rec.close();
}

const tick = (ts: number, instrument: number, ltp: number): Tick => ({ ts, instrument, ltp, bid: ltp - 5, ask: ltp + 5, bidQty: 65, askQty: 130 });

describe('binary recordings', () => {
  const ticks = [
    tick(ist('2026-01-06', '09:15'), 1, 10_000),
    tick(ist('2026-01-06', '09:15'), 0, 2_580_000), // same ms, recorded after a higher id: reordered
    tick(ist('2026-01-06', '09:16'), 2, 9_000),
    tick(ist('2026-01-06', '10:00'), 3, 12_000),
    tick(ist('2026-01-07', '09:15'), 0, 2_590_000),
    tick(ist('2026-01-07', '09:20'), 4, 8_000),
    tick(ist('2026-01-07', '09:21'), 5, 7_000),
  ];

  it('a file: universe as recorded, ticks in (ts, instrument) order, IST/INR profile, chains of the nearest expiry', async () => {
    const dir = tempDir();
    await record(dir, ticks);
    const ds = loadDataset(join(dir, '2026-01-06.ticks'));
    expect(ds.universe).toEqual(universe);
    expect(ds.underlying).toBe(0);
    expect(ds.dates).toEqual(['2026-01-06']);
    expect(allTicks(ds).map((t) => t.instrument)).toEqual([0, 1, 2, 3]);
    expect(ds.profile).toEqual({ currency: 'INR', utcOffsetMin: 330, sessionOpen: '09:15', sessionClose: '15:30', optionExchange: 'NFO' });
    expect(ds.chains.get('2026-01-06')).toEqual({ expiryDate: '2026-01-06', strikes: [{ strike: 2_580_000, ce: 1, pe: 2 }] });
    expect(ds.synthetic).toBe(false);
  });

  it('a directory: every date, one TickColumns per date from several chunks; the next date rolls to the next expiry', async () => {
    const dir = tempDir();
    await record(dir, ticks);
    const ds = loadDataset(dir);
    expect(ds.dates).toEqual(['2026-01-06', '2026-01-07']);
    expect(ds.days.map((d) => d.length)).toEqual([4, 3]);
    expect(allTicks(ds).slice(4)).toEqual(ticks.slice(4));
    // 2585 has only a CE: not a chain row.
    expect(ds.chains.get('2026-01-07')).toEqual({ expiryDate: '2026-01-13', strikes: [{ strike: 2_580_000, ce: 3, pe: 4 }] });
  });

  it('a gzipped recording loads like the file itself', async () => {
    const dir = tempDir();
    await record(dir, ticks);
    const path = join(dir, '2026-01-06.ticks');
    writeFileSync(`${path}.gz`, gzipSync(readFileSync(path)));
    expect(allTicks(loadDataset(`${path}.gz`))).toEqual(allTicks(loadDataset(path)));
  });

  it('refuses text-file options, corrupt files (naming the byte offset) and empty directories', async () => {
    const dir = tempDir();
    await record(dir, ticks);
    const path = join(dir, '2026-01-06.ticks');
    expectDataError(() => loadDataset(path, { strike: 3700 }), `${path}: option strike applies to CE/PE panels, and this file is a binary recording`);
    const bytes = readFileSync(path);
    bytes[bytes.length - 3] = bytes[bytes.length - 3]! ^ 0xff;
    writeFileSync(path, bytes);
    expectDataError(() => loadDataset(path), `${path}: chunk payload checksum mismatch`, 'byte offset');
    expectDataError(() => loadDataset(tempDir()), 'a directory without recordings');
  });

  it('a directory has one universe: the same instruments stored in other bytes load, other instruments are refused', async () => {
    const dir = tempDir();
    await record(dir, ticks);
    const expected = loadDataset(dir);
    const path = join(dir, '2026-01-07.ticks');
    const original = readFileSync(path);
    const chunks = original.subarray(decodeHeader(original, path).bytes);
    /** The file with its header storing `instruments` as given (keys in the order written). */
    const rewrite = (instruments: readonly object[]): void => {
      const json = new TextEncoder().encode(JSON.stringify({ instruments }));
      writeFileSync(path, Buffer.concat([encodeHeader('2026-01-07', 330, json), chunks]));
    };
    // Keys in reverse order: other bytes, the same universe.
    rewrite(universe.instruments.map((i) => Object.fromEntries(Object.entries(i).reverse())));
    expect(readFileSync(path).equals(original)).toBe(false);
    const reordered = loadDataset(dir);
    expect(reordered.universe).toEqual(expected.universe);
    expect(reordered.days).toEqual(expected.days);
    rewrite(universe.instruments.map((i) => (i.id === 5 ? { ...i, lotSize: 75 } : i)));
    expectDataError(() => loadDataset(dir), `${path}: its instruments differ from those of ${join(dir, '2026-01-06.ticks')}`);
  });
});

describe('import', () => {
  const text = [
    'ts_ms,symbol,price,bid,ask,bid_qty,ask_qty',
    `${ist('2026-01-05', '09:15')},NIFTY,25801.03,,,,`,
    `${ist('2026-01-05', '09:15')},NIFTY13JAN2625800CE,130.02,129.95,130.10,65,195`,
    `${ist('2026-01-05', '09:15')},NIFTY13JAN2625800PE,120,119.95,120.05,650,130`,
    `${ist('2026-01-06', '11:00')},NIFTY,25850.10,,,,`,
    `${ist('2026-01-06', '11:00', 5)},NIFTY13JAN2625800PE,99.975,99.95,100,65,65`,
  ].join('\n');

  it('writes one recording per date (plus its .meta.json) that loads back to the same ticks, universe, chains and profile', async () => {
    const input = writeTemp('nifty.csv', text);
    const out = join(tempDir(), 'rec');
    const result = await runImport({ input, output: out, options: {} });
    expect(result).toEqual({ files: [join(out, '2026-01-05.ticks'), join(out, '2026-01-06.ticks')], ticks: 5 });
    expect(readdirSync(out).sort()).toEqual(['2026-01-05.meta.json', '2026-01-05.ticks', '2026-01-06.meta.json', '2026-01-06.ticks']);
    const fromCsv = loadDataset(input);
    const fromRec = loadDataset(out);
    expect(fromRec.dates).toEqual(fromCsv.dates);
    expect(allTicks(fromRec)).toEqual(allTicks(fromCsv));
    expect(fromRec.universe).toEqual(fromCsv.universe);
    expect(fromRec.chains).toEqual(fromCsv.chains);
    expect(fromRec.profile).toEqual(fromCsv.profile);
    expect(fromRec.description).toContain(`imported from ${fromCsv.description}`);
  });

  it('refuses to overwrite, naming the file, and leaves the directory as it was', async () => {
    const input = writeTemp('nifty.csv', text);
    const out = tempDir();
    writeFileSync(join(out, '2026-01-06.ticks'), 'mine');
    await expect(runImport({ input, output: out, options: {} })).rejects.toThrow(`${join(out, '2026-01-06.ticks')}: already exists; import never overwrites a recording`);
    expect(readdirSync(out)).toEqual(['2026-01-06.ticks']);
    expect(readFileSync(join(out, '2026-01-06.ticks'), 'utf8')).toBe('mine');
  });

  it('a bad input writes nothing', async () => {
    const out = join(tempDir(), 'never');
    await expect(runImport({ input: writeTemp('bad.csv', 'a,b\n1,2\n'), output: out, options: {} })).rejects.toThrow('columns not recognised');
    expect(existsSync(out)).toBe(false);
  });

  it('keeps the synthetic label through the recording', async () => {
    const rows = [et('2013-10-07', '09:30', -240, 7), et('2013-10-07', '10:00', -240)].map((t, i) => `${t},SPY,${167.41 + i / 10}`);
    const input = writeTemp('spy.csv', `ts_ms,symbol,price\n${rows.join('\n')}\n`);
    const out = tempDir();
    const options = { syntheticOptions: { iv: 0.15 } };
    await runImport({ input, output: out, options });
    const back = loadDataset(out);
    expect(back.synthetic).toBe(true);
    expect(back.description).toMatch(/^SYNTHETIC options: recording: 2013-10-07/);
    expect(allTicks(back)).toEqual(allTicks(loadDataset(input, options)));
  });

  it.skipIf(!HAS_SHARED_DATA)('the SPX panel imports and loads back identically (real data)', async () => {
    const out = tempDir();
    const result = await runImport({ input: SPX_PANEL, output: out, options: {} });
    expect(result.ticks).toBe(1170);
    const a = loadDataset(SPX_PANEL);
    const b = loadDataset(result.files[0]!);
    expect(allTicks(b)).toEqual(allTicks(a));
    expect(b.profile).toEqual(a.profile);
    expect(b.chains).toEqual(a.chains);
  });
});
