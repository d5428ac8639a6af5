/** Turns the loaded rate cards into the kernel's per-fill charges function, choosing the card by exchange and trading date. */
import { chargesForFill, selectRateCard } from '../core/charges/charges.js';
import type { CompiledRateCard } from '../core/charges/rate-card.js';
import { tradingDate } from '../core/calendar/exchange-time.js';
import type { ChargesFn } from '../core/kernel.js';
import { AppError } from './errors.js';

/** Options trade on a derivatives segment; its rate card is the parent exchange's (OpenAlgo's NFO is NSE F&O, BFO is BSE F&O). */
const SEGMENT_EXCHANGE: Readonly<Record<string, string>> = { NFO: 'NSE', BFO: 'BSE' };

/**
 * Charges of one fill in paise, from the card in force for the exchange (or segment) on the fill's trading
 * date; `priorTurnover` is the order's filled turnover before this fill (0 or omitted: the order's first fill).
 */
export type ChargesByExchange = (
  exchange: string,
  utcOffsetMin: number,
  action: 'BUY' | 'SELL',
  qty: number,
  price: number,
  ts: number,
  priorTurnover?: number,
) => number;

/**
 * Builds the charges lookup. The card is the one in force on the fill's trading date for the
 * exchange; `cardId` pins one card for every fill instead (e.g. the original's legacy rates).
 */
export function chargesByExchange(cards: readonly CompiledRateCard[], cardId?: string): ChargesByExchange {
  const pinned = cardId === undefined ? undefined : cards.find((c) => c.id === cardId);
  if (cardId !== undefined && pinned === undefined) {
    const rule = `no card with id ${cardId} (known: ${cards.map((c) => c.id).join(', ')})`;
    throw new AppError('INVALID_INPUT', `rateCard: ${rule}`, { issues: [{ field: 'rateCard', rule }] });
  }
  const cache = new Map<string, CompiledRateCard>();
  return (segment, utcOffsetMin, action, qty, price, ts, priorTurnover = 0) => {
    let card = pinned;
    if (card === undefined) {
      const exchange = SEGMENT_EXCHANGE[segment] ?? segment;
      const date = tradingDate(ts, utcOffsetMin);
      const key = `${exchange}|${date}`;
      card = cache.get(key);
      if (card === undefined) {
        card = selectRateCard(cards, exchange, date);
        cache.set(key, card);
      }
    }
    return chargesForFill(card, action, priorTurnover, qty, price).total;
  };
}

/** The kernel's per-fill charges function over the same lookup (brokerage once per order, via the order's prior turnover). */
export function chargesFromCards(cards: readonly CompiledRateCard[], cardId?: string): ChargesFn {
  const lookup = chargesByExchange(cards, cardId);
  return (inst, action, qty, price, ts, priorTurnover = 0) => lookup(inst.exchange, inst.utcOffsetMin, action, qty, price, ts, priorTurnover);
}
