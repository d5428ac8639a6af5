/**
 * Reconciliation against the fake OpenAlgo's books: the position book (numbers as strings) checked until a
 * mismatch is confirmed and raised once, never while an order is in flight; the tradebook read (times in
 * either format, charges when present) and a day's planted price difference, missed fill and charges
 * difference each found with its cause.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brokerTrades, tradeTime } from '../../src/adapters/openalgo/broker-books.js';
import { OpenAlgoRest } from '../../src/adapters/openalgo/openalgo-rest.js';
import { PositionReconciler } from '../../src/adapters/openalgo/position-reconciler.js';
import { reconcileDay, type OurFill } from '../../src/app/live/eod-reconciliation.js';
import type { HeldPosition, PositionMismatch } from '../../src/app/live/position-check.js';
import { FakeOpenAlgo } from './fake-openalgo.js';

const KEY = 'recon-key-0123456789';
const CE = 'NIFTY06JAN2626000CE';
let fake: FakeOpenAlgo;
let rest: OpenAlgoRest;
beforeAll(async () => {
  fake = await FakeOpenAlgo.start({ apiKey: KEY });
  rest = new OpenAlgoRest({ baseUrl: fake.httpUrl, apiKey: KEY });
});
afterAll(async () => {
  await fake.close();
});

describe('position reconciliation', () => {
  it('agrees, then a difference is confirmed on the second check and raised once; in-flight orders skip; agreement is reported', async () => {
    let held: HeldPosition[] = [{ symbol: CE, exchange: 'NFO', qty: 65 }];
    let inFlight = 0;
    const raised: (readonly PositionMismatch[])[] = [];
    let agreed = 0;
    const r = new PositionReconciler({ rest, ours: () => held, traded: () => [{ symbol: CE, exchange: 'NFO' }], ordersInFlight: () => inFlight, onMismatch: (m) => raised.push(m), onAgreed: () => (agreed += 1) });
    fake.positionbook = [{ symbol: CE, exchange: 'NFO', product: 'MIS', quantity: '65', average_price: '120.50', ltp: 121, pnl: '32.50' }];
    expect(await r.check()).toBe('agreed');
    held = [];
    inFlight = 1;
    expect(await r.check()).toBe('skipped');
    inFlight = 0;
    expect(await r.check()).toBe('unconfirmed');
    expect(raised).toEqual([]);
    expect(await r.check()).toBe('mismatch');
    expect(await r.check()).toBe('mismatch');
    expect(raised).toEqual([[{ symbol: CE, exchange: 'NFO', ours: 0, broker: 65, kind: 'unknown_to_us' }]]);
    fake.positionbook = [{ symbol: CE, exchange: 'NFO', product: 'MIS', quantity: 0, average_price: 0, pnl: 0 }];
    expect(await r.check()).toBe('agreed');
    expect(agreed).toBe(1);
  });

  it('a position book it cannot read is an error, not an agreement', async () => {
    const errors: string[] = [];
    const r = new PositionReconciler({ rest: new OpenAlgoRest({ baseUrl: fake.httpUrl, apiKey: 'wrong' }), ours: () => [], traded: () => [], ordersInFlight: () => 0, onMismatch: () => undefined, onError: (m) => errors.push(m) });
    expect(await r.check()).toBe('error');
    expect(errors).toEqual(['position book unavailable: OpenAlgo positionbook: 403: Invalid openalgo apikey']);
  });
});

describe('end-of-day reconciliation with the tradebook', () => {
  it('reads times in either format and finds the planted price difference, missed fill and charges difference, explaining the whole gap', async () => {
    expect(tradeTime('10:01:30', '2026-01-05', 330)).toBe(Date.UTC(2026, 0, 5, 4, 31, 30));
    expect(tradeTime('05-Jan-2026 10:01:30', '2026-01-05', 330)).toBe(Date.UTC(2026, 0, 5, 4, 31, 30));
    expect(tradeTime('whenever', '2026-01-05', 330)).toBeNull();
    const t = (hms: string): number => tradeTime(hms, '2026-01-05', 330)!;
    const ours: OurFill[] = [
      { tradeId: '2026-01-05#1', symbol: CE, exchange: 'NFO', action: 'BUY', qty: 65, price: 12_050, ts: t('10:01:00'), charges: 2_575 },
      { tradeId: '2026-01-05#1', symbol: CE, exchange: 'NFO', action: 'SELL', qty: 65, price: 12_400, ts: t('10:05:00'), charges: 3_912 },
    ];
    fake.tradebook = [
      { orderid: '1001', symbol: CE, exchange: 'NFO', action: 'BUY', quantity: '65', average_price: '120.50', trade_value: '7832.50', timestamp: '10:01:01', charges: '25.75' },
      { orderid: '1002', symbol: CE, exchange: 'NFO', action: 'SELL', quantity: 65, average_price: 123.95, trade_value: 8056.75, timestamp: '05-Jan-2026 10:05:01', charges: '39.62' },
      { orderid: '1003', symbol: CE, exchange: 'NFO', action: 'BUY', quantity: '65', average_price: '119.00', timestamp: '14:20:00', charges: '25.40' },
    ];
    const rows = await brokerTrades(rest, '2026-01-05', 330);
    expect(rows[0]).toEqual({ orderId: '1001', symbol: CE, exchange: 'NFO', action: 'BUY', qty: 65, price: 12_050, ts: t('10:01:01'), charges: 2_575 });
    const r = reconcileDay('2026-01-05', ours, rows);
    expect(r.differences.map((d) => `${d.cause} ${d.effect} ${d.brokerOrderId ?? ''}`)).toEqual([
      'price -325 1002', // 65 × −₹0.05 on the exit
      'charges -50 1002', // ₹39.62 at the broker, ₹39.12 by our card
      `missed_fill ${-(11_900 * 65) - 2_540} 1003`,
    ]);
    expect(r.unexplained).toBe(0);
  });
});
