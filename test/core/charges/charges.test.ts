/** Known answers for per-order charges on the shipped cards, the legacy formula, and charge properties. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadRateCards } from '../../../src/adapters/rate-cards.js';
import { chargesForOrder } from '../../../src/core/charges/charges.js';
import { compileRateCardJson, type CompiledRateCard } from '../../../src/core/charges/rate-card.js';

const cards = loadRateCards();
const card = (id: string): CompiledRateCard => {
  const found = cards.find((c) => c.id === id);
  if (found === undefined) throw new Error(`no shipped card ${id}`);
  return found;
};
const nse = card('nse-index-options-2024-10');
const bse = card('bse-index-options-2024-10');
const legacy = card('legacy-original');

describe('chargesForOrder, NSE card', () => {
  it('BUY 75 @ ₹100.05', () => {
    // turnover = 10005 × 75 = 750375 paise
    // brokerage = ₹20 = 2000
    // exchange  = 750375 × 3503 / 10^7 = 262.8563625 → 263
    // sebi      = 750375 × 10 / 10^9 = 0.750375 → 1
    // ipft      = 750375 × 50 / 10^9 = 3.751875 → 4
    // stamp     = 750375 × 3 / 10^5 = 22.51125 → 23
    // gst       = (2000 + 263 + 1 + 4) × 18 / 100 = 408.24 → 408
    // total     = 2000 + 0 + 263 + 1 + 4 + 23 + 408 = 2699
    expect(chargesForOrder(nse, { action: 'BUY', qty: 75, price: 10005 })).toEqual({
      brokerage: 2000,
      stt: 0,
      exchange: 263,
      sebi: 1,
      ipft: 4,
      stamp: 23,
      gst: 408,
      total: 2699,
    });
  });

  it('SELL 75 @ ₹103.40 (STT lands exactly on half a paisa and rounds up)', () => {
    // turnover = 10340 × 75 = 775500 paise
    // brokerage = 2000
    // stt       = 775500 × 1 / 1000 = 775.5 → 776
    // exchange  = 775500 × 3503 / 10^7 = 271.65765 → 272
    // sebi      = 775500 × 10 / 10^9 = 0.7755 → 1
    // ipft      = 775500 × 50 / 10^9 = 3.8775 → 4
    // gst       = (2000 + 272 + 1 + 4) × 18 / 100 = 409.86 → 410
    // total     = 2000 + 776 + 272 + 1 + 4 + 0 + 410 = 3463
    expect(chargesForOrder(nse, { action: 'SELL', qty: 75, price: 10340 })).toEqual({
      brokerage: 2000,
      stt: 776,
      exchange: 272,
      sebi: 1,
      ipft: 4,
      stamp: 0,
      gst: 410,
      total: 3463,
    });
  });

  it('a ₹10 crore order is exact', () => {
    // turnover = 10^10 paise: stt 10^7, exchange 10^10 × 3503 / 10^7 = 3503000, sebi 10^4, ipft 5 × 10^4
    // gst (sell) = (2000 + 3503000 + 10000 + 50000) × 0.18 = 3565000 × 0.18 = 641700; total = 14206700
    const c = chargesForOrder(nse, { action: 'SELL', qty: 1_000_000, price: 10_000 });
    expect(c).toEqual({ brokerage: 2000, stt: 10_000_000, exchange: 3_503_000, sebi: 10_000, ipft: 50_000, stamp: 0, gst: 641_700, total: 14_206_700 });
  });
});

describe('chargesForOrder, BSE card', () => {
  it('BUY 20 @ ₹250.00', () => {
    // turnover = 25000 × 20 = 500000 paise
    // exchange = 500000 × 325 / 10^6 = 162.5 → 163; sebi = 0.5 → 1; stamp = 500000 × 3 / 10^5 = 15
    // gst = (2000 + 163 + 1) × 0.18 = 389.52 → 390; total = 2000 + 163 + 1 + 15 + 390 = 2569
    expect(chargesForOrder(bse, { action: 'BUY', qty: 20, price: 25_000 })).toEqual({
      brokerage: 2000,
      stt: 0,
      exchange: 163,
      sebi: 1,
      ipft: 0,
      stamp: 15,
      gst: 390,
      total: 2569,
    });
  });
});

describe('legacy-original card', () => {
  /** The original's float formula for one round trip (reference §7), in paise. */
  const original = (qty: number, entry: number, exit: number): number => {
    const brokerage = 2 * 2000;
    const stt = exit * qty * 0.000625;
    const exchange = (entry + exit) * qty * 0.00053;
    return brokerage + stt + exchange + 0.18 * (brokerage + exchange);
  };
  const roundTrip = (qty: number, entry: number, exit: number): number =>
    chargesForOrder(legacy, { action: 'BUY', qty, price: entry }).total + chargesForOrder(legacy, { action: 'SELL', qty, price: exit }).total;

  it('reproduces the original exactly when no rounding is needed', () => {
    // BUY 500 @ ₹100 (turnover 5,000,000), SELL 500 @ ₹200 (turnover 10,000,000):
    // brokerage 2 × 2000 = 4000; STT 10,000,000 × 0.000625 = 6250
    // exchange 15,000,000 × 0.00053 = 7950 (2650 + 5300); GST 0.18 × (4000 + 7950) = 2151
    // total 4000 + 6250 + 7950 + 2151 = 20351
    expect(roundTrip(500, 10_000, 20_000)).toBe(20_351);
    expect(original(500, 10_000, 20_000)).toBeCloseTo(20_351, 6);
  });

  it('differs from the original only by per-order rounding (≤ 3.2 paise per round trip)', () => {
    // per order: ≤ 0.5 each for STT and exchange, ≤ 0.5 + 0.18 × 0.5 for GST → ≤ 1.59; two orders ≤ 3.18
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 5, max: 500_000 }), fc.integer({ min: 5, max: 500_000 }), (qty, entry, exit) => {
        expect(Math.abs(roundTrip(qty, entry, exit) - original(qty, entry, exit))).toBeLessThanOrEqual(3.2);
      }),
    );
  });
});

