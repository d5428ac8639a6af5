/** Use case: batched ENTRY/EXIT events from the trader's own tools, validated strictly, stored in the manual book only. */
import { z } from 'zod';
import { tradingDate } from '../../core/calendar/exchange-time.js';
import type { BookBatch, ClosedTradeRecord, TradeEventRecord } from '../../core/model/book-records.js';
import { toMinor } from '../../core/model/money.js';
import type { ChargesByExchange } from '../charges-wiring.js';

const IST = 330;
const MIN_TS = Date.UTC(2000, 0, 1);

const Price = z
  .number({ error: 'must be a number (rupees)' })
  .positive({ error: 'must be greater than 0' })
  .refine((x) => Math.abs(x * 100 - Math.round(x * 100)) < 1e-6, { error: 'must have at most 2 decimals (rupees)' });

export const ManualTradeEventSchema = z
  .object({
    eventId: z.string().min(1).max(128).describe('Unique id of this event (idempotency: resending the same event is a no-op).'),
    tradeId: z.string().min(1).max(128).describe('Id shared by the ENTRY and EXIT events of one trade.'),
    type: z.enum(['ENTRY', 'EXIT']).describe('ENTRY buys the option; EXIT sells (part of) it.'),
    source: z.enum(['scalping', 'chart']).describe('The trader’s tool that made the trade.'),
    mode: z.enum(['PAPER', 'LIVE']).default('LIVE').describe('Paper or live.'),
    ts: z
      .union([z.number().int({ error: 'must be whole epoch milliseconds' }), z.iso.datetime({ offset: true, error: 'must be epoch ms or an ISO-8601 date-time' })], {
        error: 'must be epoch milliseconds or an ISO-8601 date-time with offset',
      })
      .describe('When the fill happened: epoch ms or ISO-8601 with offset.'),
    underlying: z.string().min(1).max(32).describe('Underlying index, e.g. NIFTY.'),
    exchange: z.enum(['NFO', 'BFO', 'NSE', 'BSE']).describe('Exchange or segment of the option.'),
    symbol: z.string().min(1).max(64).describe('Option symbol, e.g. NIFTY06JAN2626000CE.'),
    side: z.enum(['CE', 'PE']).describe('Call or put.'),
    action: z.enum(['BUY', 'SELL']).optional().describe('Optional; must be BUY for ENTRY and SELL for EXIT (long options only).'),
    qty: z.number().int({ error: 'must be a whole number of units' }).positive({ error: 'must be greater than 0' }).describe('Units filled.'),
    price: Price.describe('Fill price, rupees (2 decimals).'),
    reason: z.string().max(200).optional().describe('Why (free text, shown as the exit reason).'),
  })
  .strict();

export const IngestManualTradesInputSchema = z
  .object({ events: z.array(ManualTradeEventSchema).min(1, { error: 'must hold at least one event' }).max(1000, { error: 'at most 1000 events per batch' }) })
  .strict();

export type IngestManualTradesInput = z.input<typeof IngestManualTradesInputSchema>;

/** The manual book as this use case needs it (TradeBook implements it). */
export interface ManualBook {
  getEvent(eventId: string): TradeEventRecord | undefined;
  fillsOfTrade(tradeId: string): TradeEventRecord[];
  closedTrade(tradeId: string): ClosedTradeRecord | undefined;
  insert(batch: BookBatch): { events: number; trades: number; others: number };
}

/** Refused input: each issue names the field and the rule; nothing was stored. */
export class ManualTradesRejected extends Error {
  constructor(readonly issues: readonly { readonly field: string; readonly message: string }[]) {
    super(`manual trades refused: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`);
    this.name = 'ManualTradesRejected';
  }
}

function sameContent(a: TradeEventRecord, b: TradeEventRecord): boolean {
  return (
    a.tradeId === b.tradeId && a.kind === b.kind && a.ts === b.ts && a.mode === b.mode && a.source === b.source && a.symbol === b.symbol &&
    a.side === b.side && a.qty === b.qty && a.price === b.price && a.underlying === b.underlying && a.exchange === b.exchange
  );
}

/**
 * Validates the whole batch against itself and the stored book, then stores it in one transaction.
 * An event resent with identical content is a no-op (counted as a duplicate); a reused eventId with
 * different content, a duplicate inside the batch, an EXIT without its ENTRY or beyond the open
 * quantity, or a trade whose symbol or side changes, refuses the whole batch.
 */
