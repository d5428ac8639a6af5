/** Black–Scholes: textbook values, put–call parity, monotonicity and bounds, greeks by finite differences, implied-vol round trip. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bsDelta, bsGamma, bsPrice, bsVega, impliedVol, type BsInput } from '../../src/sim/pricing/black-scholes.js';
import { normCdf } from '../../src/sim/pricing/normal-cdf.js';

const base: BsInput = { right: 'CE', spot: 100, strike: 100, years: 1, vol: 0.2, rate: 0.05 };

const inputs = fc.record({
  spot: fc.double({ min: 50, max: 200, noNaN: true }),
  strike: fc.double({ min: 50, max: 200, noNaN: true }),
  years: fc.double({ min: 1 / 365, max: 2, noNaN: true }),
  vol: fc.double({ min: 0.05, max: 1, noNaN: true }),
  rate: fc.double({ min: 0, max: 0.1, noNaN: true }),
});

describe('normCdf', () => {
  it('matches reference values to double precision', () => {
    expect(normCdf(0)).toBe(0.5);
    expect(normCdf(1)).toBeCloseTo(0.8413447460685429, 14);
    expect(normCdf(-2)).toBeCloseTo(0.022750131948179195, 15);
    expect(normCdf(3)).toBeCloseTo(0.9986501019683699, 14);
    expect(normCdf(-40)).toBe(0);
    expect(normCdf(40)).toBe(1);
  });

  it('is symmetric and monotone', () => {
    fc.assert(
      fc.property(fc.double({ min: -10, max: 10, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (x, dx) => {
        expect(Math.abs(normCdf(x) + normCdf(-x) - 1)).toBeLessThan(1e-15);
        expect(normCdf(x + dx)).toBeGreaterThanOrEqual(normCdf(x));
      }),
    );
  });
});

describe('bsPrice', () => {
  it('gives the textbook values for S=100, K=100, r=5%, σ=20%, T=1', () => {
    expect(bsPrice(base)).toBeCloseTo(10.4506, 4);
    expect(bsPrice({ ...base, right: 'PE' })).toBeCloseTo(5.5735, 4);
  });

  it('satisfies put–call parity to 1e-9', () => {
    fc.assert(
      fc.property(inputs, (i) => {
        const call = bsPrice({ ...i, right: 'CE' });
        const put = bsPrice({ ...i, right: 'PE' });
        expect(Math.abs(call - put - (i.spot - i.strike * Math.exp(-i.rate * i.years)))).toBeLessThan(1e-9);
      }),
    );
  });

  it('rises with spot for calls, falls for puts, rises with vol and time for both', () => {
    fc.assert(
      fc.property(inputs, fc.double({ min: 0.01, max: 10, noNaN: true }), (i, bump) => {
        const eps = 1e-10;
        const ce = { ...i, right: 'CE' as const };
        const pe = { ...i, right: 'PE' as const };
        expect(bsPrice({ ...ce, spot: i.spot + bump })).toBeGreaterThanOrEqual(bsPrice(ce) - eps);
        expect(bsPrice({ ...pe, spot: i.spot + bump })).toBeLessThanOrEqual(bsPrice(pe) + eps);
        expect(bsPrice({ ...ce, strike: i.strike + bump })).toBeLessThanOrEqual(bsPrice(ce) + eps);
        for (const o of [ce, pe]) {
          expect(bsPrice({ ...o, vol: o.vol + bump / 10 })).toBeGreaterThanOrEqual(bsPrice(o) - eps);
        }
        // With r ≥ 0 a call gains value with time; a put may not (deep ITM European put).
        expect(bsPrice({ ...ce, years: i.years + bump / 10 })).toBeGreaterThanOrEqual(bsPrice(ce) - eps);
      }),
    );
  });

  it('stays within the no-arbitrage bounds', () => {
    fc.assert(
      fc.property(inputs, (i) => {
        const kd = i.strike * Math.exp(-i.rate * i.years);
        const call = bsPrice({ ...i, right: 'CE' });
        const put = bsPrice({ ...i, right: 'PE' });
        expect(call).toBeGreaterThanOrEqual(Math.max(i.spot - kd, 0) - 1e-9);
        expect(call).toBeLessThanOrEqual(i.spot + 1e-9);
        expect(put).toBeGreaterThanOrEqual(Math.max(kd - i.spot, 0) - 1e-9);
        expect(put).toBeLessThanOrEqual(kd + 1e-9);
      }),
    );
  });

  it('is the intrinsic value at expiry', () => {
    expect(bsPrice({ ...base, spot: 105, years: 0 })).toBe(5);
    expect(bsPrice({ ...base, spot: 95, years: 0 })).toBe(0);
    expect(bsPrice({ ...base, right: 'PE', spot: 95, years: 0 })).toBe(5);
  });
});

describe('greeks', () => {
  it('delta, gamma and vega match finite differences', () => {
    fc.assert(
      fc.property(inputs, fc.constantFrom('CE' as const, 'PE' as const), (i, right) => {
        const o = { ...i, right };
        const h = 1e-4 * i.spot;
        const fdDelta = (bsPrice({ ...o, spot: i.spot + h }) - bsPrice({ ...o, spot: i.spot - h })) / (2 * h);
        // The central difference errs by about h²/6 × the third derivative, which is large one day before expiry.
        expect(Math.abs(bsDelta(o) - fdDelta)).toBeLessThan(5e-4);
        const fdGamma = (bsDelta({ ...o, spot: i.spot + h }) - bsDelta({ ...o, spot: i.spot - h })) / (2 * h);
        expect(Math.abs(bsGamma(o) - fdGamma)).toBeLessThan(1e-5 + 1e-3 * bsGamma(o));
        const dv = 1e-5;
        const fdVega = (bsPrice({ ...o, vol: i.vol + dv }) - bsPrice({ ...o, vol: i.vol - dv })) / (2 * dv);
        expect(Math.abs(bsVega(o) - fdVega)).toBeLessThan(1e-4 * Math.max(1, bsVega(o)));
      }),
    );
  });

  it('call delta is in [0, 1], put delta in [-1, 0]', () => {
    fc.assert(
      fc.property(inputs, (i) => {
        const c = bsDelta({ ...i, right: 'CE' });
        const p = bsDelta({ ...i, right: 'PE' });
        expect(c).toBeGreaterThanOrEqual(0);
        expect(c).toBeLessThanOrEqual(1);
        expect(p).toBeCloseTo(c - 1, 12);
      }),
    );
  });
});

describe('impliedVol', () => {
  it('round-trips bsPrice wherever vega is meaningful', () => {
    fc.assert(
      fc.property(inputs, fc.constantFrom('CE' as const, 'PE' as const), (i, right) => {
        const o = { ...i, right };
        const price = bsPrice(o);
        fc.pre(bsVega(o) > 1e-3 * i.spot * Math.sqrt(i.years));
        const iv = impliedVol({ right, spot: i.spot, strike: i.strike, years: i.years, rate: i.rate, price });
        expect(iv).toBeDefined();
        expect(iv!).toBeCloseTo(i.vol, 6);
      }),
    );
  });

  it('solves the textbook case and rejects prices outside the bounds', () => {
    expect(impliedVol({ right: 'CE', spot: 100, strike: 100, years: 1, rate: 0.05, price: 10.450583572185565 })).toBeCloseTo(0.2, 10);
    expect(impliedVol({ right: 'CE', spot: 100, strike: 100, years: 1, rate: 0.05, price: 100 })).toBeUndefined();
    expect(impliedVol({ right: 'CE', spot: 120, strike: 100, years: 1, rate: 0.05, price: 20 })).toBeUndefined();
    expect(impliedVol({ right: 'PE', spot: 100, strike: 100, years: 0, rate: 0.05, price: 1 })).toBeUndefined();
  });
});
