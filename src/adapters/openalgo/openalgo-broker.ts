/**
 * The kernel's orders through OpenAlgo: market orders placed by REST (exits in their own lane, ahead of
 * entries), fills from order updates booked at the broker's average price (partial fills included, the
 * order-status call as a fallback), and never a doubled order: a placement whose answer did not arrive is
 * looked up in the order book before it is placed again. Reports are queued for the driving loop.
 */
import type { OrderReport } from '../../core/model/fill.js';
import { toMinor } from '../../core/model/money.js';
import type { Broker, SubmitOrder } from '../../core/ports.js';
import type { OrderUpdate } from './openalgo-messages.js';
import { OpenAlgoError, numeric, type OpenAlgoRest } from './openalgo-rest.js';

export interface VenueSymbol {
  readonly symbol: string;
  readonly exchange: string;
}

export type BrokerEvent =
  | { readonly type: 'placed'; readonly orderId: string; readonly brokerOrderId: string; readonly attempt: number }
  | { readonly type: 'unknown'; readonly orderId: string; readonly message: string }
  | { readonly type: 'adopted'; readonly orderId: string; readonly brokerOrderId: string }
  | { readonly type: 'retry'; readonly orderId: string; readonly attempt: number; readonly message: string }
  | { readonly type: 'rejected'; readonly orderId: string; readonly reason: string };

export interface OpenAlgoBrokerOptions {
  readonly rest: OpenAlgoRest;
  /** Where an instrument trades; null for one that cannot be ordered (an index). */
  readonly venue: (instrument: number) => VenueSymbol | null;
  readonly product?: 'MIS' | 'NRML';
  /** OpenAlgo's only free-text order field: it tags our orders in the broker's book. */
  readonly strategy?: string;
  readonly now?: () => number;
  readonly onEvent?: (e: BrokerEvent) => void;
  /** After a placement with no answer, wait this long for the order to reach the book before looking. Default 1 s. */
  readonly lookupDelayMs?: number;
  /** Poll `orderstatus` for an open order with no update for this long. Default 3 s. */
  readonly pollMs?: number;
  /** Wait before placing again after a 429. Default 1 s. */
  readonly rateLimitWaitMs?: number;
  /**
   * Asked before every placement (and every placement again): a reason refuses the order without sending
   * it (e.g. live arming lapsed for an entry, or OpenAlgo left analyzer mode), null lets it go.
   */
  readonly beforePlace?: (order: SubmitOrder) => Promise<string | null>;
}

interface Live {
  readonly order: SubmitOrder;
  readonly venue: VenueSymbol;
  brokerId: string | null;
  attempt: number;
  filledQty: number;
  /** Sum of price × qty of the fills reported, paise. */
  filledValue: number;
  accepted: boolean;
  done: boolean;
  lastNewsTs: number;
}

const ENDED = new Set(['rejected', 'cancelled', 'canceled']);
const COMPLETE = new Set(['complete', 'completed', 'filled']);

export class OpenAlgoBroker implements Broker {
  private readonly reports: OrderReport[] = [];
  private readonly orders = new Map<string, Live>();
  private readonly byBrokerId = new Map<string, Live>();
  /** Updates for broker ids we have not mapped yet (the update can beat placeorder's answer). */
  private readonly early = new Map<string, OrderUpdate[]>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly poller: NodeJS.Timeout;
  private readonly now: () => number;

  constructor(private readonly o: OpenAlgoBrokerOptions) {
    this.now = o.now ?? Date.now;
    this.poller = setInterval(() => void this.pollStale(), Math.max(50, Math.floor((o.pollMs ?? 3_000) / 2)));
  }

  submit(order: SubmitOrder): void {
    if (this.orders.has(order.orderId)) throw new Error(`duplicate order id ${order.orderId}`);
    const venue = this.o.venue(order.instrument);
    const live: Live = { order, venue: venue ?? { symbol: '?', exchange: '?' }, brokerId: null, attempt: 0, filledQty: 0, filledValue: 0, accepted: false, done: false, lastNewsTs: this.now() };
    this.orders.set(order.orderId, live);
    if (venue === null || !Number.isSafeInteger(order.qty) || order.qty <= 0) {
      this.reject(live, venue === null ? `instrument ${order.instrument} cannot be ordered` : `bad quantity ${order.qty}`);
      return;
    }
    // Never synchronously: the kernel hears about it on its next drain.
    this.later(0, () => void this.place(live));
  }

  /** Fills come from the broker's order updates, not from ticks. */
  onTick(): void {}

  drainReports(sink: (report: OrderReport) => void): number {
    const batch = this.reports.splice(0);
    for (const r of batch) sink(r);
    return batch.length;
  }

