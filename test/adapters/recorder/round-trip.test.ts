/** Round trips: random universes and ticks (every field at its column's limits), several chunks, partial flushes. */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayNumberToDate, epochOfLocal } from '../../../src/core/calendar/exchange-time.js';
import type { Instrument, Universe } from '../../../src/core/model/instrument.js';
import type { Tick } from '../../../src/core/model/tick.js';
import { listRecordings, recordingPath } from '../../../src/adapters/recorder/recording-files.js';
import { decodeRecording, readRecording, ticksOf } from '../../../src/adapters/recorder/recording-reader.js';
import { TickRecorder } from '../../../src/adapters/recorder/tick-recorder.js';
import { IST, plain, sampleTicks, smallUniverse, tempDir } from './helpers.js';

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const UINT32_MAX = 4294967295;

const price = fc.oneof(fc.integer({ min: INT32_MIN, max: INT32_MAX }), fc.constantFrom(INT32_MIN, INT32_MAX, 0, 5));
const u32 = fc.oneof(
  fc.tuple(fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 0, max: 0xffff })).map(([hi, lo]) => hi * 0x10000 + lo),
  fc.constantFrom(0, UINT32_MAX, 65),
);

const common = {
  symbol: fc.string({ unit: 'binary', maxLength: 12 }),
  exchange: fc.string({ maxLength: 4 }),
  utcOffsetMin: fc.integer({ min: -720, max: 840 }),
  tickSize: fc.integer({ min: 1, max: 10_000 }),
};

const instrumentArb: fc.Arbitrary<Omit<Instrument, 'id'>> = fc.oneof(
  fc.record({ kind: fc.constant('INDEX' as const), ...common }),
  fc.record({
    kind: fc.constant('OPTION' as const),
    ...common,
    right: fc.constantFrom('CE' as const, 'PE' as const),
    underlying: fc.string({ maxLength: 8 }),
    strike: fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }),
    expiryDate: fc.integer({ min: 0, max: 60_000 }).map(dayNumberToDate),
    lotSize: fc.integer({ min: 1, max: 100_000 }),
    typicalSpread: fc.integer({ min: 0, max: 10_000 }),
  }),
);

const universeArb: fc.Arbitrary<Universe> = fc
  .array(instrumentArb, { minLength: 1, maxLength: 6 })
  .map((list) => ({ instruments: list.map((inst, id) => ({ ...inst, id }) as Instrument) }));

/** A universe, an offset, and ticks of one trading date in any order, with flush points. */
const caseArb = fc
  .record({
    universe: universeArb,
    utcOffsetMin: fc.integer({ min: -720, max: 840 }),
    day: fc.integer({ min: -25_000, max: 60_000 }),
    chunkSize: fc.integer({ min: 1, max: 9 }),
  })
  .chain((c) => {
    const dayStart = epochOfLocal(dayNumberToDate(c.day), 0, c.utcOffsetMin);
    const tick = fc.record({
      ts: fc.oneof(fc.integer({ min: 0, max: 86_399_999 }), fc.constantFrom(0, 86_399_999)).map((ms) => dayStart + ms),
      instrument: fc.integer({ min: 0, max: c.universe.instruments.length - 1 }),
      ltp: price,
      bid: price,
      ask: price,
      bidQty: u32,
      askQty: u32,
    });
    return fc.record({
      c: fc.constant(c),
      ticks: fc.array(fc.tuple(tick, fc.boolean()), { minLength: 1, maxLength: 40 }),
    });
  });

