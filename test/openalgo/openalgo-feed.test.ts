/**
 * The OpenAlgo feed through the real `ws` client against a fake OpenAlgo server: authentication, subscribe
 * by mode, per-symbol unsubscribe with its mode, reconnect and resubscribe after a drop, and the watchdog's
 * steps on a feed that stays connected but goes silent (resubscribe, reconnect, REST quotes), each reported.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { OpenAlgoFeed, type FeedEvent, type OpenAlgoFeedOptions } from '../../src/adapters/openalgo/openalgo-feed.js';
import type { FeedQuote, OrderUpdate } from '../../src/adapters/openalgo/openalgo-messages.js';
import { OpenAlgoRest } from '../../src/adapters/openalgo/openalgo-rest.js';
import { FakeOpenAlgo } from './fake-openalgo.js';

const KEY = 'test-key-0123456789';
const INDEX = { symbol: 'NIFTY', exchange: 'NSE_INDEX', mode: 1 as const };
const CE = { symbol: 'NIFTY06JAN2626000CE', exchange: 'NFO', mode: 3 as const };
const PE = { symbol: 'NIFTY06JAN2626000PE', exchange: 'NFO', mode: 3 as const };

let fake: FakeOpenAlgo | null = null;
let feed: OpenAlgoFeed | null = null;
afterEach(async () => {
  feed?.stop();
  feed = null;
  await fake?.close();
  fake = null;
});

/** Waits for a condition (no timing is asserted: the bound only keeps a broken test from hanging). */
async function until(what: string, ok: () => boolean, boundMs = 30_000): Promise<void> {
  const end = Date.now() + boundMs;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`still waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function open(o: Partial<OpenAlgoFeedOptions> = {}) {
  fake = await FakeOpenAlgo.start({ apiKey: KEY });
  const quotes: FeedQuote[] = [];
  const events: FeedEvent[] = [];
  const orders: OrderUpdate[] = [];
  feed = new OpenAlgoFeed({
    url: fake.wsUrl,
    apiKey: KEY,
    onQuote: (q) => quotes.push(q),
    onEvent: (e) => events.push(e),
    onOrderUpdate: (u) => orders.push(u),
    backoffMs: { initial: 20, max: 200 },
    ...o,
  });
  feed.subscribe([INDEX, CE]);
  feed.start();
  await until('the subscriptions', () => fake!.subscriptions()[0]?.length === 2);
  return { fake, feed, quotes, events, orders };
}

describe('OpenAlgo feed', () => {
  it('authenticates, subscribes each symbol in its mode, normalises ticks, and unsubscribes a rolled strike with its mode', async () => {
    const { fake, feed, quotes } = await open();
    expect(fake.received.slice(0, 4)).toEqual([
      { action: 'authenticate', api_key: KEY },
      { action: 'subscribe_orders' },
      { action: 'subscribe', mode: 1, symbols: [{ symbol: 'NIFTY', exchange: 'NSE_INDEX' }] },
      { action: 'subscribe', mode: 3, symbols: [{ symbol: CE.symbol, exchange: 'NFO' }], depth: 5 },
    ]);
    expect(fake.subscriptions()).toEqual([['NFO:NIFTY06JAN2626000CE@3', 'NSE_INDEX:NIFTY@1']]);
    fake.push('NSE_INDEX', 'NIFTY', { ltp: 26010.35, timestamp: 1_767_600_000_000 });
    fake.push('NFO', CE.symbol, { ltp: '120.50', timestamp: 1_767_600_000_100, depth: { buy: [{ price: 120.45, quantity: 650 }], sell: [{ price: 120.55, quantity: 325 }] } });
    await until('two quotes', () => quotes.length === 2);
    expect(quotes[1]).toMatchObject({ symbol: CE.symbol, ltp: 12050, bid: 12045, ask: 12055, bidQty: 650, askQty: 325, ts: 1_767_600_000_100 });
    expect(feed.health()).toMatchObject({ state: 'live', connected: true, reconnects: 0, lastError: null });
    expect(feed.health().instruments.map((i) => [i.symbol, i.mode, i.lastTickTs !== null])).toEqual([
      ['NIFTY', 1, true],
      [CE.symbol, 3, true],
    ]);

    // A strike roll: the old strike is unsubscribed with the mode it held, the new one subscribed.
    feed.unsubscribe([{ symbol: CE.symbol, exchange: 'NFO' }]);
    feed.subscribe([PE]);
    await until('the roll', () => fake.subscriptions()[0]?.join() === 'NFO:NIFTY06JAN2626000PE@3,NSE_INDEX:NIFTY@1');
    expect(fake.received).toContainEqual({ action: 'unsubscribe', symbols: [{ symbol: CE.symbol, exchange: 'NFO', mode: 3 }] });
    expect(fake.push('NFO', CE.symbol, { ltp: 121 })).toBe(0);
    expect(feed.health().instruments.map((i) => i.symbol)).toEqual(['NIFTY', PE.symbol]);
  });

  it('after a dropped connection it reconnects with backoff, authenticates and resubscribes, and ticks flow again', async () => {
    const { fake, feed, quotes, events } = await open();
    fake.dropAll();
    await until('a reconnect', () => fake.connections === 2 && fake.subscriptions()[0]?.length === 2);
    expect(events.map((e) => e.type)).toEqual(['connected', 'disconnected', 'connected']);
    expect(events[1]).toMatchObject({ type: 'disconnected', retryInMs: 20 });
    fake.push('NFO', CE.symbol, { ltp: 119.95 });
    await until('a quote after the reconnect', () => quotes.length === 1);
    expect(feed.health()).toMatchObject({ state: 'live', connected: true, reconnects: 1 });
  });

  it('a silent feed: resubscribe, then reconnect, then REST quotes, each reported; a tick on the socket recovers it', async () => {
    const { fake, feed, quotes, events } = await open({
      staleMs: 150,
      fallbackPollMs: 20,
      fallbackQuotes: (symbols) => new OpenAlgoRest({ baseUrl: fake.httpUrl, apiKey: KEY }).quotes(symbols),
    });
    fake.quotes.set('NSE_INDEX:NIFTY', { ltp: 26000.05, open: 25950 });
    fake.quotes.set(`NFO:${CE.symbol}`, { ltp: '118.00', bid: '117.95', ask: '118.05' });
    fake.silent = true;
    await until('the REST fallback', () => feed.health().state === 'fallback' && quotes.length >= 2);
    const silent = events.filter((e): e is Extract<FeedEvent, { type: 'silent' }> => e.type === 'silent');
    expect(silent.map((e) => e.action)).toEqual(['resubscribe', 'reconnect', 'fallback']);
    for (const e of silent) expect(e.silentMs).toBeGreaterThanOrEqual(150);
    expect(fake.connections).toBe(2);
    // The resubscribe step unsubscribed each symbol in its own mode first.
    expect(fake.received).toContainEqual({ action: 'unsubscribe', symbols: [{ symbol: CE.symbol, exchange: 'NFO', mode: 3 }] });
    expect(quotes.find((q) => q.symbol === CE.symbol)).toMatchObject({ ltp: 11800, bid: 11795, ask: 11805 });
    expect(fake.requests.filter((r) => r.endpoint === 'quotes')[0]?.body).toEqual({ apikey: KEY, symbol: 'NIFTY', exchange: 'NSE_INDEX' });

    fake.silent = false;
    fake.push('NSE_INDEX', 'NIFTY', { ltp: 26001 });
    await until('recovery', () => feed.health().state === 'live');
    expect(events.at(-1)).toEqual({ type: 'recovered', from: 'fallback' });
    const polls = fake.requests.length;
    await new Promise((r) => setTimeout(r, 60));
    expect(fake.requests.length).toBe(polls);
  });

  it('out of hours silence is expected: the watchdog does nothing', async () => {
    const { feed, events } = await open({ staleMs: 30, expectTicks: () => false });
    await new Promise((r) => setTimeout(r, 150));
    expect(events.map((e) => e.type)).toEqual(['connected']);
    expect(feed.health().state).toBe('live');
  });

  it('a wrong key is reported as such, not retried in a tight loop', async () => {
    fake = await FakeOpenAlgo.start({ apiKey: KEY });
    const events: FeedEvent[] = [];
    feed = new OpenAlgoFeed({ url: fake.wsUrl, apiKey: 'wrong', onQuote: () => undefined, onEvent: (e) => events.push(e), backoffMs: { initial: 20, max: 60_000 } });
    feed.start();
    await until('the refusal', () => events.some((e) => e.type === 'disconnected'));
    expect(events[0]).toEqual({ type: 'auth_failed', message: 'AUTHENTICATION_ERROR: Invalid API key' });
    expect(events[1]).toMatchObject({ type: 'disconnected', retryInMs: 60_000 });
    expect(feed.health()).toMatchObject({ state: 'auth_failed', connected: false });
    expect(feed.health().lastError).toMatch(/authentication refused: AUTHENTICATION_ERROR: Invalid API key/);
  });

  it('order updates arrive once per (order, status, filled quantity)', async () => {
    const { fake, orders } = await open();
    const u = { orderid: 'O1', symbol: CE.symbol, action: 'BUY', order_status: 'open', quantity: 130, filled_quantity: 65, average_price: 120.5 };
    fake.pushOrderUpdate(u);
    fake.pushOrderUpdate(u);
    fake.pushOrderUpdate({ ...u, order_status: 'complete', filled_quantity: 130, average_price: '120.55' });
    await until('two updates', () => orders.length === 2);
    await new Promise((r) => setTimeout(r, 30));
    expect(orders.map((o) => [o.order_status, o.filled_quantity, o.average_price])).toEqual([
      ['open', 65, 120.5],
      ['complete', 130, 120.55],
    ]);
  });
});
