/** Day change: the first tick of a new exchange trading date closes the file and starts the next; listRecordings finds both. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { epochOfLocal } from '../../../src/core/calendar/exchange-time.js';
import { listRecordings, recordingPath } from '../../../src/adapters/recorder/recording-files.js';
import { readRecording, ticksOf } from '../../../src/adapters/recorder/recording-reader.js';
import { TickRecorder } from '../../../src/adapters/recorder/tick-recorder.js';
import { IST, readAll, smallUniverse, tempDir } from './helpers.js';

describe('day rollover', () => {
  it('splits at local (exchange) midnight, not UTC midnight', async () => {
    const dir = tempDir();
    const midnight = epochOfLocal('2026-01-06', 0, IST); // 18:30 UTC on the 5th
    const base = { instrument: 0, bid: 0, ask: 0, bidQty: 0, askQty: 0 };
    const ticks = [
      { ...base, ts: midnight - 60_000, ltp: 1 },
      { ...base, ts: midnight - 1, ltp: 2 },
      { ...base, ts: midnight, ltp: 3 },
      { ...base, ts: midnight + 86_400_000 - 1, ltp: 4 },
    ];
    const rec = new TickRecorder({ dir, universe: smallUniverse, utcOffsetMin: IST, chunkSize: 100 });
    for (const t of ticks) rec.record(t);
    await rec.close();
    expect(listRecordings(dir)).toEqual(['2026-01-05', '2026-01-06']);
    const first = readRecording(recordingPath(dir, '2026-01-05'));
    const second = readRecording(recordingPath(dir, '2026-01-06'));
    expect(first.date).toBe('2026-01-05');
    expect(second.date).toBe('2026-01-06');
    expect([...ticksOf(first)]).toEqual(ticks.slice(0, 2));
    expect([...ticksOf(second)]).toEqual(ticks.slice(2));
    expect(second.universe).toEqual(smallUniverse);
  });

  it('spans several days, skipping dates without ticks', async () => {
    const dir = tempDir();
    const dates = ['2026-01-05', '2026-01-06', '2026-01-09'];
    const ticks = dates.flatMap((d, k) =>
      [0, 1, 2].map((i) => ({ ts: epochOfLocal(d, 9 * 60 + 15 + i, IST), instrument: i, ltp: 100 * k + i + 1, bid: 0, ask: 0, bidQty: 0, askQty: 0 })),
    );
    const rec = new TickRecorder({ dir, universe: smallUniverse, utcOffsetMin: IST, chunkSize: 2 });
    for (const t of ticks) rec.record(t);
    await rec.close();
    expect(listRecordings(dir)).toEqual(dates);
    expect(readAll(dir)).toEqual(ticks);
  });

  it('a tick of an earlier date goes back to that date file (appended after its chunks)', async () => {
    const dir = tempDir();
    const at = (date: string, minute: number, ltp: number) => ({ ts: epochOfLocal(date, minute, IST), instrument: 0, ltp, bid: 0, ask: 0, bidQty: 0, askQty: 0 });
    const rec = new TickRecorder({ dir, universe: smallUniverse, utcOffsetMin: IST });
    for (const t of [at('2026-01-05', 900, 1), at('2026-01-06', 600, 2), at('2026-01-05', 901, 3)]) rec.record(t);
    await rec.close();
    const first = readRecording(recordingPath(dir, '2026-01-05'));
    expect(first.columns.map((c) => c.length)).toEqual([1, 1]);
    expect([...ticksOf(first)].map((t) => t.ltp)).toEqual([1, 3]);
    expect([...ticksOf(readRecording(recordingPath(dir, '2026-01-06')))].map((t) => t.ltp)).toEqual([2]);
  });

  it('listRecordings ignores other files and a missing directory', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'notes.txt'), '');
    writeFileSync(join(dir, '2026-01-05.universe.json'), '{}');
    writeFileSync(join(dir, '2026-01-07.ticks'), '');
    expect(listRecordings(dir)).toEqual(['2026-01-07']);
    expect(listRecordings(join(dir, 'missing'))).toEqual([]);
  });
});
