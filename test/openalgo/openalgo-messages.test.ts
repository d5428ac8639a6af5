/** OpenAlgo's WebSocket messages as its server sends them: both depth layouts, numbers as strings, tick times in ms or s, order updates once each. */
import { describe, expect, it } from 'vitest';
import { OrderUpdateDedupe, parseServerMessage, type OrderUpdate } from '../../src/adapters/openalgo/openalgo-messages.js';

const RECEIVED = 1_767_600_000_000;
const md = (mode: unknown, data: Record<string, unknown>) => JSON.stringify({ type: 'market_data', symbol: 'NIFTY06JAN2626000CE', exchange: 'NFO', mode, broker: 'zerodha', data });

describe('OpenAlgo market data', () => {
  it('a depth message with depth.buy/sell (Zerodha) gives best bid and ask in paise, the book, and ltt in seconds as ms', () => {
    const m = parseServerMessage(md(3, { ltp: 120.5, ltt: 1_767_599_999, depth: { buy: [{ price: 120.45, quantity: 650, orders: 3 }, { price: 120.4, quantity: 130 }], sell: [{ price: '120.55', quantity: '325' }] } }), RECEIVED);
    expect(m).toEqual({
      kind: 'quote',
      quote: {
        symbol: 'NIFTY06JAN2626000CE',
        exchange: 'NFO',
        mode: 3,
        ts: 1_767_599_999_000,
        ltp: 12050,
        bid: 12045,
        ask: 12055,
        bidQty: 650,
        askQty: 325,
        depth: { bids: [{ price: 12045, qty: 650 }, { price: 12040, qty: 130 }], asks: [{ price: 12055, qty: 325 }] },
      },
    });
  });

  it('bids/asks (the docs’ layout), a mode named as text, a timestamp in ms; LTP mode has no quote; a tick without time takes the receive time', () => {
    const docs = parseServerMessage(md('Depth', { ltp: '99.95', timestamp: 1_767_599_000_123, bids: [{ price: 99.9, qty: 75 }], asks: [{ price: 100, qty: 50 }] }), RECEIVED);
    expect(docs).toMatchObject({ kind: 'quote', quote: { mode: 3, ts: 1_767_599_000_123, ltp: 9995, bid: 9990, ask: 10000, bidQty: 75, askQty: 50 } });
    const ltp = parseServerMessage(md(1, { ltp: 26001.35 }), RECEIVED);
    expect(ltp).toMatchObject({ kind: 'quote', quote: { mode: 1, ts: RECEIVED, ltp: 2600135, bid: 0, ask: 0, bidQty: 0, askQty: 0 } });
    expect(ltp?.kind === 'quote' ? ltp.quote.depth : 'not a quote').toBeUndefined();
  });

  it('refuses what is not a tick: no ltp, a non-numeric price, not JSON', () => {
    expect(parseServerMessage(md(2, { close: 1 }), RECEIVED)).toBeNull();
    expect(parseServerMessage(md(2, { ltp: 'n/a' }), RECEIVED)).toBeNull();
    expect(parseServerMessage('{not json', RECEIVED)).toBeNull();
  });

  it('auth, errors, acks with refused symbols, pong', () => {
    expect(parseServerMessage(JSON.stringify({ type: 'auth', status: 'success', message: 'ok' }), RECEIVED)).toEqual({ kind: 'auth', ok: true, message: 'ok' });
    expect(parseServerMessage(JSON.stringify({ status: 'error', code: 'AUTHENTICATION_ERROR', message: 'Invalid API key' }), RECEIVED)).toEqual({ kind: 'error', code: 'AUTHENTICATION_ERROR', message: 'Invalid API key' });
    const partial = parseServerMessage(JSON.stringify({ type: 'subscribe', status: 'partial', message: 'done', subscriptions: [{ symbol: 'A', exchange: 'NFO', status: 'success' }, { symbol: 'B', exchange: 'NFO', status: 'error', message: 'unknown symbol' }] }), RECEIVED);
    expect(partial).toEqual({ kind: 'subscribe', ok: true, message: 'done', failed: ['NFO:B: unknown symbol'] });
    expect(parseServerMessage(JSON.stringify({ type: 'pong', status: 'success' }), RECEIVED)).toEqual({ kind: 'pong' });
  });

  it('order updates: numbers as strings accepted; the same (order, status, filled) is passed on once', () => {
    const raw = { type: 'order_update', orderid: 250105000123, symbol: 'NIFTY06JAN2626000CE', action: 'BUY', order_status: 'open', quantity: '130', filled_quantity: '65', average_price: '120.50' };
    const m = parseServerMessage(JSON.stringify(raw), RECEIVED);
    expect(m).toMatchObject({ kind: 'order', update: { orderid: '250105000123', filled_quantity: 65, average_price: 120.5 } });
    const u = (m as { update: OrderUpdate }).update;
    const d = new OrderUpdateDedupe();
    expect(d.fresh(u)).toBe(true);
    expect(d.fresh({ ...u })).toBe(false);
    expect(d.fresh({ ...u, filled_quantity: 130, order_status: 'complete' })).toBe(true);
    expect(d.fresh({ ...u, order_status: 'OPEN' })).toBe(false);
  });
});
