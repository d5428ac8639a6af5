/** Use case: batched ENTRY/EXIT events from the trader's own tools, validated strictly, stored in the manual book only. */
import { z } from 'zod';
import { tradingDate } from '../../core/calendar/exchange-time.js';
import type { BookBatch, ClosedTradeRecord, TradeEventRecord } from '../../core/model/book-records.js';
import { toMinor } from '../../core/model/money.js';
import { NoRateCardError } from '../../core/charges/charges.js';
import type { ChargesByExchange } from '../charges-wiring.js';
import { AppError, zodIssues, type FieldIssue } from '../errors.js';

const IST = 330;
const MIN_TS = Date.UTC(2000, 0, 1);
/** How far ahead of this machine's clock a fill may be stamped (clock skew between the trader's tools and this one). */
const MAX_AHEAD_MS = 60 * 60_000;
const MONTHS = 'JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC';

/** An underlying the trader may book, as config/instruments.json names it, with its exchange and options segment. */
export interface ManualInstrument {
  readonly symbol: string;
  readonly exchange: string;
  readonly optionExchange: string;
}

/** Above any option premium, and small enough that amounts in paise stay exact. */
const MAX_PRICE = 10_000_000;
const MAX_QTY = 1_000_000;

const Price = z
  .number({ error: 'must be a number (rupees)' })
  .positive({ error: 'must be greater than 0' })
  .max(MAX_PRICE, { error: `must be at most ${MAX_PRICE} (rupees)` })
  .refine((x) => !(x <= MAX_PRICE) || Math.abs(x * 100 - Math.round(x * 100)) < 1e-6, { error: 'must have at most 2 decimals (rupees)' });

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
      .describe('When the fill happened: epoch milliseconds or ISO-8601 with offset; from 2000-01-01 to at most an hour ahead of now.'),
    underlying: z.string().min(1).max(32).describe('Underlying index as config/instruments.json names it: NIFTY or SENSEX.'),
    exchange: z.enum(['NFO', 'BFO', 'NSE', 'BSE']).describe('The underlying’s exchange or its options segment: NSE/NFO for NIFTY, BSE/BFO for SENSEX.'),
    symbol: z.string().min(1).max(64).describe('Option symbol: the underlying, the expiry DDMMMYY, the strike, CE or PE, e.g. NIFTY06JAN2626000CE.'),
    side: z.enum(['CE', 'PE']).describe('Call or put; must match the symbol’s ending.'),
    action: z.enum(['BUY', 'SELL']).optional().describe('Optional; must be BUY for ENTRY and SELL for EXIT (long options only).'),
    qty: z
      .number()
      .int({ error: 'must be a whole number of units' })
      .positive({ error: 'must be greater than 0' })
      .max(MAX_QTY, { error: `must be at most ${MAX_QTY} units` })
      .describe('Units filled.'),
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

/** Refused input (INVALID_INPUT): each issue names the field and the rule; nothing was stored. */
export class ManualTradesRejected extends AppError {
  constructor(issues: readonly FieldIssue[]) {
    super('INVALID_INPUT', `manual trades refused: ${issues.map((i) => `${i.field}: ${i.rule}`).join('; ')}`, { issues });
    this.name = 'ManualTradesRejected';
  }
}

export interface ManualTradesDeps {
  readonly book: ManualBook;
  readonly charges: ChargesByExchange;
  /** The underlyings that can be booked (config/instruments.json). */
  readonly instruments: readonly ManualInstrument[];
  /** This machine's clock, epoch ms: a fill may not be stamped in the future. */
  readonly now: () => number;
}

/** The time rule of `ts`, or null when it is in the window (seconds instead of milliseconds get their own hint). */
function timeRule(ts: number, now: number): string | null {
  if (ts >= 1e9 && ts < 1e11) {
    return `must be epoch milliseconds; ${ts} looks like seconds (×1000 is ${new Date(ts * 1000).toISOString()})`;
  }
  if (!(ts >= MIN_TS)) return 'must be on or after 2000-01-01 (epoch milliseconds or ISO-8601)';
  if (ts > now + MAX_AHEAD_MS) return `must not be in the future (${new Date(ts).toISOString()} is after now, ${new Date(now).toISOString()})`;
  return null;
}

