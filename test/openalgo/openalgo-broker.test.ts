/**
 * The OpenAlgo broker against the fake server through the real REST client and ws order stream: market
 * orders with exactly OpenAlgo's fields, fills at the broker's average price (partial fills included),
 * placement refusals and later broker rejections, lost answers looked up before placing again (never a
 * doubled order), exits ahead of entries under the order limit, and order status polled when updates stop.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { OpenAlgoBroker, type BrokerEvent } from '../../src/adapters/openalgo/openalgo-broker.js';
import { OpenAlgoFeed } from '../../src/adapters/openalgo/openalgo-feed.js';
import { OpenAlgoRest } from '../../src/adapters/openalgo/openalgo-rest.js';
import type { OrderReport } from '../../src/core/model/fill.js';
import type { SubmitOrder } from '../../src/core/ports.js';
import { FakeOpenAlgo } from './fake-openalgo.js';

const KEY = 'broker-key-0123456789';
const CE = 7;
const SYMBOLS: Record<number, { symbol: string; exchange: string }> = { [CE]: { symbol: 'NIFTY06JAN2626000CE', exchange: 'NFO' } };

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const f of cleanup.reverse()) await f();
  cleanup = [];
});

async function until(what: string, ok: () => boolean, boundMs = 30_000): Promise<void> {
  const end = Date.now() + boundMs;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`still waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function world(o: { ordersPerSecond?: number; timeoutMs?: number; pollMs?: number; orderStream?: boolean } = {}) {
  const fake = await FakeOpenAlgo.start({ apiKey: KEY });
  const rest = new OpenAlgoRest({ baseUrl: fake.httpUrl, apiKey: KEY, timeoutMs: o.timeoutMs ?? 2_000, ...(o.ordersPerSecond === undefined ? {} : { ordersPerSecond: o.ordersPerSecond }) });
  const events: BrokerEvent[] = [];
  const broker = new OpenAlgoBroker({ rest, venue: (id) => SYMBOLS[id] ?? null, lookupDelayMs: 20, pollMs: o.pollMs ?? 60_000, rateLimitWaitMs: 20, onEvent: (e) => events.push(e) });
  const feed = new OpenAlgoFeed({ url: fake.wsUrl, apiKey: KEY, onQuote: () => undefined, onOrderUpdate: (u) => broker.onOrderUpdate(u) });
  if (o.orderStream !== false) {
    feed.start();
    await until('the order stream', () => fake.received.some((m) => m.action === 'subscribe_orders'));
  }
  cleanup.push(async () => {
    broker.close();
    feed.stop();
    await fake.close();
  });
  const reports: OrderReport[] = [];
  const drain = (): OrderReport[] => {
    broker.drainReports((r) => reports.push(r));
    return reports;
  };
  return { fake, broker, events, reports, drain };
}

const order = (orderId: string, o: Partial<SubmitOrder> = {}): SubmitOrder => ({ orderId, instrument: CE, action: 'BUY', purpose: 'ENTRY', qty: 130, ts: 1, ...o });
const final = (reports: OrderReport[], id: string): boolean => reports.some((r) => (r.kind === 'filled' ? r.fill.orderId === id && r.final : r.orderId === id && r.kind !== 'accepted'));
const placed = (fake: FakeOpenAlgo) => fake.requests.filter((r) => r.endpoint === 'placeorder');

describe('OpenAlgo broker', () => {
  it('places a market order with OpenAlgo’s fields only, and books two partial fills so the average is the broker’s', async () => {
    const { fake, broker, drain } = await world();
    fake.onOrder = (o) => {
      fake.fill(o.orderid, 65, 120.5);
      fake.fill(o.orderid, 130, 120.55);
    };
    broker.submit(order('T1/ENTRY-1'));
    expect(drain()).toEqual([]);
    await until('the fills', () => final(drain(), 'T1/ENTRY-1'));
    expect(placed(fake)[0]!.body).toEqual({ apikey: KEY, strategy: 'aiscalper', exchange: 'NFO', symbol: 'NIFTY06JAN2626000CE', action: 'BUY', product: 'MIS', pricetype: 'MARKET', quantity: '130', price: '0', trigger_price: '0', disclosed_quantity: '0' });
    const reports = drain();
    expect(reports.map((r) => r.kind)).toEqual(['accepted', 'filled', 'filled']);
    const fills = reports.flatMap((r) => (r.kind === 'filled' ? [[r.fill.qty, r.fill.price, r.final]] : []));
    // 120.55 × 130 = ₹15,671.50 in all; the first 65 at ₹120.50, so the second 65 at ₹120.60.
    expect(fills).toEqual([
      [65, 12050, false],
      [65, 12060, true],
    ]);
    expect(broker.open()).toBe(0);
  });

  it('a placement OpenAlgo refuses is one rejected report with its message; an index or a bad quantity is refused without a call', async () => {
    const { fake, broker, drain } = await world();
    SYMBOLS[9] = { symbol: 'bad symbol', exchange: 'NFO' };
    broker.submit(order('T2/ENTRY-1', { instrument: 9 }));
    broker.submit(order('T2/ENTRY-2', { instrument: 1 }));
    broker.submit(order('T2/ENTRY-3', { qty: 0 }));
    await until('the refusal', () => final(drain(), 'T2/ENTRY-1'));
    expect(drain()).toEqual([
      { kind: 'rejected', orderId: 'T2/ENTRY-2', ts: expect.any(Number) as number, reason: 'instrument 1 cannot be ordered' },
      { kind: 'rejected', orderId: 'T2/ENTRY-3', ts: expect.any(Number) as number, reason: 'bad quantity 0' },
      { kind: 'rejected', orderId: 'T2/ENTRY-1', ts: expect.any(Number) as number, reason: 'OpenAlgo placeorder: 400: Invalid order: symbol bad symbol, quantity 130' },
    ]);
    expect(placed(fake)).toHaveLength(1);
    expect(() => broker.submit(order('T2/ENTRY-1'))).toThrow(/duplicate/);
  });

  it('an order the broker rejects after taking it is reported cancelled with the broker’s reason', async () => {
    const { fake, broker, drain, events } = await world();
    fake.onOrder = (o) => fake.end(o.orderid, 'rejected', 'RMS: insufficient margin');
    broker.submit(order('T3/ENTRY-1'));
    await until('the rejection', () => final(drain(), 'T3/ENTRY-1'));
    expect(drain().map((r) => (r.kind === 'cancelled' ? `${r.kind}: ${r.reason}` : r.kind))).toEqual(['accepted', 'cancelled: rejected by the broker: RMS: insufficient margin']);
    expect(events.at(-1)).toMatchObject({ type: 'rejected', reason: 'rejected by the broker: RMS: insufficient margin' });
  });

  it('a placement whose answer is lost is found in the order book and adopted: one order at the broker, filled once', async () => {
    const { fake, broker, drain, events } = await world({ timeoutMs: 100 });
    fake.loseNextPlaceAnswers = 1;
    fake.onOrder = (o) => fake.fill(o.orderid, 130, 99.95);
    broker.submit(order('T4/EXIT-2', { action: 'SELL', purpose: 'EXIT' }));
    await until('the fill', () => final(drain(), 'T4/EXIT-2'));
    expect(placed(fake)).toHaveLength(1);
    expect(fake.orders.size).toBe(1);
    expect(events.map((e) => e.type)).toEqual(['unknown', 'adopted']);
    const fills = drain().filter((r) => r.kind === 'filled');
    expect(fills).toHaveLength(1);
    expect(fills[0]).toMatchObject({ final: true, fill: { qty: 130, price: 9995, action: 'SELL' } });
  });

  it('a placement lost before the broker is not in the order book: it is placed again, once', async () => {
    const { fake, broker, drain, events } = await world({ timeoutMs: 100 });
    fake.dropNextPlaceRequests = 1;
    fake.onOrder = (o) => fake.fill(o.orderid, 130, 101);
    broker.submit(order('T5/ENTRY-1'));
    await until('the fill', () => final(drain(), 'T5/ENTRY-1'));
    expect(placed(fake)).toHaveLength(2);
    expect(fake.orders.size).toBe(1);
    expect(events.map((e) => e.type)).toEqual(['unknown', 'retry', 'placed']);
    expect(drain().filter((r) => r.kind === 'accepted')).toHaveLength(1);
  });

  it('under the order limit a waiting exit is placed before waiting entries', async () => {
    const { fake, broker, drain } = await world({ ordersPerSecond: 1 });
    fake.onOrder = (o) => fake.fill(o.orderid, o.quantity, 100);
    broker.submit(order('E1/ENTRY-1'));
    broker.submit(order('E2/ENTRY-1'));
    broker.submit(order('E3/EXIT-1', { action: 'SELL', purpose: 'EXIT' }));
    await until('all three', () => ['E1/ENTRY-1', 'E2/ENTRY-1', 'E3/EXIT-1'].every((id) => final(drain(), id)));
    expect(placed(fake).map((r) => r.body.action)).toEqual(['BUY', 'SELL', 'BUY']);
  });

  it('with no order stream, an open order is polled with orderstatus and booked when complete', async () => {
    const { fake, broker, drain } = await world({ orderStream: false, pollMs: 50 });
    fake.onOrder = (o) => fake.fill(o.orderid, 130, 88.8, { push: false });
    broker.submit(order('T7/ENTRY-1'));
    await until('the polled fill', () => final(drain(), 'T7/ENTRY-1'));
    expect(fake.requests.some((r) => r.endpoint === 'orderstatus')).toBe(true);
    expect(drain().filter((r) => r.kind === 'filled')).toMatchObject([{ final: true, fill: { qty: 130, price: 8880 } }]);
  });
});
