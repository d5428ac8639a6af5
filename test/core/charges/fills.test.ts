/** Charges per fill: an order's fills pay its charges once (brokerage per order, not per fill), however it is split. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadRateCards } from '../../../src/adapters/rate-cards.js';
import { chargesFromCards } from '../../../src/app/charges-wiring.js';
import { chargesForFill, chargesForOrder, chargesForTurnover, type OrderCharges } from '../../../src/core/charges/charges.js';
import { createKernel, type ChargesFn } from '../../../src/core/kernel.js';
import type { KernelEvent } from '../../../src/core/model/events.js';
import type { OrderReport } from '../../../src/core/model/fill.js';
import type { SubmitOrder } from '../../../src/core/ports.js';
import { withOverrides } from '../../../src/core/params/schema.js';
import { CE, INDEX, LOT, at, miniStrikes, miniUniverse, tick } from '../../fixtures/mini-market.js';
import { bareParams } from '../kernel/harness.js';

const cards = loadRateCards();
const byId = (id: string) => {
  const c = cards.find((x) => x.id === id);
  if (c === undefined) throw new Error(`no shipped card ${id}`);
  return c;
};
const KEYS = ['brokerage', 'stt', 'exchange', 'sebi', 'ipft', 'stamp', 'gst', 'total'] as const;
const sum = (xs: readonly OrderCharges[], k: (typeof KEYS)[number]): number => xs.reduce((s, x) => s + x[k], 0);

describe('chargesForFill', () => {
  it('BUY 75 @ ₹120.35 filled 50 + 25 pays one brokerage (NSE, from 1 Oct 2024)', () => {
    const nse = byId('nse-index-options-2024-10');
    // first fill, 50 × 12035 = 601750 paise: the order so far
    //   exchange 601750 × 0.03503% = 210.79… → 211; sebi 0.60… → 1; ipft 601750 × 50/10^7 = 3.00… → 3
    //   stamp 601750 × 0.003% = 18.05… → 18; gst 18% × (2000 + 211 + 1 + 3) = 398.7 → 399; total 2632
    const first = chargesForFill(nse, 'BUY', 0, 50, 12_035);
    expect(first).toEqual({ brokerage: 2000, stt: 0, exchange: 211, sebi: 1, ipft: 3, stamp: 18, gst: 399, total: 2632 });
    // whole order, 75 × 12035 = 902625 paise
    //   exchange 316.18… → 316; sebi 0.90… → 1; ipft 4.51… → 5; stamp 27.07… → 27
    //   gst 18% × (2000 + 316 + 1 + 5) = 417.96 → 418; total 2767
    // second fill pays the difference: 2767 − 2632 = 135, and no brokerage
    const second = chargesForFill(nse, 'BUY', 601_750, 25, 12_035);
    expect(second).toEqual({ brokerage: 0, stt: 0, exchange: 105, sebi: 0, ipft: 2, stamp: 9, gst: 19, total: 135 });
    expect(first.total + second.total).toBe(chargesForOrder(nse, { action: 'BUY', qty: 75, price: 12_035 }).total);
    // charged as two orders it would have paid a second ₹20 brokerage plus its GST
    const asTwoOrders = first.total + chargesForOrder(nse, { action: 'BUY', qty: 25, price: 12_035 }).total;
    expect(asTwoOrders - (first.total + second.total)).toBeGreaterThanOrEqual(2000);
  });

  it('the first fill of an order is charged as an order of its own', () => {
    fc.assert(
      fc.property(fc.constantFrom(...cards), fc.constantFrom('BUY' as const, 'SELL' as const), fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 5, max: 200_000 }), (card, action, qty, price) => {
        expect(chargesForFill(card, action, 0, qty, price)).toEqual(chargesForOrder(card, { action, qty, price }));
      }),
    );
  });

  it('property: the fills of an order, of any sizes and prices, add up to the whole order charged once; brokerage is paid once', () => {
    const fillArb = fc.record({ qty: fc.integer({ min: 1, max: 2000 }), price: fc.integer({ min: 5, max: 100_000 }) });
    fc.assert(
      fc.property(fc.constantFrom(...cards), fc.constantFrom('BUY' as const, 'SELL' as const), fc.array(fillArb, { minLength: 1, maxLength: 10 }), (card, action, fills) => {
        let prior = 0;
        const shares: OrderCharges[] = [];
        for (const f of fills) {
          shares.push(chargesForFill(card, action, prior, f.qty, f.price));
          prior += f.qty * f.price;
        }
        const whole = chargesForTurnover(card, action, prior);
        for (const k of KEYS) expect(sum(shares, k)).toBe(whole[k]);
        for (const s of shares) for (const k of KEYS) expect(s[k]).toBeGreaterThanOrEqual(0);
        // the shipped cards charge a flat brokerage: the first fill pays it, no later fill does
        expect(shares[0]?.brokerage).toBe(card.brokerageFlat);
        expect(shares.slice(1).every((s) => s.brokerage === 0)).toBe(true);
      }),
    );
  });

  it('property: one price split into fills of any sizes costs exactly the unsplit order', () => {
    fc.assert(
      fc.property(fc.constantFrom(...cards), fc.constantFrom('BUY' as const, 'SELL' as const), fc.array(fc.integer({ min: 1, max: 3000 }), { minLength: 1, maxLength: 12 }), fc.integer({ min: 5, max: 100_000 }), (card, action, sizes, price) => {
        let prior = 0;
        let total = 0;
        for (const q of sizes) {
          total += chargesForFill(card, action, prior, q, price).total;
          prior += q * price;
        }
        const qty = sizes.reduce((a, b) => a + b, 0);
        expect(total).toBe(chargesForOrder(card, { action, qty, price }).total);
      }),
    );
  });

  it('rejects a bad prior turnover, naming it', () => {
    const nse = byId('nse-index-options-2024-10');
    expect(() => chargesForFill(nse, 'BUY', -1, 1, 100)).toThrow(/priorTurnover must be a non-negative integer/);
    expect(() => chargesForFill(nse, 'BUY', 1.5, 1, 100)).toThrow(/priorTurnover/);
    expect(() => chargesForFill(nse, 'BUY', 0, 0, 100)).toThrow(/qty must be a positive integer/);
    expect(() => chargesForFill(nse, 'BUY', Number.MAX_SAFE_INTEGER, 1, 100)).toThrow(/beyond exact integer arithmetic/);
  });
});

describe('the kernel charges an order filled in two parts once', () => {
  it('passes each fill the order’s prior turnover, so the two Entry fills pay one brokerage', () => {
    const calls: number[] = [];
    const real = chargesFromCards(cards);
    const charges: ChargesFn = (inst, action, qty, price, ts, prior) => {
      if (prior !== undefined) calls.push(prior); // fills pass it; estimates of a new order's costs may omit it
      return real(inst, action, qty, price, ts, prior);
    };
    const submitted: SubmitOrder[] = [];
    const events: KernelEvent[] = [];
    const kernel = createKernel({
      universe: miniUniverse,
      underlying: INDEX,
      strikes: miniStrikes,
      broker: { submit: (o) => submitted.push(o), drainReports: () => 0 },
      store: { append: (e) => events.push(e) },
      charges,
      params: withOverrides(bareParams, {}),
      preset: 'test',
    });
    const t0 = at('10:00');
    kernel.onTick(tick(t0, INDEX, 2_600_000));
    for (const [i, p] of [10_000, 10_005, 10_010].entries()) kernel.onTick(tick(t0 + 100 * (i + 1), CE, p));
    const entry = submitted[0];
    if (entry === undefined) throw new Error('no entry order');
    expect(entry.qty).toBe(2 * LOT);
    const report = (ts: number, qty: number, final: boolean): OrderReport => ({
      kind: 'filled',
      fill: { orderId: entry.orderId, instrument: CE, ts, action: 'BUY', qty, price: 10_010 },
      final,
    });
    kernel.onOrderReport(report(t0 + 300, LOT, false));
    kernel.onOrderReport(report(t0 + 310, LOT, true));
    expect(calls).toEqual([0, LOT * 10_010]);
    const fills = events.filter((e) => e.kind === 'Entry');
    expect(fills).toHaveLength(2);
    // 2026-01-05 is under nse-index-options-2024-10
    const nse = byId('nse-index-options-2024-10');
    const whole = chargesForOrder(nse, { action: 'BUY', qty: 2 * LOT, price: 10_010 }).total;
    const [a, b] = fills.map((e) => (e.kind === 'Entry' ? e.charges : Number.NaN));
    expect(a).toBe(chargesForOrder(nse, { action: 'BUY', qty: LOT, price: 10_010 }).total);
    expect((a ?? 0) + (b ?? 0)).toBe(whole);
    expect(b).toBeLessThan(2000);
  });
});
