/** Test helpers for the recorder: temp dirs, a small universe, plain ticks and reading a whole directory back. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { epochOfLocal } from '../../../src/core/calendar/exchange-time.js';
import type { Universe } from '../../../src/core/model/instrument.js';
import type { Tick } from '../../../src/core/model/tick.js';
import { listRecordings, recordingPath } from '../../../src/adapters/recorder/recording-files.js';
import { readRecording, ticksOf } from '../../../src/adapters/recorder/recording-reader.js';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temp dir, removed after the test. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'recorder-test-'));
  made.push(dir);
  return dir;
}

export const IST = 330;

export const smallUniverse: Universe = {
  instruments: [
    { kind: 'INDEX', id: 0, symbol: 'NIFTY', exchange: 'NSE', utcOffsetMin: IST, tickSize: 5 },
    {
      kind: 'OPTION',
      id: 1,
      symbol: 'NIFTY06JAN2625800CE',
      exchange: 'NFO',
      utcOffsetMin: IST,
      tickSize: 5,
      right: 'CE',
      underlying: 'NIFTY',
      strike: 2_580_000,
      expiryDate: '2026-01-06',
      lotSize: 65,
      typicalSpread: 5,
    },
    {
      kind: 'OPTION',
      id: 2,
      symbol: 'NIFTY06JAN2625800PE',
      exchange: 'NFO',
      utcOffsetMin: IST,
      tickSize: 5,
      right: 'PE',
      underlying: 'NIFTY',
      strike: 2_580_000,
      expiryDate: '2026-01-06',
      lotSize: 65,
      typicalSpread: 5,
    },
  ],
};

/** 09:15 IST on 2026-01-05. */
export const OPEN_TS = epochOfLocal('2026-01-05', 9 * 60 + 15, IST);

/** `n` distinct plain ticks, 250 ms apart, cycling through the small universe. */
export function sampleTicks(n: number, startTs = OPEN_TS): Tick[] {
  return Array.from({ length: n }, (_, i) => ({
    ts: startTs + 250 * i,
    instrument: i % 3,
    ltp: 10_000 + 5 * i,
    bid: i % 3 === 0 ? 0 : 9_995 + 5 * i,
    ask: i % 3 === 0 ? 0 : 10_005 + 5 * i,
    bidQty: i % 3 === 0 ? 0 : 65 * (1 + (i % 7)),
    askQty: i % 3 === 0 ? 0 : 65 * (1 + (i % 5)),
  }));
}

/** Every field of a tick, as a plain object (drops depth). */
export function plain(t: Tick): Tick {
  return { ts: t.ts, instrument: t.instrument, ltp: t.ltp, bid: t.bid, ask: t.ask, bidQty: t.bidQty, askQty: t.askQty };
}

/** All ticks of every recording in `dir`, dates ascending. */
export function readAll(dir: string): Tick[] {
  return listRecordings(dir).flatMap((date) => [...ticksOf(readRecording(recordingPath(dir, date)))]);
}
