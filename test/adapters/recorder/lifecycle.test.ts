/** Writer lifecycle: the tick object is not kept, flush and close order, write failures surface, and a restart appends to the day's file. */
import { readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { MutableTick } from '../../../src/core/model/tick.js';
import { listRecordings, recordingPath } from '../../../src/adapters/recorder/recording-files.js';
import { readRecording, ticksOf } from '../../../src/adapters/recorder/recording-reader.js';
import { TickRecorder } from '../../../src/adapters/recorder/tick-recorder.js';
import { IST, readAll, sampleTicks, smallUniverse, tempDir } from './helpers.js';

const DATE = '2026-01-05';

describe('record', () => {
  it('copies the fields: a reused tick object mutated after record reads back with its recorded values', async () => {
    const dir = tempDir();
    const rec = new TickRecorder({ dir, universe: smallUniverse, utcOffsetMin: IST, chunkSize: 4 });
    const ticks = sampleTicks(10);
    const reused: MutableTick = { ts: 0, instrument: 0, ltp: 0, bid: 0, ask: 0, bidQty: 0, askQty: 0 };
    for (const t of ticks) {
      Object.assign(reused, t);
      rec.record(reused);
      Object.assign(reused, { ts: 1, instrument: 99, ltp: -7, bid: -7, ask: -7, bidQty: 0.5, askQty: 0.5 });
    }
    await rec.close();
    expect(readAll(dir)).toEqual(ticks);
  });
});

describe('flush and close', () => {
  it('flushes resolve in order, each once its ticks are in the file', async () => {
    const dir = tempDir();
    const path = recordingPath(dir, DATE);
    const rec = new TickRecorder({ dir, universe: smallUniverse, utcOffsetMin: IST });
    const ticks = sampleTicks(5);
    const order: string[] = [];
    ticks.slice(0, 3).forEach((t) => rec.record(t));
    const first = rec.flush().then(() => order.push('first'));
    ticks.slice(3).forEach((t) => rec.record(t));
    const second = rec.flush().then(() => order.push('second'));
    await first;
    expect(readRecording(path).columns[0]!.length).toBe(3);
    await second;
    expect(order).toEqual(['first', 'second']);
    const r = readRecording(path);
    expect(r.columns.map((c) => c.length)).toEqual([3, 2]);
    expect(r.truncated).toBe(false);
    expect([...ticksOf(r)]).toEqual(ticks);
    await rec.flush(); // nothing buffered: no empty chunk
    await rec.close();
    await rec.close();
    expect(readRecording(path).columns).toHaveLength(2);
    expect(() => rec.record(ticks[0]!)).toThrow(/recorder is closed/);
  });

  it('creates no file before the first tick, and flush/close with nothing recorded resolve', async () => {
    const dir = join(tempDir(), 'not-yet');
    const rec = new TickRecorder({ dir, universe: smallUniverse, utcOffsetMin: IST });
    await rec.flush();
    await rec.close();
    expect(listRecordings(dir)).toEqual([]);
  });

  it('a write failure reaches onError once and rejects every later flush and close; record never throws for it', async () => {
    const blocker = join(tempDir(), 'a-file');
    writeFileSync(blocker, 'not a directory');
    const onError = vi.fn();
    const rec = new TickRecorder({ dir: join(blocker, 'recordings'), universe: smallUniverse, utcOffsetMin: IST, chunkSize: 2, onError });
    for (const t of sampleTicks(5)) rec.record(t);
    await expect(rec.flush()).rejects.toThrow(/ENOTDIR|EEXIST/);
    expect(onError).toHaveBeenCalledTimes(1);
    expect(rec.error).toBe(onError.mock.calls[0]![0]);
    for (const t of sampleTicks(5)) rec.record(t);
    await expect(rec.flush()).rejects.toBe(rec.error);
    await expect(rec.close()).rejects.toBe(rec.error);
    expect(onError).toHaveBeenCalledTimes(1);
    expect(rec.writtenTicks).toBe(0);
    expect(rec.recordedTicks).toBe(10);
  });
});

describe('restart during a day', () => {
  it('a second recorder with the same universe appends to the date file', async () => {
    const dir = tempDir();
    const ticks = sampleTicks(9);
    const a = new TickRecorder({ dir, universe: smallUniverse, utcOffsetMin: IST, chunkSize: 4 });
    ticks.slice(0, 6).forEach((t) => a.record(t));
    await a.close();
    const b = new TickRecorder({ dir, universe: smallUniverse, utcOffsetMin: IST, chunkSize: 4 });
    ticks.slice(6).forEach((t) => b.record(t));
    await b.close();
    const r = readRecording(recordingPath(dir, DATE));
    expect(r.columns.map((c) => c.length)).toEqual([4, 2, 3]);
    expect([...ticksOf(r)]).toEqual(ticks);
  });

  it('cuts a torn tail left by a crash before appending', async () => {
    const dir = tempDir();
    const path = recordingPath(dir, DATE);
    const ticks = sampleTicks(12);
    const a = new TickRecorder({ dir, universe: smallUniverse, utcOffsetMin: IST, chunkSize: 4 });
    ticks.slice(0, 8).forEach((t) => a.record(t));
    await a.close();
    const size = readFileSync(path).length;
    truncateSync(path, size - 10); // the second chunk is torn
    expect(readRecording(path).truncated).toBe(true);
    const b = new TickRecorder({ dir, universe: smallUniverse, utcOffsetMin: IST, chunkSize: 4 });
    ticks.slice(8).forEach((t) => b.record(t));
    await b.close();
    const r = readRecording(path);
    expect(r.truncated).toBe(false);
    expect([...ticksOf(r)]).toEqual([...ticks.slice(0, 4), ...ticks.slice(8)]);
  });

  it('refuses to append to a file recorded with another universe, and leaves it untouched', async () => {
    const dir = tempDir();
    const path = recordingPath(dir, DATE);
    const a = new TickRecorder({ dir, universe: smallUniverse, utcOffsetMin: IST });
    sampleTicks(3).forEach((t) => a.record(t));
    await a.close();
    const before = readFileSync(path);
    const onError = vi.fn();
    const other = { instruments: smallUniverse.instruments.slice(0, 1) };
    const b = new TickRecorder({ dir, universe: other, utcOffsetMin: IST, onError });
    b.record(sampleTicks(1)[0]!);
    await expect(b.close()).rejects.toThrow(/2026-01-05\.ticks: exists with a different header .*refusing to append/);
    expect(onError).toHaveBeenCalledTimes(1);
    expect(readFileSync(path).equals(before)).toBe(true);
  });
});
