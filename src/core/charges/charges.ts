/**
 * Per-order charges in integer paise, per-fill shares of them, and rate-card selection by exchange and date.
 * Rounding rule: every component is computed exactly on the order's turnover (price × qty, paise) and
 * rounded half-up to the paisa once per order; GST is computed on the sum of the already-rounded taxable
 * components and rounded the same way; total is the sum of the rounded components. A fill pays
 * charges(order's filled turnover after it) − charges(before it), so an order's fills always add up to
 * the charges of the whole order, and brokerage is paid once per order however it is split.
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
  /** Investor protection fund levy. */
  readonly ipft: number;
  readonly stamp: number;
  readonly gst: number;
  readonly total: number;
}

const COMPONENTS = ['brokerage', 'stt', 'exchange', 'sebi', 'ipft', 'stamp', 'gst', 'total'] as const;
const NO_CHARGES: OrderCharges = { brokerage: 0, stt: 0, exchange: 0, sebi: 0, ipft: 0, stamp: 0, gst: 0, total: 0 };

function applyRate(base: number, rate: Rational, field: string): number {
  const product = base * rate.num;
  if (!Number.isSafeInteger(product)) {
    throw new RangeError(`${field}: ${base} paise × rate is beyond exact integer arithmetic (turnover too large for one order)`);
  }
  return divRoundHalfUp(product, rate.den);
}

function checkQtyPrice(qty: number, price: number): number {
  if (!Number.isSafeInteger(qty) || qty <= 0) throw new RangeError(`qty must be a positive integer, got ${qty}`);
  if (!Number.isSafeInteger(price) || price <= 0) throw new RangeError(`price must be a positive integer (minor units), got ${price}`);
  const turnover = price * qty;
  if (!Number.isSafeInteger(turnover)) throw new RangeError(`turnover ${price} × ${qty} is beyond exact integer arithmetic`);
  return turnover;
}

/** Charges of one executed order with total premium turnover `turnover` (paise, a positive integer). */
export function chargesForTurnover(card: CompiledRateCard, action: OrderAction, turnover: number): OrderCharges {
  if (!Number.isSafeInteger(turnover) || turnover <= 0) throw new RangeError(`turnover must be a positive integer (minor units), got ${turnover}`);
  const brokerage =
    card.brokerageRate === null
      ? card.brokerageFlat
      : Math.min(card.brokerageFlat, applyRate(turnover, card.brokerageRate, 'brokeragePct'));
  const stt = action === 'SELL' ? applyRate(turnover, card.sttSell, 'sttSellPct') : 0;
  const exchange = applyRate(turnover, card.exchangeTxn, 'exchangeTxnPct');
  const sebi = applyRate(turnover, card.sebi, 'sebiPerCrore');
  const ipft = applyRate(turnover, card.ipft, 'ipftPerCrore');
  const stamp = action === 'BUY' ? applyRate(turnover, card.stampBuy, 'stampBuyPct') : applyRate(turnover, card.stampSell, 'stampSellPct');
  const taxable =
    (card.gstOn.has('brokerage') ? brokerage : 0) +
    (card.gstOn.has('exchange') ? exchange : 0) +
    (card.gstOn.has('sebi') ? sebi : 0) +
    (card.gstOn.has('ipft') ? ipft : 0);
  const gst = applyRate(taxable, card.gst, 'gstPct');
  return { brokerage, stt, exchange, sebi, ipft, stamp, gst, total: brokerage + stt + exchange + sebi + ipft + stamp + gst };
}

/** Charges of one executed order under `card`; throws RangeError for a non-positive or non-integer qty/price or an unsafe turnover. */
export function chargesForOrder(card: CompiledRateCard, order: ChargeableOrder): OrderCharges {
  return chargesForTurnover(card, order.action, checkQtyPrice(order.qty, order.price));
}

/**
 * The share of its order's charges that one fill pays: charges(priorTurnover + qty × price) −
 * charges(priorTurnover), component by component, where `priorTurnover` is the order's filled turnover
 * (paise) before this fill (0 for its first fill). Summed over an order's fills this telescopes to the
 * charges of the whole order computed once, so brokerage is paid once per order. Every component is
 * non-decreasing in turnover, so no share is negative.
 */
export function chargesForFill(card: CompiledRateCard, action: OrderAction, priorTurnover: number, qty: number, price: number): OrderCharges {
  if (!Number.isSafeInteger(priorTurnover) || priorTurnover < 0) {
    throw new RangeError(`priorTurnover must be a non-negative integer (minor units), got ${priorTurnover}`);
  }
  const after = priorTurnover + checkQtyPrice(qty, price);
  if (!Number.isSafeInteger(after)) throw new RangeError(`order turnover ${priorTurnover} + ${qty} × ${price} is beyond exact integer arithmetic`);
  const whole = chargesForTurnover(card, action, after);
  const before = priorTurnover === 0 ? NO_CHARGES : chargesForTurnover(card, action, priorTurnover);
  const share = { ...NO_CHARGES };
  for (const k of COMPONENTS) share[k] = whole[k] - before[k];
  return share;
}

/** The fields card selection needs (a RateCard or a CompiledRateCard). */
export interface DatedCard {
  readonly id: string;
  readonly exchange: string;
  readonly effectiveFrom: string;
}

/** No card is in force for the exchange on the date: a user-facing error naming the date and the range the cards cover. */
export class NoRateCardError extends Error {
  constructor(
    readonly exchange: string,
    readonly date: string,
    cards: readonly DatedCard[],
  ) {
    super(`no rate card for ${exchange} on ${date}: ${coverage(cards, exchange)}`);
    this.name = 'NoRateCardError';
  }
}

function coverage(cards: readonly DatedCard[], exchange: string): string {
  const applicable = cards
    .filter((c) => c.exchange === exchange || c.exchange === 'ANY')
    .sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : a.effectiveFrom > b.effectiveFrom ? 1 : a.id < b.id ? -1 : 1));
  const first = applicable[0];
  const last = applicable[applicable.length - 1];
  if (first === undefined || last === undefined) {
    const known = cards.map((c) => `${c.id} (${c.exchange} from ${c.effectiveFrom})`).join(', ') || 'none';
    return `no card covers ${exchange} (cards: ${known})`;
  }
  const ids = first === last ? first.id : `${first.id} … ${last.id}`;
  return `cards cover ${exchange} from ${first.effectiveFrom} (${ids})`;
}

/**
 * The card in force for `exchange` on `date` (YYYY-MM-DD): the latest effectiveFrom ≤ date among cards
 * for that exchange or ANY; on equal dates the exchange's own card beats ANY. Throws NoRateCardError
 * when none applies, and an Error when two cards tie (an ambiguous rate set is a configuration error).
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
  if (best === undefined) throw new NoRateCardError(exchange, date, cards);
  if (tied !== undefined) {
    throw new Error(`rate cards ${best.id} and ${tied.id} both apply to ${exchange} from ${best.effectiveFrom}: make one effectiveFrom later`);
  }
  return best;
}

function rank(card: DatedCard, exchange: string): string {
  return `${card.effectiveFrom}${card.exchange === exchange ? '1' : '0'}`;
}
