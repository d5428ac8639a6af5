/** Values that do not fit their column, bad options and a bad universe are refused with an error naming the field and the rule; nothing partial is stored. */
import { describe, expect, it } from 'vitest';
import type { Universe } from '../../../src/core/model/instrument.js';
import type { MutableTick, Tick } from '../../../src/core/model/tick.js';
import { TickRecorder } from '../../../src/adapters/recorder/tick-recorder.js';
import { IST, OPEN_TS, readAll, sampleTicks, smallUniverse, tempDir } from './helpers.js';

const good = sampleTicks(2)[1]!;

const cases: [string, Partial<MutableTick>, RegExp][] = [
  ['ltp above Int32', { ltp: 2 ** 31 }, /ltp must be an integer number of paise in the Int32 range -2147483648\.\.2147483647, got 2147483648/],
  ['bid below Int32', { bid: -(2 ** 31) - 1 }, /bid must be an integer .* Int32/],
  ['fractional ask', { ask: 100.5 }, /ask must be an integer .*got 100\.5/],
  ['NaN ltp', { ltp: Number.NaN }, /ltp must be .*got NaN/],
  ['negative bidQty', { bidQty: -1 }, /bidQty must be an integer in 0\.\.4294967295/],
  ['askQty above u32', { askQty: 2 ** 32 }, /askQty must be an integer in 0\.\.4294967295/],
  ['fractional bidQty', { bidQty: 1.5 }, /bidQty must be an integer/],
  ['unknown instrument', { instrument: 3 }, /instrument must be an id of the universe \(0\.\.2\), got 3/],
  ['negative instrument', { instrument: -1 }, /instrument must be an id/],
  ['fractional ts', { ts: OPEN_TS + 0.5 }, /ts must be an integer epoch ms/],
  ['infinite ts', { ts: Number.POSITIVE_INFINITY }, /ts must be an integer epoch ms/],
  ['ts past year 9999', { ts: 253_402_300_800_000 }, /ts must fall in the years 0000\.\.9999/],
];

describe('record refuses values that do not fit', () => {
  it.each(cases)('%s', async (_name, patch, rule) => {
    const dir = tempDir();
    const rec = new TickRecorder({ dir, universe: smallUniverse, utcOffsetMin: IST });
    rec.record(sampleTicks(1)[0]!);
    expect(() => rec.record({ ...good, ...patch })).toThrow(rule);
    expect(() => rec.record({ ...good, ...patch })).toThrow(RangeError);
    expect(() => rec.record({ ...good, ...patch })).toThrow(/2026-01-05\.ticks: tick refused/);
    rec.record(good);
    await rec.close();
    expect(rec.recordedTicks).toBe(2);
    expect(readAll(dir)).toEqual(sampleTicks(2));
  });

  it('accepts the extreme values of every column', async () => {
    const dir = tempDir();
    const rec = new TickRecorder({ dir, universe: smallUniverse, utcOffsetMin: IST });
    const edge: Tick[] = [
      { ts: OPEN_TS, instrument: 2, ltp: 2 ** 31 - 1, bid: -(2 ** 31), ask: 0, bidQty: 2 ** 32 - 1, askQty: 0 },
      { ts: OPEN_TS - (9 * 60 + 15) * 60_000, instrument: 0, ltp: -1, bid: 1, ask: 2 ** 31 - 1, bidQty: 0, askQty: 2 ** 32 - 1 },
      { ts: OPEN_TS + (14 * 60 + 45) * 60_000 - 1, instrument: 1, ltp: 1, bid: 0, ask: 0, bidQty: 1, askQty: 1 },
    ];
    for (const t of edge) rec.record(t);
    await rec.close();
    expect(readAll(dir)).toEqual(edge);
  });
});

describe('constructor', () => {
  const base = { dir: '/nonexistent/never-written', universe: smallUniverse, utcOffsetMin: IST };

  it('refuses a bad chunk size or offset', () => {
    expect(() => new TickRecorder({ ...base, chunkSize: 0 })).toThrow(/chunkSize must be an integer in 1\.\.1048576, got 0/);
    expect(() => new TickRecorder({ ...base, chunkSize: 2 ** 20 + 1 })).toThrow(/chunkSize/);
    expect(() => new TickRecorder({ ...base, chunkSize: 2.5 })).toThrow(/chunkSize/);
    expect(() => new TickRecorder({ ...base, utcOffsetMin: 900 })).toThrow(/utcOffsetMin must be an integer in -720\.\.840, got 900/);
  });

  it('refuses a universe the file could not give back', () => {
    const index = smallUniverse.instruments[0]!;
    const sparse: Universe = { instruments: [index, { ...index, id: 5 }] };
    expect(() => new TickRecorder({ ...base, universe: sparse })).toThrow(/universe: instruments\[1\]\.id: must equal its position 1/);
    const fractional: Universe = { instruments: [{ ...index, tickSize: 0.05 }] };
    expect(() => new TickRecorder({ ...base, universe: fractional })).toThrow(/instruments\[0\]\.tickSize/);
    const huge: Universe = { instruments: Array.from({ length: 65_537 }, (_, id) => ({ ...index, id })) };
    expect(() => new TickRecorder({ ...base, universe: huge })).toThrow(/at most 65536 instruments fit the u16 instrument column/);
  });
});
