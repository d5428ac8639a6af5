import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chargesByExchange } from '../../src/app/charges-wiring.js';
import { ingestManualTrades, ManualTradesRejected } from '../../src/app/commands/ingest-manual-trades.js';
import { loadRateCards } from '../../src/adapters/rate-cards.js';
import { TradeBook } from '../../src/adapters/store/trade-book.js';

const charges = chargesByExchange(loadRateCards());
let dir: string;
let book: TradeBook;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'scalper-manual-'));
  book = TradeBook.open(join(dir, 'manual-trades.sqlite'));
});
afterEach(() => {
  book.close();
  rmSync(dir, { recursive: true, force: true });
});

const base = { source: 'chart', mode: 'LIVE', underlying: 'NIFTY', exchange: 'NFO', symbol: 'NIFTY06JAN2626000CE', side: 'CE' } as const;
const entry = (id: string, trade: string, price: number, qty = 65, ts = Date.UTC(2026, 0, 5, 4, 30)) => ({ ...base, eventId: id, tradeId: trade, type: 'ENTRY', ts, qty, price });
const exit = (id: string, trade: string, price: number, qty = 65, ts = Date.UTC(2026, 0, 5, 4, 35)) => ({ ...base, eventId: id, tradeId: trade, type: 'EXIT', ts, qty, price });

function refused(payload: unknown): { field: string; message: string }[] {
  try {
    ingestManualTrades({ book, charges }, payload);
  } catch (e) {
    if (e instanceof ManualTradesRejected) return [...e.issues];
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('manual trade ingestion', () => {
  it('stores ENTRY/EXIT pairs in the manual book with charges from the rate card, net of charges', () => {
    const out = ingestManualTrades({ book, charges }, { events: [entry('e1', 't1', 100.05), exit('x1', 't1', 103.4)] });
    expect(out).toEqual({ accepted: 2, duplicates: 0, tradesClosed: 1 });
    const t = book.closedTrade('t1')!;
    // BUY 65 @ 100.05 and SELL 65 @ 103.40 on the NSE card.
    expect(t.grossPnl).toBe((10_340 - 10_005) * 65);
    expect(t.charges).toBe(charges('NFO', 330, 'BUY', 65, 10_005, t.entryTs) + charges('NFO', 330, 'SELL', 65, 10_340, t.exitTs));
    expect(t.netPnl).toBe(t.grossPnl - t.charges);
    expect(t.source).toBe('chart');
  });

  it('handles partial exits, batches split across calls, and identical resends as no-ops', () => {
    ingestManualTrades({ book, charges }, { events: [entry('e1', 't1', 100, 130)] });
    ingestManualTrades({ book, charges }, { events: [exit('x1', 't1', 101, 65)] });
    expect(book.closedTrade('t1')).toBeUndefined();
    expect(book.fillsOfTrade('t1')[1]!.kind).toBe('PARTIAL_EXIT');
    const out = ingestManualTrades({ book, charges }, { events: [exit('x1', 't1', 101, 65), exit('x2', 't1', 102, 65)] });
    expect(out).toEqual({ accepted: 1, duplicates: 1, tradesClosed: 1 });
    expect(book.closedTrade('t1')!.grossPnl).toBe(65 * 10_100 + 65 * 10_200 - 130 * 10_000);
  });

  it.each([
    [{ events: [{ ...entry('e1', 't1', 100), qty: undefined }] }, 'events.0.qty'],
    [{ events: [{ ...entry('e1', 't1', 100), qty: '65' }] }, 'events.0.qty'],
    [{ events: [{ ...entry('e1', 't1', 100), qty: -65 }] }, 'events.0.qty'],
    [{ events: [{ ...entry('e1', 't1', 100), qty: 6.5 }] }, 'events.0.qty'],
    [{ events: [{ ...entry('e1', 't1', 100), price: 100.001 }] }, 'events.0.price'],
    [{ events: [{ ...entry('e1', 't1', 100), source: 'telegram' }] }, 'events.0.source'],
    [{ events: [{ ...entry('e1', 't1', 100), side: 'XX' }] }, 'events.0.side'],
    [{ events: [{ ...entry('e1', 't1', 100), ts: 'yesterday' }] }, 'events.0.ts'],
    [{ events: [{ ...entry('e1', 't1', 100), colour: 'red' }] }, 'events.0'],
    [{ events: [{ ...entry('e1', 't1', 100), action: 'SELL' }] }, 'events.0.action'],
    [{ events: [] }, 'events'],
    [{}, 'events'],
    [{ events: [entry('e1', 't1', 100), entry('e1', 't2', 100)] }, 'events.1.eventId'],
    [{ events: [exit('x1', 'nope', 100)] }, 'events.0.tradeId'],
    [{ events: [entry('e1', 't1', 100, 65), exit('x1', 't1', 101, 130)] }, 'events.1.qty'],
    [{ events: [entry('e1', 't1', 100), { ...exit('x1', 't1', 101), symbol: 'NIFTY06JAN2626000PE', side: 'PE' }] }, 'events.1.symbol'],
  ])('refuses %j naming %s, and stores nothing', (payload, field) => {
    const issues = refused(payload);
    expect(issues.map((i) => i.field)).toContain(field);
    expect(book.counts()).toEqual({ events: 0, trades: 0, others: 0 });
  });

  it('refuses a stored eventId resent with different content, and keeps the batch atomic', () => {
    ingestManualTrades({ book, charges }, { events: [entry('e1', 't1', 100)] });
    const issues = refused({ events: [exit('x1', 't1', 101), { ...entry('e1', 't1', 100), price: 99 }] });
    expect(issues).toEqual([{ field: 'events.1.eventId', message: 'already stored with different content' }]);
    expect(book.counts().events).toBe(1);
  });
});