/** The issues of one event against the instruments: a known underlying, its exchange, a symbol of it whose ending is the side. */
function instrumentIssues(e: { underlying: string; exchange: string; symbol: string; side: string }, instruments: readonly ManualInstrument[], at: (f: string) => string): FieldIssue[] {
  const u = instruments.find((i) => i.symbol === e.underlying);
  if (u === undefined) return [{ field: at('underlying'), rule: `must be one of ${instruments.map((i) => i.symbol).join(', ')} (config/instruments.json)` }];
  const issues: FieldIssue[] = [];
  if (e.exchange !== u.exchange && e.exchange !== u.optionExchange) {
    issues.push({ field: at('exchange'), rule: `must be ${u.optionExchange} or ${u.exchange} for ${u.symbol}` });
  }
  const m = new RegExp(`^${u.symbol}(0[1-9]|[12]\\d|3[01])(${MONTHS})(\\d{2})(\\d+(?:\\.\\d+)?)(CE|PE)$`).exec(e.symbol);
  if (m === null) {
    issues.push({ field: at('symbol'), rule: `must be ${u.symbol} + expiry DDMMMYY + strike + CE|PE (e.g. ${u.symbol}06JAN2626000CE) for underlying ${u.symbol}` });
  } else if (m[5] !== e.side) {
    issues.push({ field: at('side'), rule: `must be ${m[5]}, as the symbol ${e.symbol} ends` });
  }
  return issues;
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
export function ingestManualTrades(deps: ManualTradesDeps, raw: unknown) {
  const parsed = IngestManualTradesInputSchema.safeParse(raw);
  if (!parsed.success) throw new ManualTradesRejected(zodIssues(parsed.error));
  const issues: FieldIssue[] = [];
  const now = deps.now();
  const seen = new Map<string, number>();
  const open = new Map<string, { qty: number; fills: TradeEventRecord[]; symbol: string; side: string }>();
  const fills: TradeEventRecord[] = [];
  const trades: ClosedTradeRecord[] = [];
  let duplicates = 0;
  parsed.data.events.forEach((e, i) => {
    const at = (field: string): string => `events.${i}.${field}`;
    const first = seen.get(e.eventId);
    if (first !== undefined) {
      issues.push({ field: at('eventId'), rule: `duplicate of events.${first}.eventId in this batch` });
      return;
    }
    seen.set(e.eventId, i);
    const ts = typeof e.ts === 'number' ? e.ts : Date.parse(e.ts);
    const badTime = timeRule(ts, now);
    if (badTime !== null) issues.push({ field: at('ts'), rule: badTime });
    issues.push(...instrumentIssues(e, deps.instruments, at));
    const action = e.type === 'ENTRY' ? 'BUY' : 'SELL';
    if (e.action !== undefined && e.action !== action) issues.push({ field: at('action'), rule: `must be ${action} for ${e.type} (long options only)` });
    const price = toMinor(e.price);
    // Charges come from the rate card in force on the fill's date; a time out of the window is not priced.
    let charges = 0;
    if (badTime === null) {
      try {
        charges = deps.charges(e.exchange, IST, action, e.qty, price, ts);
      } catch (err) {
        if (!(err instanceof NoRateCardError)) throw err;
        issues.push({ field: at('ts'), rule: `no rate card is in force on ${tradingDate(ts, IST)} (${err.message})` });
      }
    }
    let trade = open.get(e.tradeId);
    if (trade === undefined) {
      const stored = deps.book.fillsOfTrade(e.tradeId);
      if (deps.book.closedTrade(e.tradeId) !== undefined && deps.book.getEvent(e.eventId) === undefined) {
        issues.push({ field: at('tradeId'), rule: `trade ${e.tradeId} is already closed` });
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
      charges,
      positionQty: null,
      reason: e.reason ?? (e.type === 'ENTRY' ? 'manual entry' : 'manual exit'),
      preset: null,
      paramsVersion: null,
      contextJson: null,
    };
    const stored = deps.book.getEvent(e.eventId);
    if (stored !== undefined) {
      if (sameContent(stored, { ...record, kind: stored.kind })) duplicates++;
      else issues.push({ field: at('eventId'), rule: 'already stored with different content' });
      return;
    }
    if (e.symbol !== trade.symbol) issues.push({ field: at('symbol'), rule: `must match the trade’s ${trade.symbol}` });
    if (e.side !== trade.side) issues.push({ field: at('side'), rule: `must match the trade’s ${trade.side}` });
    if (e.type === 'ENTRY') {
      if (trade.fills.some((f) => f.kind === 'ENTRY')) issues.push({ field: at('type'), rule: `trade ${e.tradeId} already has an ENTRY` });
      trade.qty += e.qty;
    } else {
      if (!trade.fills.some((f) => f.kind === 'ENTRY')) issues.push({ field: at('tradeId'), rule: `EXIT without an ENTRY for trade ${e.tradeId}` });
      else if (e.qty > trade.qty) issues.push({ field: at('qty'), rule: `exceeds the open quantity ${trade.qty}` });
      else if (ts < trade.fills[0]!.ts) issues.push({ field: at('ts'), rule: 'must not be before the ENTRY' });
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
