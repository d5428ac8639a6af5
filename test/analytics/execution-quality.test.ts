/** executionQuality: signed slippage by action, percentiles, skipped nulls, zeros when empty. */
import { describe, expect, it } from 'vitest';
import { executionQuality } from '../../src/analytics/execution-quality.js';
import { fill } from './records.js';

const ZERO_SLIP = { fills: 0, meanSlippage: 0, medianSlippage: 0, p95Slippage: 0, totalSlippageCost: 0 };

describe('executionQuality', () => {
  it('no events: zeros, never NaN', () => {
    expect(executionQuality([])).toEqual({
      slippage: ZERO_SLIP,
      byAction: { BUY: ZERO_SLIP, SELL: ZERO_SLIP },
      latency: { fills: 0, meanMs: 0, medianMs: 0, p95Ms: 0, maxMs: 0 },
    });
  });

  it('a hand-computed set of fills', () => {
    // BUY  signal 10000 price 10010 qty 75 → +10 adverse, cost  +750
    // BUY  signal 10000 price  9995 qty 75 → −5 favourable, cost −375
    // SELL signal 12000 price 11980 qty 50 → +20 adverse, cost +1000
    // SELL signal 12000 price 12005 qty 50 → −5 favourable, cost  −250
    // SELL no signal (skipped for slippage), latency 900
    // All: [−5, −5, 10, 20] → mean 5, median (−5+10)/2 = 2.5, p95 rank ceil(3.8) = 4 → 20, cost 1125.
    // Latency [120, 80, 300, 900] (one fill has none) → mean 350, median (120+300)/2 = 210, p95 900, max 900.
    const events = [
      fill({ eventId: '1', action: 'BUY', signalPrice: 10_000, price: 10_010, qty: 75, latencyMs: 120 }),
      fill({ eventId: '2', action: 'BUY', signalPrice: 10_000, price: 9_995, qty: 75, latencyMs: 80 }),
      fill({ eventId: '3', action: 'SELL', signalPrice: 12_000, price: 11_980, qty: 50, latencyMs: null }),
      fill({ eventId: '4', action: 'SELL', signalPrice: 12_000, price: 12_005, qty: 50, latencyMs: 300 }),
      fill({ eventId: '5', action: 'SELL', signalPrice: null, price: 12_000, qty: 50, latencyMs: 900 }),
    ];
    expect(executionQuality(events)).toEqual({
      slippage: { fills: 4, meanSlippage: 5, medianSlippage: 2.5, p95Slippage: 20, totalSlippageCost: 1125 },
      byAction: {
        // BUY [−5, 10]: mean 2.5, median 2.5, p95 rank ceil(1.9) = 2 → 10, cost 375.
        BUY: { fills: 2, meanSlippage: 2.5, medianSlippage: 2.5, p95Slippage: 10, totalSlippageCost: 375 },
        // SELL [−5, 20]: mean 7.5, median 7.5, p95 20, cost 750.
        SELL: { fills: 2, meanSlippage: 7.5, medianSlippage: 7.5, p95Slippage: 20, totalSlippageCost: 750 },
      },
      latency: { fills: 4, meanMs: 350, medianMs: 210, p95Ms: 900, maxMs: 900 },
    });
  });

  it('p95 is the nearest rank: with 20 samples 1..20 it is the 19th, with 21 samples the 20th', () => {
    const lat = (n: number) => Array.from({ length: n }, (_, i) => fill({ eventId: `e${i}`, latencyMs: n - i }));
    expect(executionQuality(lat(20)).latency).toEqual({ fills: 20, meanMs: 10.5, medianMs: 10.5, p95Ms: 19, maxMs: 20 });
    expect(executionQuality(lat(21)).latency).toMatchObject({ medianMs: 11, p95Ms: 20, maxMs: 21 });
    expect(executionQuality(lat(1)).latency).toEqual({ fills: 1, meanMs: 1, medianMs: 1, p95Ms: 1, maxMs: 1 });
  });

  it('fractional slippage (half-paise signals) is kept exactly', () => {
    // BUY: 10 000.5 signal, 10 001 price → +0.5; BUY: 3 adverse; SELL: 100.25 signal, 100 price → +0.25.
    const events = [
      fill({ eventId: 'a', action: 'BUY', signalPrice: 10_000.5, price: 10_001, qty: 2 }),
      fill({ eventId: 'b', action: 'BUY', signalPrice: 100, price: 103, qty: 1 }),
      fill({ eventId: 'c', action: 'SELL', signalPrice: 100.25, price: 100, qty: 4 }),
    ];
    const q = executionQuality(events);
    expect(q.byAction.BUY).toEqual({ fills: 2, meanSlippage: 1.75, medianSlippage: 1.75, p95Slippage: 3, totalSlippageCost: 4 });
    expect(q.slippage).toEqual({ fills: 3, meanSlippage: 3.75 / 3, medianSlippage: 0.5, p95Slippage: 3, totalSlippageCost: 5 });
  });

  it('negative maximum latency is kept (max of the samples, not of 0)', () => {
    // Not expected in practice, but max must be a sample value.
    expect(executionQuality([fill({ latencyMs: -5 })]).latency.maxMs).toBe(-5);
  });
});