describe('brokerage cap', () => {
  const capped = compileRateCardJson({
    id: 'capped',
    exchange: 'ANY',
    effectiveFrom: '2024-01-01',
    source: 'test',
    brokeragePerOrder: '20',
    brokeragePct: '0.03',
    sttSellPct: '0',
    exchangeTxnPct: '0',
    sebiPerCrore: '0',
    stampBuyPct: '0',
    gstPct: '18',
    gstOn: ['brokerage'],
  });

  it('charges min(flat, pct × turnover)', () => {
    // turnover 1,000,000 paise × 0.03% = 300 < 2000; gst 54
    expect(chargesForOrder(capped, { action: 'BUY', qty: 100, price: 10_000 })).toMatchObject({ brokerage: 300, gst: 54, total: 354 });
    // turnover 10,000,000 × 0.03% = 3000 > 2000 → 2000; gst 360
    expect(chargesForOrder(capped, { action: 'BUY', qty: 1000, price: 10_000 })).toMatchObject({ brokerage: 2000, gst: 360, total: 2360 });
  });
});

describe('input checks', () => {
  it('rejects a bad qty or price, naming it', () => {
    expect(() => chargesForOrder(nse, { action: 'BUY', qty: 0, price: 100 })).toThrow(/qty must be a positive integer/);
    expect(() => chargesForOrder(nse, { action: 'BUY', qty: 1.5, price: 100 })).toThrow(/qty/);
    expect(() => chargesForOrder(nse, { action: 'BUY', qty: 1, price: 10.5 })).toThrow(/price must be a positive integer/);
    expect(() => chargesForOrder(nse, { action: 'BUY', qty: 1, price: -5 })).toThrow(/price/);
  });

  it('throws RangeError beyond exact integer arithmetic', () => {
    expect(() => chargesForOrder(nse, { action: 'SELL', qty: 1e9, price: 1e9 })).toThrow(RangeError);
    // 10^13 paise turnover: 10^13 × 3503 overflows 2^53
    expect(() => chargesForOrder(nse, { action: 'SELL', qty: 1e7, price: 1e6 })).toThrow(/exchangeTxnPct/);
  });
});

describe('properties', () => {
  const qty = fc.integer({ min: 1, max: 100_000 });
  const price = fc.integer({ min: 1, max: 100_000 });
  const action = fc.constantFrom('BUY' as const, 'SELL' as const);
  const anyCard = fc.constantFrom(...cards);

  it('every component is a non-negative integer and total is their sum', () => {
    fc.assert(
      fc.property(anyCard, action, qty, price, (c, a, q, p) => {
        const r = chargesForOrder(c, { action: a, qty: q, price: p });
        for (const v of Object.values(r)) expect(Number.isSafeInteger(v) && v >= 0).toBe(true);
        expect(r.total).toBe(r.brokerage + r.stt + r.exchange + r.sebi + r.ipft + r.stamp + r.gst);
      }),
    );
  });

  it('is monotone in qty, component by component', () => {
    fc.assert(
      fc.property(anyCard, action, qty, qty, price, (c, a, q1, q2, p) => {
        const [lo, hi] = q1 <= q2 ? [q1, q2] : [q2, q1];
        const small = chargesForOrder(c, { action: a, qty: lo, price: p });
        const big = chargesForOrder(c, { action: a, qty: hi, price: p });
        for (const k of ['brokerage', 'stt', 'exchange', 'sebi', 'ipft', 'stamp', 'gst', 'total'] as const) expect(big[k]).toBeGreaterThanOrEqual(small[k]);
      }),
    );
  });

  it('STT only on SELL, stamp on BUY (and on SELL only where a card has stampSellPct); the rest is side-independent', () => {
    fc.assert(
      fc.property(anyCard, qty, price, (c, q, p) => {
        const buy = chargesForOrder(c, { action: 'BUY', qty: q, price: p });
        const sell = chargesForOrder(c, { action: 'SELL', qty: q, price: p });
        expect(buy.stt).toBe(0);
        if (c.card.stampSellPct === undefined) expect(sell.stamp).toBe(0);
        expect(buy.ipft).toBe(sell.ipft);
        expect(buy.brokerage).toBe(sell.brokerage);
        expect(buy.exchange).toBe(sell.exchange);
        expect(buy.sebi).toBe(sell.sebi);
        expect(buy.gst).toBe(sell.gst);
      }),
    );
  });
});
