/** Writer benchmark: trade events per second committed through the event queue and the SQLite writer thread. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { dbFiles } from '../src/adapters/store/db-paths.js';
import { EventWriter } from '../src/adapters/store/event-writer.js';
import type { TradeEventRecord } from '../src/core/model/book-records.js';

function fill(i: number): TradeEventRecord {
  return {
    eventId: `bench:${i}`,
    tradeId: `bench#${i >> 1}`,
    kind: i % 2 === 0 ? 'ENTRY' : 'EXIT',
    ts: 1_767_585_000_000 + i * 1000,
    tradingDate: '2026-01-05',
    mode: 'PAPER',
    source: 'agent',
    underlying: 'NIFTY',
    exchange: 'NFO',
    symbol: 'NIFTY06JAN2626000CE',
    side: 'CE',
    action: i % 2 === 0 ? 'BUY' : 'SELL',
    qty: 130,
    price: 10_000 + (i % 50) * 5,
    signalPrice: 10_000,
    latencyMs: 120,
    charges: 2_500,
    positionQty: i % 2 === 0 ? 130 : 0,
    reason: 'bench',
    preset: 'nifty_normal',
    paramsVersion: 'p-0000000000000000',
    contextJson: '{"regime":"TRENDING","momentumCount":6}',
  };
}

/** Pushes `n` events in bursts of `burst` (one post per burst, as the service does per tick chunk) and waits for all commits. */
export async function writerBench(n = 200_000, burst = 500): Promise<{ events: number; committedEventsPerSec: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'scalper-bench-'));
  try {
    const files = dbFiles(dir);
    const writer = await EventWriter.start({ bookPath: files.auto, controlPath: files.control, capacity: n + 1 });
    const records = Array.from({ length: n }, (_, i) => fill(i));
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      writer.push({ fill: records[i]! });
      if ((i + 1) % burst === 0) writer.post(i);
    }
    await writer.drain(n);
    const ms = performance.now() - t0;
    await writer.close(n);
    return { events: n, committedEventsPerSec: Math.round((n / ms) * 1000) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
