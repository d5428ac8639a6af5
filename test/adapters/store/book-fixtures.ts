/** Test fixtures: a real trade book holding one closed trade, and a corrupt copy of a book. */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { TradeBook } from '../../../src/adapters/store/trade-book.js';
import type { BookBatch, ClosedTradeRecord, TradeEventRecord } from '../../../src/core/model/book-records.js';

const T0 = 1_767_585_600_000; // 2026-01-05 04:00 UTC
export const fill = (o: Partial<TradeEventRecord>): TradeEventRecord => ({
  eventId: 'e1',
  tradeId: 't1',
  kind: 'ENTRY',
  ts: T0,
  tradingDate: '2026-01-05',
  mode: 'PAPER',
  source: 'agent',
  underlying: 'NIFTY',
  exchange: 'NFO',
  symbol: 'NIFTY06JAN2626000CE',
  side: 'CE',
  action: 'BUY',
  qty: 75,
  price: 10_000,
  signalPrice: null,
  latencyMs: null,
  charges: 100,
  positionQty: 75,
  reason: 'test',
  preset: 'nifty_normal',
  paramsVersion: 'p-1',
  contextJson: null,
  ...o,
});
const trade: ClosedTradeRecord = {
  tradeId: 't1',
  mode: 'PAPER',
  source: 'agent',
  underlying: 'NIFTY',
  exchange: 'NFO',
  symbol: 'NIFTY06JAN2626000CE',
  side: 'CE',
  qty: 75,
  entryTs: T0,
  exitTs: T0 + 60_000,
  entryPrice: 10_000,
  exitPrice: 10_200,
  grossPnl: 15_000,
  charges: 200,
  netPnl: 14_800,
  exitReason: 'take_profit',
  preset: 'nifty_normal',
  paramsVersion: 'p-1',
  regime: 'TRENDING',
  tradingDate: '2026-01-05',
  utcOffsetMin: 330,
};
/** One closed trade: its entry, its exit and the close. */
export const oneTrade: BookBatch = {
  events: [fill({}), fill({ eventId: 'e2', kind: 'EXIT', ts: T0 + 60_000, action: 'SELL', price: 10_200, positionQty: 0 })],
  trades: [trade],
  others: [],
};

/** A real book holding one trade, at `path`. */
export function writeBook(path: string): void {
  const book = TradeBook.open(path);
  book.insert(oneTrade);
  book.close();
}

/** A copy of a real book with garbage written over its first pages (the header and the schema). */
export function corruptCopy(from: string, to: string): void {
  copyFileSync(from, to);
  const bytes = readFileSync(to);
  bytes.fill(0x5a, 0, Math.min(bytes.length, 8192));
  writeFileSync(to, bytes);
}

