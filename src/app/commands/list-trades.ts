/** Use case: closed trades of one book with filters, newest last, money in rupees. */
import { z } from 'zod';
import type { ClosedTradeRecord, TradeFilter } from '../../core/model/book-records.js';
import { toMajor } from '../../core/model/money.js';
import { BookQuerySchema, toTradeFilter } from './book-query.js';

export const ListTradesInputSchema = BookQuerySchema.extend({
  limit: z.number().int().min(1).max(100_000).default(500).describe('Most trades to return (the newest ones).'),
}).strict();

export type ListTradesInput = z.input<typeof ListTradesInputSchema>;

export interface TradesBook {
  closedTrades(filter?: TradeFilter): ClosedTradeRecord[];
}

export interface TradesDeps {
  readonly books: { readonly auto: TradesBook; readonly manual: TradesBook };
}

export function listTrades(deps: TradesDeps, raw: ListTradesInput) {
  const input = ListTradesInputSchema.parse(raw);
  const all = deps.books[input.book].closedTrades(toTradeFilter(input));
  const trades = all.slice(Math.max(0, all.length - input.limit));
  return {
    book: input.book,
    currency: 'INR' as const,
    total: all.length,
    trades: trades.map((t) => ({
      id: t.tradeId,
      mode: t.mode,
      source: t.source,
      underlying: t.underlying,
      symbol: t.symbol,
      side: t.side,
      qty: t.qty,
      entryTs: t.entryTs,
      entryPrice: toMajor(Math.round(t.entryPrice)),
      exitTs: t.exitTs,
      exitPrice: toMajor(Math.round(t.exitPrice)),
      grossPnl: toMajor(t.grossPnl),
      charges: toMajor(t.charges),
      netPnl: toMajor(t.netPnl),
      exitReason: t.exitReason,
      preset: t.preset,
      paramsVersion: t.paramsVersion,
      regime: t.regime,
    })),
  };
}