describe('TickRecorder → readRecording round trip', () => {
  it('gives back exactly the recorded ticks (every field) and the universe', async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async ({ c, ticks }) => {
        const dir = tempDir();
        const rec = new TickRecorder({ dir, universe: c.universe, utcOffsetMin: c.utcOffsetMin, chunkSize: c.chunkSize });
        for (const [t, flushAfter] of ticks) {
          rec.record(t);
          if (flushAfter) await rec.flush();
        }
        await rec.close();
        const dates = listRecordings(dir);
        expect(dates).toEqual([dayNumberToDate(c.day)]);
        const r = readRecording(recordingPath(dir, dates[0]!));
        expect(r.truncated).toBe(false);
        expect(r.date).toBe(dates[0]);
        expect(r.utcOffsetMin).toBe(c.utcOffsetMin);
        expect(r.universe).toEqual(c.universe);
        expect([...ticksOf(r)]).toEqual(ticks.map(([t]) => t));
        for (const col of r.columns) expect(col.length).toBeLessThanOrEqual(c.chunkSize);
        expect(rec.writtenTicks).toBe(ticks.length);
      }),
      { numRuns: 60 },
    );
  });

  it('splits into chunks of chunkSize, with a short last chunk', async () => {
    const dir = tempDir();
    const ticks = sampleTicks(3_500);
    const rec = new TickRecorder({ dir, universe: smallUniverse, utcOffsetMin: IST, chunkSize: 1_000 });
    for (const t of ticks) rec.record(t);
    await rec.close();
    const r = readRecording(recordingPath(dir, '2026-01-05'));
    expect(r.columns.map((c) => c.length)).toEqual([1_000, 1_000, 1_000, 500]);
    expect(r.ticks).toBe(3_500);
    expect([...ticksOf(r)]).toEqual(ticks);
    expect(r.universe).toEqual(smallUniverse);
  });

  it('decodes every chunk into one set of columns when joined, equal to the chunks end to end', async () => {
    const dir = tempDir();
    const ticks = sampleTicks(2_500);
    const rec = new TickRecorder({ dir, universe: smallUniverse, utcOffsetMin: IST, chunkSize: 1_000 });
    for (const t of ticks) rec.record(t);
    await rec.close();
    const path = recordingPath(dir, '2026-01-05');
    const joined = decodeRecording(readFileSync(path), path, true);
    expect(joined.columns).toHaveLength(1);
    expect(joined.columns[0]!.length).toBe(2_500);
    expect(joined.ticks).toBe(2_500);
    expect([...ticksOf(joined)]).toEqual(ticks);
    expect({ ...joined, columns: [] }).toEqual({ ...readRecording(path), columns: [] });
  });

  it('writes a full chunk while recording continues, without waiting for flush', async () => {
    const dir = tempDir();
    const rec = new TickRecorder({ dir, universe: smallUniverse, utcOffsetMin: IST, chunkSize: 10 });
    const ticks = sampleTicks(35);
    for (const t of ticks) rec.record(t);
    expect(rec.recordedTicks).toBe(35);
    await rec.flush();
    expect(rec.writtenTicks).toBe(35);
    const r = readRecording(recordingPath(dir, '2026-01-05'));
    expect(r.columns.map((c) => c.length)).toEqual([10, 10, 10, 5]);
    await rec.close();
  });

  it('decodes bytes at any alignment in memory', async () => {
    const dir = tempDir();
    const rec = new TickRecorder({ dir, universe: smallUniverse, utcOffsetMin: IST, chunkSize: 3 });
    for (const t of sampleTicks(7)) rec.record(t);
    await rec.close();
    const file = readFileSync(recordingPath(dir, '2026-01-05'));
    const shifted = new Uint8Array(file.length + 1);
    shifted.set(file, 1);
    const r = decodeRecording(shifted.subarray(1), 'in-memory');
    expect([...ticksOf(r)]).toEqual(sampleTicks(7));
  });

  it('ticksOf yields fresh objects that may be kept', async () => {
    const dir = tempDir();
    const rec = new TickRecorder({ dir, universe: smallUniverse, utcOffsetMin: IST });
    for (const t of sampleTicks(3)) rec.record(t);
    await rec.close();
    const out = [...ticksOf(readRecording(recordingPath(dir, '2026-01-05')))];
    expect(new Set(out).size).toBe(3);
    expect(out.map(plain)).toEqual(sampleTicks(3));
  });

  it('drops depth (not recorded) and keeps every other field', async () => {
    const dir = tempDir();
    const rec = new TickRecorder({ dir, universe: smallUniverse, utcOffsetMin: IST });
    const t: Tick = { ...sampleTicks(2)[1]!, depth: { bids: [{ price: 9_990, qty: 65 }], asks: [{ price: 10_010, qty: 130 }] } };
    rec.record(t);
    await rec.close();
    const [back] = [...ticksOf(readRecording(recordingPath(dir, '2026-01-05')))];
    expect(back).toEqual(plain(t));
    expect(back?.depth).toBeUndefined();
  });
});
