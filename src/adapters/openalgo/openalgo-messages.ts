/**
 * OpenAlgo's WebSocket messages as its server sends them (which differ from its docs in places: both
 * forms are accepted), parsed and normalised into quotes in minor units and deduplicated order updates.
 */
import { z } from 'zod';
import { toMinor } from '../../core/model/money.js';

/** Subscription modes: 1 LTP, 2 Quote, 3 Depth (a higher mode also carries the lower ones' fields). */
export type FeedMode = 1 | 2 | 3;

/** A normalised quote: prices in paise, quantities in units, `ts` the exchange's time when the message has it. */
export interface FeedQuote {
  readonly symbol: string;
  readonly exchange: string;
  readonly mode: FeedMode;
  readonly ts: number;
  readonly ltp: number;
  /** 0 when the message carries no quote (LTP mode, or a Quote mode without best bid/ask). */
  readonly bid: number;
  readonly ask: number;
  readonly bidQty: number;
  readonly askQty: number;
  readonly depth?: { readonly bids: readonly { price: number; qty: number }[]; readonly asks: readonly { price: number; qty: number }[] };
}

/** A number that brokers' adapters send as a number or as a numeric string. */
export const numeric = z.union([z.number(), z.string().trim().regex(/^-?\d+(\.\d+)?$/).transform(Number)]);

const level = z.object({ price: numeric, quantity: numeric.optional(), qty: numeric.optional() }).loose();

const data = z
  .object({
    ltp: numeric,
    ltt: numeric.optional(),
    timestamp: numeric.optional(),
    bid: numeric.optional(),
    ask: numeric.optional(),
    bid_qty: numeric.optional(),
    ask_qty: numeric.optional(),
    depth: z.object({ buy: z.array(level).optional(), sell: z.array(level).optional() }).loose().optional(),
    bids: z.array(level).optional(),
    asks: z.array(level).optional(),
  })
  .loose();

const marketData = z.object({
  type: z.literal('market_data'),
  symbol: z.string().min(1),
  exchange: z.string().min(1),
  mode: z.union([z.literal(1), z.literal(2), z.literal(3), z.enum(['LTP', 'Quote', 'Depth', 'QUOTE', 'DEPTH', 'ltp', 'quote', 'depth'])]),
  data,
});

const orderUpdate = z
  .object({
    type: z.literal('order_update'),
    orderid: z.union([z.string(), z.number()]).transform(String),
    symbol: z.string().optional(),
    action: z.string().optional(),
    order_status: z.string(),
    quantity: numeric.optional(),
    filled_quantity: numeric.default(0),
    pending_quantity: numeric.optional(),
    average_price: numeric.optional(),
    price: numeric.optional(),
    rejection_reason: z.string().nullable().optional(),
    strategy: z.string().nullable().optional(),
  })
  .loose();

export type OrderUpdate = z.output<typeof orderUpdate>;

export type ServerMessage =
  | { readonly kind: 'auth'; readonly ok: boolean; readonly message: string }
  | { readonly kind: 'error'; readonly code: string; readonly message: string }
  | { readonly kind: 'subscribe' | 'unsubscribe'; readonly ok: boolean; readonly message: string; readonly failed: readonly string[] }
  | { readonly kind: 'pong' }
  | { readonly kind: 'quote'; readonly quote: FeedQuote }
  | { readonly kind: 'order'; readonly update: OrderUpdate }
  | { readonly kind: 'other'; readonly type: string };

const MODES: Readonly<Record<string, FeedMode>> = { ltp: 1, quote: 2, depth: 3 };
const paise = toMinor;

/** Exchange time of a tick: `timestamp` (ms) or `ltt` (ms, or seconds in some depth messages); else `receivedTs`. */
function tickTime(d: z.output<typeof data>, receivedTs: number): number {
  const t = d.timestamp ?? d.ltt;
  if (t === undefined || !(t > 0)) return receivedTs;
  return t < 1e11 ? Math.round(t * 1000) : Math.round(t);
}

function book(levels: readonly z.output<typeof level>[] | undefined): { price: number; qty: number }[] {
  return (levels ?? []).map((l) => ({ price: paise(l.price), qty: Math.round(l.quantity ?? l.qty ?? 0) }));
}

/** One text frame from the server, or null when it is not JSON or not a message we know the shape of. */
export function parseServerMessage(text: string, receivedTs: number): ServerMessage | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof raw !== 'object' || raw === null) return null;
  const m = raw as Record<string, unknown>;
  const message = typeof m.message === 'string' ? m.message : '';
  switch (m.type) {
    case 'market_data': {
      const p = marketData.safeParse(m);
      if (!p.success) return null;
      const d = p.data.data;
      const mode = typeof p.data.mode === 'number' ? p.data.mode : MODES[p.data.mode.toLowerCase()]!;
      const bids = book(d.depth?.buy ?? d.bids);
      const asks = book(d.depth?.sell ?? d.asks);
      const quote: FeedQuote = {
        symbol: p.data.symbol,
        exchange: p.data.exchange,
        mode,
        ts: tickTime(d, receivedTs),
        ltp: paise(d.ltp),
        bid: bids[0]?.price ?? (d.bid === undefined ? 0 : paise(d.bid)),
        ask: asks[0]?.price ?? (d.ask === undefined ? 0 : paise(d.ask)),
        bidQty: bids[0]?.qty ?? Math.round(d.bid_qty ?? 0),
        askQty: asks[0]?.qty ?? Math.round(d.ask_qty ?? 0),
        ...(bids.length > 0 || asks.length > 0 ? { depth: { bids, asks } } : {}),
      };
      return { kind: 'quote', quote };
    }
    case 'order_update': {
      const p = orderUpdate.safeParse(m);
      return p.success ? { kind: 'order', update: p.data } : null;
    }
    case 'auth':
      return { kind: 'auth', ok: m.status === 'success', message };
    case 'pong':
      return { kind: 'pong' };
    case 'subscribe':
    case 'unsubscribe': {
      const subs = Array.isArray(m.subscriptions) ? (m.subscriptions as Record<string, unknown>[]) : [];
      const failed = subs.filter((s) => s.status === 'error').map((s) => `${String(s.exchange)}:${String(s.symbol)}: ${typeof s.message === 'string' ? s.message : 'refused'}`);
      return { kind: m.type, ok: m.status === 'success' || m.status === 'partial', message, failed };
    }
    default:
      if (m.status === 'error') return { kind: 'error', code: typeof m.code === 'string' ? m.code : 'ERROR', message };
      return { kind: 'other', type: typeof m.type === 'string' ? m.type : '' };
  }
}

/** Drops repeats of an order update: the server may send one per subscriber mode or replay it; the key is order id + status + filled quantity. */
export class OrderUpdateDedupe {
  private readonly seen = new Set<string>();
  private readonly order: string[] = [];

  constructor(private readonly capacity = 10_000) {}

  /** True the first time this (order, status, filled) is seen. */
  fresh(u: OrderUpdate): boolean {
    const key = `${u.orderid}|${u.order_status.toLowerCase()}|${u.filled_quantity}`;
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    this.order.push(key);
    if (this.order.length > this.capacity) this.seen.delete(this.order.shift()!);
    return true;
  }
}
