/**
 * End-of-day reconciliation with the broker: our fills and charges of a trading date against the broker's
 * tradebook, each difference given its cause and its effect on net P&L in paise, so that the gap between
 * our figure and the broker's is explained line by line instead of by hand.
 */
import type { BrokerTradeRow } from './broker-records.js';

/** One of our fills as the book keeps it (the fields reconciliation reads). */
export interface OurFill {
  readonly tradeId: string;
  readonly symbol: string;
  readonly exchange: string;
  readonly action: 'BUY' | 'SELL';
  readonly qty: number;
  readonly price: number;
  readonly ts: number;
  readonly charges: number;
}

export type DifferenceCause =
  /** The broker filled at another price than we booked. */
  | 'price'
  /** Matched fills of different quantities. */
  | 'quantity'
  /** A fill at the broker that our book does not have. */
  | 'missed_fill'
  /** A fill in our book that the broker does not have. */
  | 'phantom_fill'
  /** The broker's charges of a fill differ from our rate card's. */
  | 'charges';

export interface Difference {
  readonly cause: DifferenceCause;
  readonly symbol: string;
  readonly action: 'BUY' | 'SELL';
  /** What the broker's figure minus ours does to net P&L, paise (positive: the broker's net is higher). */
  readonly effect: number;
  readonly detail: string;
  readonly tradeId: string | null;
  readonly brokerOrderId: string | null;
}

export interface DayReconciliation {
  readonly date: string;
  readonly fills: { readonly ours: number; readonly broker: number; readonly matched: number };
  /** Our gross (sell value − buy value), charges and net, paise. */
  readonly ours: { readonly gross: number; readonly charges: number; readonly net: number };
  /** The broker's gross from its tradebook; its charges and net only where every fill's charges are known (else null). */
  readonly broker: { readonly gross: number; readonly charges: number | null; readonly net: number | null };
  readonly differences: readonly Difference[];
  /** The sum of the differences' effects. */
  readonly explained: number;
  /** Broker net − our net − explained (0 when every difference was found); null when the broker's net is unknown. */
  readonly unexplained: number | null;
  /** True when the broker's charges could not be compared (its tradebook carries none). */
  readonly chargesNotCompared: boolean;
}

/** Fills further apart than this are not the same execution. */
const MATCH_WINDOW_MS = 120_000;

const cash = (action: 'BUY' | 'SELL', qty: number, price: number): number => (action === 'SELL' ? 1 : -1) * qty * price;
const rupees = (paise: number): string => `₹${(paise / 100).toFixed(2)}`;

/**
 * Matches each broker fill to our fill of the same symbol and side nearest in time (within two minutes when
 * the broker's row has a time; in order otherwise), then reports every difference by cause.
 */
export function reconcileDay(date: string, ours: readonly OurFill[], broker: readonly BrokerTradeRow[]): DayReconciliation {
  const unmatched = [...ours].sort((a, b) => a.ts - b.ts);
  const differences: Difference[] = [];
  let matched = 0;
  const chargesKnown = broker.every((b) => b.charges !== null);
  const orderedBroker = [...broker].sort((a, b) => (a.ts ?? 0) - (b.ts ?? 0) || (a.orderId < b.orderId ? -1 : a.orderId > b.orderId ? 1 : 0));
  for (const b of orderedBroker) {
    let best = -1;
    let bestGap = Infinity;
    for (let i = 0; i < unmatched.length; i++) {
      const o = unmatched[i]!;
      if (o.symbol !== b.symbol || o.action !== b.action) continue;
      const gap = b.ts === null ? i : Math.abs(o.ts - b.ts);
      if (b.ts !== null && gap > MATCH_WINDOW_MS) continue;
      if (gap < bestGap || (gap === bestGap && o.qty === b.qty && unmatched[best]?.qty !== b.qty)) {
        best = i;
        bestGap = gap;
      }
    }
    if (best < 0) {
      differences.push({ cause: 'missed_fill', symbol: b.symbol, action: b.action, effect: cash(b.action, b.qty, b.price) - (b.charges ?? 0), detail: `the broker filled ${b.action} ${b.qty} at ${rupees(b.price)} (order ${b.orderId}); our book has no such fill`, tradeId: null, brokerOrderId: b.orderId });
      continue;
    }
    const o = unmatched.splice(best, 1)[0]!;
    matched += 1;
    if (o.qty !== b.qty) {
      differences.push({ cause: 'quantity', symbol: b.symbol, action: b.action, effect: cash(b.action, b.qty - o.qty, b.qty > o.qty ? b.price : o.price), detail: `${b.action} ${b.symbol}: the broker filled ${b.qty}, we booked ${o.qty}`, tradeId: o.tradeId, brokerOrderId: b.orderId });
    }
    if (o.price !== b.price) {
      const qty = Math.min(o.qty, b.qty);
      differences.push({ cause: 'price', symbol: b.symbol, action: b.action, effect: cash(b.action, qty, b.price) - cash(o.action, qty, o.price), detail: `${b.action} ${qty} ${b.symbol}: the broker's price ${rupees(b.price)}, ours ${rupees(o.price)}`, tradeId: o.tradeId, brokerOrderId: b.orderId });
    }
    if (b.charges !== null && b.charges !== o.charges) {
      differences.push({ cause: 'charges', symbol: b.symbol, action: b.action, effect: o.charges - b.charges, detail: `${b.action} ${b.qty} ${b.symbol}: the broker charged ${rupees(b.charges)}, our rate card ${rupees(o.charges)}`, tradeId: o.tradeId, brokerOrderId: b.orderId });
    }
  }
  for (const o of unmatched) {
    differences.push({ cause: 'phantom_fill', symbol: o.symbol, action: o.action, effect: -(cash(o.action, o.qty, o.price) - o.charges), detail: `our book has ${o.action} ${o.qty} ${o.symbol} at ${rupees(o.price)} (trade ${o.tradeId}); the broker has no such fill`, tradeId: o.tradeId, brokerOrderId: null });
  }
  const oursGross = ours.reduce((s, f) => s + cash(f.action, f.qty, f.price), 0);
  const oursCharges = ours.reduce((s, f) => s + f.charges, 0);
  const brokerGross = broker.reduce((s, b) => s + cash(b.action, b.qty, b.price), 0);
  const brokerCharges = chargesKnown ? broker.reduce((s, b) => s + (b.charges ?? 0), 0) : null;
  const brokerNet = brokerCharges === null ? null : brokerGross - brokerCharges;
  const explained = differences.reduce((s, d) => s + d.effect, 0);
  const oursNet = oursGross - oursCharges;
  return {
    date,
    fills: { ours: ours.length, broker: broker.length, matched },
    ours: { gross: oursGross, charges: oursCharges, net: oursNet },
    broker: { gross: brokerGross, charges: brokerCharges, net: brokerNet },
    differences,
    explained,
    unexplained: brokerNet === null ? null : brokerNet - oursNet - explained,
    chargesNotCompared: !chargesKnown,
  };
}
