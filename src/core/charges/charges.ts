/**
 * Per-order charges in integer paise, and rate-card selection by exchange and date.
 * Rounding rule: every component is computed exactly on the order's turnover (price × qty, paise) and
 * rounded half-up to the paisa once per order; GST is computed on the sum of the already-rounded taxable
 * components and rounded the same way; total is the sum of the rounded components.
 */
import { divRoundHalfUp } from '../model/money.js';
import type { OrderAction } from '../model/order.js';
import type { CompiledRateCard, Rational } from './rate-card.js';

/** What charges depend on: side, units and price per unit (minor units). */
export interface ChargeableOrder {
  readonly action: OrderAction;
  readonly qty: number;
  readonly price: number;
}

/** Each charge of one executed order, integer paise. */
export interface OrderCharges {
  readonly brokerage: number;
  readonly stt: number;
  readonly exchange: number;
  readonly sebi: number;
  readonly stamp: number;
  readonly gst: number;
  readonly total: number;
}

function applyRate(base: number, rate: Rational, field: string): number {
  const product = base * rate.num;
  if (!Number.isSafeInteger(product)) {
    throw new RangeError(`${field}: ${base} paise × rate is beyond exact integer arithmetic (turnover too large for one order)`);
  }
  return divRoundHalfUp(product, rate.den);
}

/** Charges of one executed order under `card`; throws RangeError for a non-positive or non-integer qty/price or an unsafe turnover. */
export function chargesForOrder(card: CompiledRateCard, order: ChargeableOrder): OrderCharges {
  if (!Number.isSafeInteger(order.qty) || order.qty <= 0) throw new RangeError(`qty must be a positive integer, got ${order.qty}`);
  if (!Number.isSafeInteger(order.price) || order.price <= 0) {
    throw new RangeError(`price must be a positive integer (minor units), got ${order.price}`);
  }
  const turnover = order.price * order.qty;
  if (!Number.isSafeInteger(turnover)) throw new RangeError(`turnover ${order.price} × ${order.qty} is beyond exact integer arithmetic`);

  const brokerage =
    card.brokerageRate === null
      ? card.brokerageFlat
      : Math.min(card.brokerageFlat, applyRate(turnover, card.brokerageRate, 'brokeragePct'));
  const stt = order.action === 'SELL' ? applyRate(turnover, card.sttSell, 'sttSellPct') : 0;
  const exchange = applyRate(turnover, card.exchangeTxn, 'exchangeTxnPct');
  const sebi = applyRate(turnover, card.sebi, 'sebiPerCrore');
  const stamp = order.action === 'BUY' ? applyRate(turnover, card.stampBuy, 'stampBuyPct') : 0;
  const taxable =
    (card.gstOn.has('brokerage') ? brokerage : 0) + (card.gstOn.has('exchange') ? exchange : 0) + (card.gstOn.has('sebi') ? sebi : 0);
  const gst = applyRate(taxable, card.gst, 'gstPct');
  return { brokerage, stt, exchange, sebi, stamp, gst, total: brokerage + stt + exchange + sebi + stamp + gst };
}

/** The fields card selection needs (a RateCard or a CompiledRateCard). */
export interface DatedCard {
  readonly id: string;
  readonly exchange: string;
  readonly effectiveFrom: string;
}

/**
 * The card in force for `exchange` on `date` (YYYY-MM-DD): the latest effectiveFrom ≤ date among cards
 * for that exchange or ANY; on equal dates the exchange's own card beats ANY. Throws when none applies
 * or when two cards tie (an ambiguous rate set is a configuration error).
 */
export function selectRateCard<C extends DatedCard>(cards: readonly C[], exchange: string, date: string): C {
  if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(date)) throw new RangeError(`date must be YYYY-MM-DD, got "${date}"`);
  let best: C | undefined;
  let tied: C | undefined;
  for (const card of cards) {
    if ((card.exchange !== exchange && card.exchange !== 'ANY') || card.effectiveFrom > date) continue;
    if (best === undefined || rank(card, exchange) > rank(best, exchange)) {
      best = card;
      tied = undefined;
    } else if (rank(card, exchange) === rank(best, exchange)) {
      tied = card;
    }
  }
  if (best === undefined) {
    const known = cards.map((c) => `${c.id} (${c.exchange} from ${c.effectiveFrom})`).join(', ') || 'none';
    throw new Error(`no rate card for exchange ${exchange} in force on ${date}; cards: ${known}`);
  }
  if (tied !== undefined) {
    throw new Error(`rate cards ${best.id} and ${tied.id} both apply to ${exchange} from ${best.effectiveFrom}: make one effectiveFrom later`);
  }
  return best;
}

function rank(card: DatedCard, exchange: string): string {
  return `${card.effectiveFrom}${card.exchange === exchange ? '1' : '0'}`;
}