export function ingestManualTrades(deps: { readonly book: ManualBook; readonly charges: ChargesByExchange }, raw: unknown) {
  const parsed = IngestManualTradesInputSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ManualTradesRejected(parsed.error.issues.map((i) => ({ field: i.path.join('.') || '(root)', message: i.code === 'unrecognized_keys' ? `unknown field(s): ${i.keys.join(', ')}` : i.message })));
  }
  const issues: { field: string; message: string }[] = [];
  const seen = new Map<string, number>();
  const open = new Map<string, { qty: number; fills: TradeEventRecord[]; symbol: string; side: string }>();
  const fills: TradeEventRecord[] = [];
  const trades: ClosedTradeRecord[] = [];
  let duplicates = 0;
  parsed.data.events.forEach((e, i) => {
    const at = (field: string): string => `events.${i}.${field}`;
    const first = seen.get(e.eventId);
    if (first !== undefined) {
      issues.push({ field: at('eventId'), message: `duplicate of events.${first}.eventId in this batch` });
      return;
    }
    seen.set(e.eventId, i);
    const ts = typeof e.ts === 'number' ? e.ts : Date.parse(e.ts);
    if (ts < MIN_TS) issues.push({ field: at('ts'), message: 'must be after 2000-01-01' });
    const action = e.type === 'ENTRY' ? 'BUY' : 'SELL';
    if (e.action !== undefined && e.action !== action) issues.push({ field: at('action'), message: `must be ${action} for ${e.type} (long options only)` });
    const price = toMinor(e.price);
    let trade = open.get(e.tradeId);
    if (trade === undefined) {
      const stored = deps.book.fillsOfTrade(e.tradeId);
      if (deps.book.closedTrade(e.tradeId) !== undefined && deps.book.getEvent(e.eventId) === undefined) {
        issues.push({ field: at('tradeId'), message: `trade ${e.tradeId} is already closed` });
        return;
      }
      const qty = stored.reduce((q, f) => q + (f.action === 'BUY' ? f.qty : -f.qty), 0);
      trade = { qty, fills: stored, symbol: stored[0]?.symbol ?? e.symbol, side: stored[0]?.side ?? e.side };
      open.set(e.tradeId, trade);
    }
    const record: TradeEventRecord = {
      eventId: e.eventId,
      tradeId: e.tradeId,
      kind: e.type === 'ENTRY' ? 'ENTRY' : e.qty < trade.qty ? 'PARTIAL_EXIT' : 'EXIT',
      ts,
      tradingDate: tradingDate(ts, IST),
      mode: e.mode,
      source: e.source,
      underlying: e.underlying,
      exchange: e.exchange,
      symbol: e.symbol,
      side: e.side,
      action,
      qty: e.qty,
      price,
      signalPrice: null,
      latencyMs: null,
      charges: deps.charges(e.exchange, IST, action, e.qty, price, ts),
      positionQty: null,
      reason: e.reason ?? (e.type === 'ENTRY' ? 'manual entry' : 'manual exit'),
      preset: null,
      paramsVersion: null,
      contextJson: null,
    };
    const stored = deps.book.getEvent(e.eventId);
    if (stored !== undefined) {
      if (sameContent(stored, { ...record, kind: stored.kind })) duplicates++;
      else issues.push({ field: at('eventId'), message: 'already stored with different content' });
      return;
    }
    if (e.symbol !== trade.symbol) issues.push({ field: at('symbol'), message: `must match the trade’s ${trade.symbol}` });
    if (e.side !== trade.side) issues.push({ field: at('side'), message: `must match the trade’s ${trade.side}` });
    if (e.type === 'ENTRY') {
      if (trade.fills.some((f) => f.kind === 'ENTRY')) issues.push({ field: at('type'), message: `trade ${e.tradeId} already has an ENTRY` });
      trade.qty += e.qty;
    } else {
      if (!trade.fills.some((f) => f.kind === 'ENTRY')) issues.push({ field: at('tradeId'), message: `EXIT without an ENTRY for trade ${e.tradeId}` });
      else if (e.qty > trade.qty) issues.push({ field: at('qty'), message: `exceeds the open quantity ${trade.qty}` });
      else if (ts < trade.fills[0]!.ts) issues.push({ field: at('ts'), message: 'must not be before the ENTRY' });
      trade.qty -= e.qty;
    }
    trade.fills = [...trade.fills, record];
    fills.push(record);
    if (record.kind === 'EXIT' && trade.qty === 0) trades.push(closeOf(trade.fills));
  });
  if (issues.length > 0) throw new ManualTradesRejected(issues);
  const inserted = deps.book.insert({ events: fills, trades, others: [] });
  return { accepted: inserted.events, duplicates, tradesClosed: inserted.trades };
}

function closeOf(fills: readonly TradeEventRecord[]): ClosedTradeRecord {
  let buyValue = 0;
  let buyQty = 0;
  let sellValue = 0;
  let sellQty = 0;
  let charges = 0;
  let held = 0;
  let peak = 0;
  for (const f of fills) {
    if (f.action === 'BUY') {
      buyValue += f.price * f.qty;
      buyQty += f.qty;
      held += f.qty;
    } else {
      sellValue += f.price * f.qty;
      sellQty += f.qty;
      held -= f.qty;
    }
    peak = Math.max(peak, held);
    charges += f.charges;
  }
  const first = fills[0]!;
  const last = fills[fills.length - 1]!;
  const gross = sellValue - buyValue;
  return {
    tradeId: first.tradeId,
    mode: first.mode,
    source: first.source,
    underlying: first.underlying,
    exchange: first.exchange,
    symbol: first.symbol,
    side: first.side,
    qty: peak,
    entryTs: first.ts,
    exitTs: last.ts,
    entryPrice: buyValue / buyQty,
    exitPrice: sellValue / sellQty,
    grossPnl: gross,
    charges,
    netPnl: gross - charges,
    exitReason: last.reason,
    preset: null,
    paramsVersion: null,
    regime: 'UNKNOWN',
    tradingDate: last.tradingDate,
    utcOffsetMin: IST,
  };
}
