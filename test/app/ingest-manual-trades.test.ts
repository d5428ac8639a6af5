import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chargesByExchange } from '../../src/app/charges-wiring.js';
import { ingestManualTrades, ManualTradesRejected } from '../../src/app/commands/ingest-manual-trades.js';
import { loadRateCards } from '../../src/adapters/rate-cards.js';
import { loadSimConfig } from '../../src/adapters/sim-config-file.js';
import { TradeBook } from '../../src/adapters/store/trade-book.js';

const charges = chargesByExchange(loadRateCards());
const instruments = loadSimConfig().underlyings;
/** The clock of these tests: the day after the fills. */
const now = (): number => Date.UTC(2026, 0, 6);
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

function refused(payload: unknown): { field: string; rule: string }[] {
  try {
    ingestManualTrades({ book, charges, instruments, now }, payload);
  } catch (e) {
    if (e instanceof ManualTradesRejected) return [...e.issues];
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('manual trade ingestion', () => {
  it('stores ENTRY/EXIT pairs in the manual book with charges from the rate card, net of charges', () => {
    const out = ingestManualTrades({ book, charges, instruments, now }, { events: [entry('e1', 't1', 100.05), exit('x1', 't1', 103.4)] });
    expect(out).toEqual({ accepted: 2, duplicates: 0, tradesClosed: 1 });
    const t = book.closedTrade('t1')!;
    // BUY 65 @ 100.05 and SELL 65 @ 103.40 on the NSE card.
    expect(t.grossPnl).toBe((10_340 - 10_005) * 65);
    expect(t.charges).toBe(charges('NFO', 330, 'BUY', 65, 10_005, t.entryTs) + charges('NFO', 330, 'SELL', 65, 10_340, t.exitTs));
    expect(t.netPnl).toBe(t.grossPnl - t.charges);
    expect(t.source).toBe('chart');
  });

  it('handles partial exits, batches split across calls, and identical resends as no-ops', () => {
    ingestManualTrades({ book, charges, instruments, now }, { events: [entry('e1', 't1', 100, 130)] });
    ingestManualTrades({ book, charges, instruments, now }, { events: [exit('x1', 't1', 101, 65)] });
    expect(book.closedTrade('t1')).toBeUndefined();
    expect(book.fillsOfTrade('t1')[1]!.kind).toBe('PARTIAL_EXIT');
    const out = ingestManualTrades({ book, charges, instruments, now }, { events: [exit('x1', 't1', 101, 65), exit('x2', 't1', 102, 65)] });
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
    [{ events: [{ ...entry('e1', 't1', 100), symbol: 'BANKNIFTY06JAN2652000CE' }] }, 'events.0.symbol'],
    [{ events: [{ ...entry('e1', 't1', 100), side: 'PE' }] }, 'events.0.side'],
    [{ events: [{ ...entry('e1', 't1', 100), exchange: 'BSE' }] }, 'events.0.exchange'],
    [{ events: [{ ...entry('e1', 't1', 100), underlying: 'BANKNIFTY', symbol: 'BANKNIFTY06JAN2652000CE' }] }, 'events.0.underlying'],
    [{ events: [{ ...entry('e1', 't1', 100), ts: Date.UTC(2099, 0, 5, 4, 30) }] }, 'events.0.ts'],
    [{ events: [{ ...entry('e1', 't1', 100), ts: Date.UTC(2026, 0, 5, 4, 30) / 1000 }] }, 'events.0.ts'],
    [{ events: [{ ...entry('e1', 't1', 100), ts: Date.UTC(2010, 0, 5, 4, 30) }] }, 'events.0.ts'],
  ])('refuses %j naming %s, and stores nothing', (payload, field) => {
    const issues = refused(payload);
    expect(issues.map((i) => i.field)).toContain(field);
    expect(book.counts()).toEqual({ events: 0, trades: 0, others: 0 });
  });

  it('says so when a time looks like epoch seconds, and names the rule of every instrument field', () => {
    const seconds = Date.UTC(2026, 0, 5, 4, 30) / 1000;
    expect(refused({ events: [{ ...entry('e1', 't1', 100), ts: seconds }] })).toEqual([
      { field: 'events.0.ts', rule: `must be epoch milliseconds; ${seconds} looks like seconds (×1000 is 2026-01-05T04:30:00.000Z)` },
    ]);
    expect(refused({ events: [{ ...entry('e1', 't1', 100), exchange: 'BSE', side: 'PE' }] })).toEqual([
      { field: 'events.0.exchange', rule: 'must be NFO or NSE for NIFTY' },
      { field: 'events.0.side', rule: 'must be CE, as the symbol NIFTY06JAN2626000CE ends' },
    ]);
  });

  it('refuses a stored eventId resent with different content, and keeps the batch atomic', () => {
    ingestManualTrades({ book, charges, instruments, now }, { events: [entry('e1', 't1', 100)] });
    const issues = refused({ events: [exit('x1', 't1', 101), { ...entry('e1', 't1', 100), price: 99 }] });
    expect(issues).toEqual([{ field: 'events.1.eventId', rule: 'already stored with different content' }]);
    expect(book.counts().events).toBe(1);
  });
});
