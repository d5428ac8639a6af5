/** A simulated market day recorded tick by tick reads back byte-exactly (every column) with its universe; two days make two files. */
import { describe, expect, it } from 'vitest';
import { loadSimConfig } from '../../../src/adapters/sim-config-file.js';
import { createSimMarket } from '../../../src/sim/market/sim-market.js';
import type { TickColumns } from '../../../src/sim/market/tick-columns.js';
import { listRecordings, recordingPath } from '../../../src/adapters/recorder/recording-files.js';
import { readRecording } from '../../../src/adapters/recorder/recording-reader.js';
import { TickRecorder } from '../../../src/adapters/recorder/tick-recorder.js';
import { tempDir } from './helpers.js';

const config = loadSimConfig();

const FIELDS = ['ts', 'instrument', 'ltp', 'bid', 'ask', 'bidQty', 'askQty'] as const;

/** The chunks' columns joined into one day (same array types). */
function concat(parts: readonly TickColumns[]): TickColumns {
  const length = parts.reduce((n, c) => n + c.length, 0);
  const join = <A extends Float64Array | Int32Array>(pick: (c: TickColumns) => A, make: (n: number) => A): A => {
    const out = make(length);
    let at = 0;
    for (const c of parts) {
      out.set(pick(c), at);
      at += c.length;
    }
    return out;
  };
  const f64 = (n: number): Float64Array => new Float64Array(n);
  return {
    length,
    ts: join((c) => c.ts, f64),
    instrument: join((c) => c.instrument, (n) => new Int32Array(n)),
    ltp: join((c) => c.ltp, f64),
    bid: join((c) => c.bid, f64),
    ask: join((c) => c.ask, f64),
    bidQty: join((c) => c.bidQty, f64),
    askQty: join((c) => c.askQty, f64),
  };
}

function bytesOf(a: Float64Array | Int32Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

describe('simulated days', () => {
  it('two NIFTY days round-trip byte-exactly, one file per trading date', async () => {
    const market = createSimMarket(config, { underlying: 'NIFTY', startDate: '2026-01-05', days: 2, seed: 7 });
    const offset = market.universe.instruments[market.indexInstrumentId]!.utcOffsetMin;
    const dir = tempDir();
    const rec = new TickRecorder({ dir, universe: market.universe, utcOffsetMin: offset });
    for (let d = 0; d < market.tradingDates.length; d++) for (const t of market.ticksForDay(d)) rec.record(t);
    await rec.close();
    expect(listRecordings(dir)).toEqual([...market.tradingDates]);
    market.tradingDates.forEach((date, d) => {
      const r = readRecording(recordingPath(dir, date));
      expect(r.truncated).toBe(false);
      expect(r.date).toBe(date);
      expect(r.universe).toEqual(market.universe);
      expect(r.columns.length).toBeGreaterThan(1);
      const want = market.columnsForDay(d);
      const got = concat(r.columns);
      expect(got.length).toBe(want.length);
      for (const f of FIELDS) expect(bytesOf(got[f]).equals(bytesOf(want[f])), f).toBe(true);
    });
  });
});
