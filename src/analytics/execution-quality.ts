/** Execution quality of fills: slippage against the decision's signal price, and decision-to-fill latency. */
import type { TradeEventRecord } from '../core/model/book-records.js';
import { median, percentile, SampleBuffer, type SortedSample } from './sample-stats.js';

/** Slippage per unit, minor units, signed so positive = adverse (BUY: price − signal; SELL: signal − price). */
export interface SlippageStats {
  /** Fills with a signal price. */
  readonly fills: number;
  readonly meanSlippage: number;
  readonly medianSlippage: number;
  /** Nearest-rank 95th percentile. */
  readonly p95Slippage: number;
  /** Σ slippage × qty, minor units: the net cost against signal prices (favourable fills reduce it; may be negative). */
  readonly totalSlippageCost: number;
}

/** Decision-to-fill latency, ms. */
export interface LatencyStats {
  /** Fills with a latency. */
  readonly fills: number;
  readonly meanMs: number;
  readonly medianMs: number;
  /** Nearest-rank 95th percentile. */
  readonly p95Ms: number;
  readonly maxMs: number;
}

export interface ExecutionQuality {
  /** Every fill with a signal price. */
  readonly slippage: SlippageStats;
  readonly byAction: { readonly BUY: SlippageStats; readonly SELL: SlippageStats };
  /** Every fill with a latency (with or without a signal price). */
  readonly latency: LatencyStats;
}

const present = (x: number | null | undefined): x is number => x !== null && x !== undefined && Number.isFinite(x);

function slippageStats(a: SortedSample, b: SortedSample, sum: number, cost: number): SlippageStats {
  const n = a.length + b.length;
  return {
    fills: n,
    meanSlippage: n === 0 ? 0 : sum / n,
    medianSlippage: median(a, b),
    p95Slippage: percentile(95, a, b),
    totalSlippageCost: cost,
  };
}

/**
 * Two passes over the events (count, then collect); percentiles from sorted typed arrays. Absent (null) values are
 * skipped; empty sets give zeros.
 */
export function executionQuality(events: readonly TradeEventRecord[]): ExecutionQuality {
  const n = events.length;
  let nb = 0;
  let ns = 0;
  let nl = 0;
  for (let i = 0; i < n; i++) {
    const e = events[i]!;
    if (present(e.signalPrice)) {
      if (e.action === 'BUY') nb++;
      else ns++;
    }
    if (present(e.latencyMs)) nl++;
  }
  const buy = new SampleBuffer(nb);
  const sell = new SampleBuffer(ns);
  const lat = new SampleBuffer(nl);
  let sumAll = 0;
  let sumBuy = 0;
  let sumSell = 0;
  let costAll = 0;
  let costBuy = 0;
  let costSell = 0;
  let latSum = 0;
  let latMax = 0;
  for (let i = 0; i < n; i++) {
    const e = events[i]!;
    const signal = e.signalPrice;
    if (present(signal)) {
      const buying = e.action === 'BUY';
      const s = buying ? e.price - signal : signal - e.price;
      const c = s * e.qty;
      sumAll += s;
      costAll += c;
      if (buying) {
        buy.push(s);
        sumBuy += s;
        costBuy += c;
      } else {
        sell.push(s);
        sumSell += s;
        costSell += c;
      }
    }
    const ms = e.latencyMs;
    if (present(ms)) {
      latMax = lat.length === 0 ? ms : Math.max(latMax, ms);
      lat.push(ms);
      latSum += ms;
    }
  }
  const b = buy.sorted();
  const s = sell.sorted();
  const l = lat.sorted();
  const none = new Int32Array(0);
  return {
    slippage: slippageStats(b, s, sumAll, costAll),
    byAction: { BUY: slippageStats(b, none, sumBuy, costBuy), SELL: slippageStats(s, none, sumSell, costSell) },
    latency: {
      fills: nl,
      meanMs: nl === 0 ? 0 : latSum / nl,
      medianMs: median(l),
      p95Ms: percentile(95, l),
      maxMs: latMax,
    },
  };
}