  /** An order update from the feed's order stream (deduplicated there). */
  onOrderUpdate(u: OrderUpdate): void {
    const live = this.byBrokerId.get(u.orderid);
    if (live === undefined) {
      // Not ours, or ours before placeorder answered: kept a while in case it is.
      const list = this.early.get(u.orderid) ?? [];
      list.push(u);
      this.early.set(u.orderid, list);
      if (this.early.size > 1_000) this.early.delete(this.early.keys().next().value!);
      return;
    }
    this.apply(live, u.order_status, u.filled_quantity, u.average_price ?? null, u.rejection_reason ?? null);
  }

  /** Orders not yet final. */
  open(): number {
    return [...this.orders.values()].filter((l) => !l.done).length;
  }

  /** Orders whose news the kernel has not had yet: not final, or final with reports still queued. */
  unsettled(): number {
    return this.open() + this.reports.length;
  }

  close(): void {
    clearInterval(this.poller);
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private async place(live: Live): Promise<void> {
    if (live.done) return;
    const o = live.order;
    if (this.o.beforePlace !== undefined) {
      let refusal: string | null;
      try {
        refusal = await this.o.beforePlace(o);
      } catch (e) {
        refusal = `could not check the order before placing it: ${(e as Error).message}`;
      }
      if (refusal !== null) return this.reject(live, refusal);
    }
    live.attempt += 1;
    const exit = o.purpose === 'EXIT' || o.purpose === 'PARTIAL_EXIT';
    try {
      const answer = await this.o.rest.call(
        'placeorder',
        {
          strategy: this.o.strategy ?? 'aiscalper',
          exchange: live.venue.exchange,
          symbol: live.venue.symbol,
          action: o.action,
          product: this.o.product ?? 'MIS',
          pricetype: 'MARKET',
          quantity: String(o.qty),
          price: '0',
          trigger_price: '0',
          disclosed_quantity: '0',
        },
        { lane: exit ? 'exit' : 'entry' },
      );
      const brokerId = answer.orderid;
      if (typeof brokerId !== 'string' && typeof brokerId !== 'number') throw new OpenAlgoError('bad_answer', 'placeorder', 'no orderid in the answer');
      this.adopt(live, String(brokerId), 'placed');
    } catch (e) {
      const err = e instanceof OpenAlgoError ? e : new OpenAlgoError('unreachable', 'placeorder', (e as Error).message);
      if (err.failure === 'refused') return this.reject(live, err.message);
      if (err.failure === 'rate_limited') {
        this.o.onEvent?.({ type: 'retry', orderId: o.orderId, attempt: live.attempt + 1, message: err.message });
        this.later(this.o.rateLimitWaitMs ?? 1_000, () => void this.place(live));
        return;
      }
      // timeout, unreachable, bad answer: the order may exist at the broker. Look before placing again.
      this.o.onEvent?.({ type: 'unknown', orderId: o.orderId, message: err.message });
      this.later(this.o.lookupDelayMs ?? 1_000, () => void this.lookUp(live));
    }
  }

  /** Finds an order of ours the broker took although its answer was lost; places again only when there is none. */
  private async lookUp(live: Live): Promise<void> {
    if (live.done || live.brokerId !== null) return;
    let orders: Record<string, unknown>[];
    try {
      const answer = await this.o.rest.call('orderbook');
      const data = answer.data as { orders?: unknown } | unknown[] | undefined;
      orders = (Array.isArray(data) ? data : Array.isArray(data?.orders) ? data.orders : []) as Record<string, unknown>[];
    } catch (e) {
      // Still unknown: keep looking (placing again now could double the order).
      this.o.onEvent?.({ type: 'unknown', orderId: live.order.orderId, message: (e as Error).message });
      this.later(this.o.lookupDelayMs ?? 1_000, () => void this.lookUp(live));
      return;
    }
    const match = orders.find((r) => {
      const id = idOf(r.orderid);
      const qty = numeric.safeParse(r.quantity);
      return (
        id !== '' &&
        !this.byBrokerId.has(id) &&
        r.symbol === live.venue.symbol &&
        typeof r.action === 'string' &&
        r.action.toUpperCase() === live.order.action &&
        qty.success &&
        qty.data === live.order.qty &&
        (r.strategy === undefined || r.strategy === null || r.strategy === (this.o.strategy ?? 'aiscalper'))
      );
    });
    if (match !== undefined) {
      this.adopt(live, idOf(match.orderid), 'adopted');
      const status = typeof match.order_status === 'string' ? match.order_status : '';
      if (status !== '') this.apply(live, status, COMPLETE.has(status.toLowerCase()) ? live.order.qty : live.filledQty, optionalNumber(match.average_price), null);
      return;
    }
    this.o.onEvent?.({ type: 'retry', orderId: live.order.orderId, attempt: live.attempt + 1, message: 'not in the order book: placing it again' });
    await this.place(live);
  }

  private adopt(live: Live, brokerId: string, how: 'placed' | 'adopted'): void {
    live.brokerId = brokerId;
    live.lastNewsTs = this.now();
    this.byBrokerId.set(brokerId, live);
    this.o.onEvent?.(how === 'placed' ? { type: 'placed', orderId: live.order.orderId, brokerOrderId: brokerId, attempt: live.attempt } : { type: 'adopted', orderId: live.order.orderId, brokerOrderId: brokerId });
    if (!live.accepted) {
      live.accepted = true;
      this.reports.push({ kind: 'accepted', orderId: live.order.orderId, ts: this.now() });
    }
    for (const u of this.early.get(brokerId) ?? []) this.apply(live, u.order_status, u.filled_quantity, u.average_price ?? null, u.rejection_reason ?? null);
    this.early.delete(brokerId);
  }

  /** Books what an update or a status says: the newly filled quantity at the price that makes the average the broker's. */
  private apply(live: Live, status: string, filledQty: number, averagePrice: number | null, reason: string | null): void {
    if (live.done) return;
    live.lastNewsTs = this.now();
    const s = status.toLowerCase();
    const filled = Math.min(live.order.qty, Math.max(live.filledQty, Math.round(filledQty)));
    if (filled > live.filledQty && averagePrice !== null && averagePrice > 0) {
      const delta = filled - live.filledQty;
      // The broker reports the average of all fills so far: this part's price makes the booked average match it.
      const totalValue = toMinor(averagePrice) * filled;
      const implied = Math.round((totalValue - live.filledValue) / delta);
      // Averages that imply no positive price for this part are the broker's inconsistency: book the part at
      // its reported average rather than invent a price.
      const price = implied > 0 ? implied : toMinor(averagePrice);
      live.filledQty = filled;
      live.filledValue += price * delta;
      const final = filled === live.order.qty;
      if (final) live.done = true;
      this.reports.push({ kind: 'filled', final, fill: { orderId: live.order.orderId, instrument: live.order.instrument, ts: Math.max(this.now(), live.order.ts), action: live.order.action, qty: delta, price } });
      if (final) return;
    }
    if (ENDED.has(s)) {
      live.done = true;
      const why = `${s} by the broker${reason === null || reason === '' ? '' : `: ${reason}`}`;
      this.o.onEvent?.({ type: 'rejected', orderId: live.order.orderId, reason: why });
      this.reports.push({ kind: 'cancelled', orderId: live.order.orderId, ts: this.now(), reason: why });
    }
  }

  /** The order-status call for open orders with no news for a while (the order stream can miss updates). */
  private async pollStale(): Promise<void> {
    const due = [...this.orders.values()].filter((l) => !l.done && l.brokerId !== null && this.now() - l.lastNewsTs >= (this.o.pollMs ?? 3_000));
    for (const live of due) {
      live.lastNewsTs = this.now();
      try {
        const answer = await this.o.rest.call('orderstatus', { orderid: live.brokerId, strategy: this.o.strategy ?? 'aiscalper' });
        const d = (answer.data ?? {}) as Record<string, unknown>;
        const status = typeof d.order_status === 'string' ? d.order_status : '';
        const filled = optionalNumber(d.filled_quantity) ?? (COMPLETE.has(status.toLowerCase()) ? live.order.qty : live.filledQty);
        this.apply(live, status, filled, optionalNumber(d.average_price), typeof d.rejection_reason === 'string' ? d.rejection_reason : null);
      } catch {
        // The next poll tries again; the order stream may answer first.
      }
    }
  }

  private reject(live: Live, reason: string): void {
    live.done = true;
    this.o.onEvent?.({ type: 'rejected', orderId: live.order.orderId, reason });
    this.reports.push({ kind: 'rejected', orderId: live.order.orderId, ts: Math.max(this.now(), live.order.ts), reason });
  }

  private later(ms: number, f: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      f();
    }, ms);
    this.timers.add(t);
  }
}

/** A broker order id as text ('' when it is neither text nor a number). */
function idOf(x: unknown): string {
  return typeof x === 'string' || typeof x === 'number' ? String(x) : '';
}

function optionalNumber(x: unknown): number | null {
  const p = numeric.safeParse(x);
  return p.success ? p.data : null;
}
