/** Reconciliation with the broker, worked by hand: positions compared per traded symbol, and a day's fills explained difference by difference down to the paisa. */
import { describe, expect, it } from 'vitest';
import type { BrokerTradeRow } from '../../src/app/live/broker-records.js';
import { reconcileDay, type OurFill } from '../../src/app/live/eod-reconciliation.js';
import { comparePositions, describeMismatch } from '../../src/app/live/position-check.js';

const CE = 'NIFTY06JAN2626000CE';
const PE = 'NIFTY06JAN2626000PE';
const T0 = Date.UTC(2026, 0, 5, 4, 30);

describe('positions against the broker', () => {
  const row = (symbol: string, qty: number) => ({ symbol, exchange: 'NFO', product: 'MIS', qty, averagePrice: 10_000, pnl: null });
  it('agrees when every traded symbol holds the same net quantity; other broker positions are not ours to compare', () => {
    expect(comparePositions([{ symbol: CE, exchange: 'NFO', qty: 65 }], [row(CE, 65), row('BANKNIFTY27JAN2660000CE', 30), row(PE, 0)], [{ symbol: CE, exchange: 'NFO' }, { symbol: PE, exchange: 'NFO' }])).toEqual([]);
  });
  it('names each kind of difference', () => {
    const m = comparePositions([{ symbol: CE, exchange: 'NFO', qty: 130 }], [row(CE, 65), row(PE, 65)], [{ symbol: CE, exchange: 'NFO' }, { symbol: PE, exchange: 'NFO' }]);
    expect(m).toEqual([
      { symbol: CE, exchange: 'NFO', ours: 130, broker: 65, kind: 'quantity' },
      { symbol: PE, exchange: 'NFO', ours: 0, broker: 65, kind: 'unknown_to_us' },
    ]);
    expect(describeMismatch(m[1]!)).toBe(`NFO:${PE}: ours 0, broker 65 (the broker holds it, we do not)`);
    expect(comparePositions([{ symbol: CE, exchange: 'NFO', qty: 65 }], [], [])[0]?.kind).toBe('missing_at_broker');
  });
});

describe('end-of-day reconciliation', () => {
  const ours: OurFill[] = [
    { tradeId: 'T1', symbol: CE, exchange: 'NFO', action: 'BUY', qty: 65, price: 12_050, ts: T0, charges: 2_500 },
    { tradeId: 'T1', symbol: CE, exchange: 'NFO', action: 'SELL', qty: 65, price: 12_400, ts: T0 + 60_000, charges: 3_900 },
    { tradeId: 'T2', symbol: PE, exchange: 'NFO', action: 'BUY', qty: 65, price: 9_000, ts: T0 + 600_000, charges: 2_400 },
    { tradeId: 'T2', symbol: PE, exchange: 'NFO', action: 'SELL', qty: 65, price: 8_800, ts: T0 + 660_000, charges: 3_200 },
  ];
  const same = (f: OurFill, i: number): BrokerTradeRow => ({ orderId: `B${i}`, symbol: f.symbol, exchange: f.exchange, action: f.action, qty: f.qty, price: f.price, ts: f.ts + 400, charges: f.charges });

  it('the same day at both: nothing to explain', () => {
    const r = reconcileDay('2026-01-05', ours, ours.map(same));
    expect(r.differences).toEqual([]);
    expect(r.ours).toEqual({ gross: (12_400 - 12_050) * 65 + (8_800 - 9_000) * 65, charges: 12_000, net: 9_750 - 12_000 });
    expect(r.broker.net).toBe(r.ours.net);
    expect(r.unexplained).toBe(0);
  });

  it('a price difference, a missed fill, a charges difference and a phantom fill, each with its effect; the gap is fully explained', () => {
    const broker = ours.map(same);
    broker[1] = { ...broker[1]!, price: 12_390 }; // the exit filled ₹0.10 lower at the broker
    broker[2] = { ...broker[2]!, charges: 2_650 }; // the broker charged ₹2.50 more on the PE entry
    broker.splice(3, 1); // our PE exit is not at the broker…
    broker.push({ orderId: 'B9', symbol: PE, exchange: 'NFO', action: 'SELL', qty: 65, price: 8_750, ts: T0 + 900_000, charges: 3_100 }); // …which sold later, lower
    const r = reconcileDay('2026-01-05', ours, broker);
    expect(r.differences.map((d) => [d.cause, d.effect])).toEqual([
      ['price', -650], // 65 × −₹0.10
      ['charges', -250],
      ['missed_fill', 8_750 * 65 - 3_100],
      ['phantom_fill', -(8_800 * 65 - 3_200)],
    ]);
    expect(r.differences[0]!.detail).toBe(`SELL 65 ${CE}: the broker's price ₹123.90, ours ₹124.00`);
    expect(r.fills).toEqual({ ours: 4, broker: 4, matched: 3 });
    expect(r.broker.net! - r.ours.net).toBe(r.explained);
    expect(r.unexplained).toBe(0);
  });

  it('quantities that differ, either way, are explained exactly; without the broker’s charges they are not compared and the net gap stays open', () => {
    const broker = ours.map(same).map((b) => ({ ...b, charges: null }));
    broker[0] = { ...broker[0]!, qty: 75, price: 12_060 };
    broker[3] = { ...broker[3]!, qty: 50, price: 8_790 };
    const r = reconcileDay('2026-01-05', ours, broker);
    expect(r.chargesNotCompared).toBe(true);
    expect(r.broker.net).toBeNull();
    expect(r.unexplained).toBeNull();
    const grossGap = r.broker.gross - r.ours.gross;
    expect(r.explained).toBe(grossGap);
    expect(r.differences.map((d) => d.cause)).toEqual(['quantity', 'price', 'quantity', 'price']);
  });
});
