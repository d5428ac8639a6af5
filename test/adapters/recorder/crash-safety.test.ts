/** Crash safety and corruption: a torn tail at any byte keeps every complete chunk; a corrupt complete chunk or header is an error naming the offset. */
import { readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RecordingFormatError } from '../../../src/adapters/recorder/recording-error.js';
import { recordingPath } from '../../../src/adapters/recorder/recording-files.js';
import { decodeRecording, readRecording, ticksOf } from '../../../src/adapters/recorder/recording-reader.js';
import { TickRecorder } from '../../../src/adapters/recorder/tick-recorder.js';
import { IST, sampleTicks, smallUniverse, tempDir } from './helpers.js';

/** A recording with chunks of 4, 4 and 3 ticks: its path, bytes, chunk start offsets and end. */
async function threeChunks(): Promise<{ path: string; bytes: Uint8Array; starts: number[]; end: number }> {
  const dir = tempDir();
  const rec = new TickRecorder({ dir, universe: smallUniverse, utcOffsetMin: IST, chunkSize: 4 });
  for (const t of sampleTicks(11)) rec.record(t);
  await rec.close();
  const path = recordingPath(dir, '2026-01-05');
  const bytes = new Uint8Array(readFileSync(path));
  const view = new DataView(bytes.buffer);
  // Walk the format by hand: the header is 44 bytes + universe JSON (length at 36), each chunk 16 + 26 per tick, 8-aligned.
  const starts: number[] = [];
  let at = (44 + view.getUint32(36, true) + 7) & ~7;
  while (at < bytes.length) {
    starts.push(at);
    at += (16 + 26 * view.getUint32(at + 4, true) + 7) & ~7;
  }
  return { path, bytes, starts, end: at };
}

function expectFormatError(fn: () => unknown, offset: number, rule: RegExp): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(RecordingFormatError);
  const err = caught as RecordingFormatError;
  expect(err.offset).toBe(offset);
  expect(err.message).toMatch(rule);
  expect(err.message).toContain(`byte offset ${offset}`);
}

describe('torn tail', () => {
  it('a file cut at every byte inside the last chunk reads the earlier chunks, truncated = true', async () => {
    const { path, starts, end } = await threeChunks();
    expect(starts).toHaveLength(3);
    expect(statSync(path).size).toBe(end);
    const last = starts[2]!;
    const expected = sampleTicks(8);
    for (let cut = end - 1; cut > last; cut--) {
      truncateSync(path, cut);
      const r = readRecording(path);
      expect(r.truncated, `cut at ${cut}`).toBe(true);
      expect(r.validBytes).toBe(last);
      expect(r.columns.map((c) => c.length)).toEqual([4, 4]);
      expect([...ticksOf(r)]).toEqual(expected);
    }
    truncateSync(path, last);
    const whole = readRecording(path);
    expect(whole.truncated).toBe(false);
    expect(whole.ticks).toBe(8);
  });

  it('a zero-filled tail (blocks allocated but never written) is a torn tail, not corruption', async () => {
    const { path, bytes } = await threeChunks();
    const padded = new Uint8Array(bytes.length + 300);
    padded.set(bytes);
    writeFileSync(path, padded);
    const r = readRecording(path);
    expect(r.truncated).toBe(true);
    expect(r.ticks).toBe(11);
  });

  it('a file cut inside the header is refused as a truncated header', async () => {
    const { path, starts } = await threeChunks();
    for (const cut of [starts[0]! - 1, 43, 20, 5, 0]) {
      truncateSync(path, cut);
      expect(() => readRecording(path), `cut at ${cut}`).toThrow(/truncated header/);
    }
  });
});

describe('corruption', () => {
  it('any byte changed in a complete chunk is an error naming that chunk offset', async () => {
    const { path, bytes, starts, end } = await threeChunks();
    const bounds = [...starts, end];
    for (let k = 0; k < starts.length; k++) {
      for (let at = bounds[k]!; at < bounds[k + 1]!; at++) {
        const bad = bytes.slice();
        bad[at] = bad[at]! ^ 0x5a;
        expectFormatError(() => decodeRecording(bad, path), bounds[k]!, /chunk (marker|header checksum|payload checksum)/);
      }
    }
  });

  it('any byte changed in the file header is an error', async () => {
    const { path, bytes, starts } = await threeChunks();
    for (let at = 0; at < starts[0]!; at++) {
      const bad = bytes.slice();
      bad[at] = bad[at]! ^ 0x01;
      expect(() => decodeRecording(bad, path), `byte ${at}`).toThrow(RecordingFormatError);
    }
  });

  it('bad magic, unsupported version and a corrupt universe name the file and the rule', async () => {
    const { path, bytes } = await threeChunks();
    const magic = bytes.slice();
    magic.set(new TextEncoder().encode('NOTTICKS'), 0);
    writeFileSync(path, magic);
    expectFormatError(() => readRecording(path), 0, /bad magic/);
    expect(() => readRecording(path)).toThrow(path);

    const version = bytes.slice();
    version[8] = 2;
    expectFormatError(() => decodeRecording(version, path), 8, /unsupported format version 2 \(this reader knows 1\)/);

    const universe = bytes.slice();
    universe[50] = universe[50]! ^ 0x20;
    expectFormatError(() => decodeRecording(universe, path), 40, /header checksum mismatch/);
  });
});
