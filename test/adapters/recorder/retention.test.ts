/** Retention: the oldest day files go first until the recordings fit the limit; the file being written always stays. */
import { statSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { epochOfLocal } from '../../../src/core/calendar/exchange-time.js';
import { listRecordings, recordingPath } from '../../../src/adapters/recorder/recording-files.js';
import { pruneRecordings } from '../../../src/adapters/recorder/recording-retention.js';
import { TickRecorder } from '../../../src/adapters/recorder/tick-recorder.js';
import { IST, smallUniverse, tempDir } from './helpers.js';

const dates = ['2026-01-01', '2026-01-02', '2026-01-05', '2026-01-06', '2026-01-07'];

describe('recordings retention', () => {
  it('deletes the oldest day files until the total fits, and nothing else', async () => {
    const dir = tempDir();
    for (const d of dates) writeFileSync(recordingPath(dir, d), Buffer.alloc(1000));
    writeFileSync(`${dir}/notes.txt`, Buffer.alloc(5000));
    const deleted = await pruneRecordings(dir, 2500, '2026-01-07');
    expect(deleted).toEqual(dates.slice(0, 3).map((d) => recordingPath(dir, d)));
    expect(listRecordings(dir)).toEqual(dates.slice(3));
    expect(statSync(`${dir}/notes.txt`).size).toBe(5000);
    expect(await pruneRecordings(dir, 2500, '2026-01-07')).toEqual([]);
  });

  it('never deletes the file being written, even when it alone is over the limit', async () => {
    const dir = tempDir();
    for (const d of dates) writeFileSync(recordingPath(dir, d), Buffer.alloc(1000));
    await pruneRecordings(dir, 0, '2026-01-02');
    expect(listRecordings(dir)).toEqual(['2026-01-02']);
  });

  it('is applied by the recorder each time it opens a day’s file', async () => {
    const dir = tempDir();
    for (const d of dates.slice(0, 3)) writeFileSync(recordingPath(dir, d), Buffer.alloc(1000));
    const pruned: string[][] = [];
    // A limit of 0 keeps only the file being written: every opening deletes all older days, oldest first.
    const rec = new TickRecorder({ dir, universe: smallUniverse, utcOffsetMin: IST, maxBytes: 0, onPruned: (p) => pruned.push([...p]) });
    const tick = (date: string) => ({ ts: epochOfLocal(date, 9 * 60 + 15, IST), instrument: 0, ltp: 100, bid: 0, ask: 0, bidQty: 0, askQty: 0 });
    rec.record(tick('2026-01-06'));
    await rec.flush();
    expect(listRecordings(dir)).toEqual(['2026-01-06']);
    rec.record(tick('2026-01-07'));
    await rec.close();
    expect(listRecordings(dir)).toEqual(['2026-01-07']);
    expect(pruned).toEqual([['2026-01-01', '2026-01-02', '2026-01-05'].map((d) => recordingPath(dir, d)), [recordingPath(dir, '2026-01-06')]]);
  });

  it('refuses a negative limit', () => {
    expect(() => new TickRecorder({ dir: tempDir(), universe: smallUniverse, utcOffsetMin: IST, maxBytes: -1 })).toThrow(/maxBytes must be a number ≥ 0/);
  });
});
