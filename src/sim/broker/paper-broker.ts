/**
 * The paper broker: a simulated venue that fills market orders against the latest quote of their instrument.
 *
 * - Price: BUY at the ask, SELL at the bid. Without a quote (bid or ask 0) an option fills at
 *   LTP ± half its typicalSpread, the half rounded up to a paisa and the price rounded away from the
 *   trader to the tick grid.
 * - Slippage, always against the order: `slippageTicks` ticks, plus one more tick with probability
 *   `slippageProbability`. That extra tick is drawn from the Rng once per fill, and only when
 *   0 < probability < 1, so the draw sequence depends only on the sequence of fills. A SELL never fills
 *   below one tick.
 * - Latency: an order fills on the first tick of its own instrument with ts ≥ submit ts + latencyMs.
 *   The latest tick already seen counts, so with latency 0 the tick that triggered the decision fills it.
 * - Reports: 'accepted' at submit, then one 'filled' (full quantity, final); or a single 'rejected' for a
 *   bad quantity, an unknown instrument or an index (an accepted order may only fill, per the order
 *   transition table, and an index has no quote or lot to trade). All reports are queued; only
 *   drainReports hands them over.
 */
import type { OrderReport } from '../../core/model/fill.js';
import type { Instrument, OptionInstrument, Universe } from '../../core/model/instrument.js';
import { ceilToTick, floorToTick } from '../../core/model/money.js';
import type { OrderAction } from '../../core/model/order.js';
import type { Tick } from '../../core/model/tick.js';
import type { Broker, Rng, SubmitOrder } from '../../core/ports.js';

/** How paper orders fill. */
export interface PaperFillConfig {
  /** Milliseconds from the decision to the earliest tick that may fill the order. */
  readonly latencyMs: number;
  /** Ticks of adverse slippage on every fill. */
  readonly slippageTicks: number;
  /** Probability in [0, 1] of one more adverse tick on a fill. */
  readonly slippageProbability: number;
}

/** Throws a RangeError naming the field unless the config is valid; returns it otherwise. */
export function validatePaperFillConfig(config: PaperFillConfig): PaperFillConfig {
  if (!Number.isSafeInteger(config.latencyMs) || config.latencyMs < 0) {
    throw new RangeError(`PaperFillConfig.latencyMs must be a non-negative integer (ms), got ${config.latencyMs}`);
  }
  if (!Number.isSafeInteger(config.slippageTicks) || config.slippageTicks < 0) {
    throw new RangeError(`PaperFillConfig.slippageTicks must be a non-negative integer (ticks), got ${config.slippageTicks}`);
  }
  if (!(config.slippageProbability >= 0 && config.slippageProbability <= 1)) {
    throw new RangeError(`PaperFillConfig.slippageProbability must be a number in [0, 1], got ${config.slippageProbability}`);
  }
  return config;
}

interface PendingOrder {
  readonly orderId: string;
  readonly action: OrderAction;
  readonly qty: number;
  readonly dueTs: number;
  readonly inst: OptionInstrument;
}

export class PaperBroker implements Broker {
  private readonly instruments: readonly Instrument[];
  private readonly latencyMs: number;
  private readonly slippageTicks: number;
  private readonly slippageProbability: number;
  // Latest tick per instrument as numbers: callers may reuse tick objects, so none is retained.
  private readonly lastTs: Float64Array;
  private readonly lastLtp: Float64Array;
  private readonly lastBid: Float64Array;
  private readonly lastAsk: Float64Array;
  private readonly pending: PendingOrder[][];
  private readonly seenIds = new Set<string>();
  private queue: OrderReport[] = [];
  private spare: OrderReport[] = [];

  constructor(
    universe: Universe,
    config: PaperFillConfig,
    private readonly rng: Rng,
  ) {
    validatePaperFillConfig(config);
    this.latencyMs = config.latencyMs;
    this.slippageTicks = config.slippageTicks;
    this.slippageProbability = config.slippageProbability;
    this.instruments = universe.instruments;
    this.instruments.forEach((inst, k) => {
      if (inst.id !== k) throw new RangeError(`universe.instruments[${k}].id must equal its index ${k}, got ${inst.id}`);
      if (!Number.isSafeInteger(inst.tickSize) || inst.tickSize <= 0) {
        throw new RangeError(`universe.instruments[${k}].tickSize must be a positive integer (minor units), got ${inst.tickSize}`);
      }
    });
    const n = this.instruments.length;
    this.lastTs = new Float64Array(n).fill(-Infinity);
    this.lastLtp = new Float64Array(n);
    this.lastBid = new Float64Array(n);
    this.lastAsk = new Float64Array(n);
    this.pending = Array.from({ length: n }, (): PendingOrder[] => []);
  }

  /** Records the tick's quote and fills due orders of its instrument; O(1) when none is pending. */
  onTick(tick: Tick): void {
    const i = tick.instrument;
    const waiting = this.pending[i];
    if (waiting === undefined) throw new RangeError(`tick for unknown instrument id ${i}`);
    this.lastTs[i] = tick.ts;
    this.lastLtp[i] = tick.ltp;
    this.lastBid[i] = tick.bid;
    this.lastAsk[i] = tick.ask;
    if (waiting.length !== 0) this.fillDue(i, waiting);
  }

  submit(order: SubmitOrder): void {
    if (this.seenIds.has(order.orderId)) throw new Error(`duplicate orderId "${order.orderId}": order ids are idempotent`);
    if (!Number.isSafeInteger(order.ts)) throw new RangeError(`order ${order.orderId}: ts must be integer epoch ms, got ${order.ts}`);
    this.seenIds.add(order.orderId);
    const inst = this.admit(order);
    if (typeof inst === 'string') {
      this.queue.push({ kind: 'rejected', orderId: order.orderId, ts: order.ts, reason: inst });
      return;
    }
    this.queue.push({ kind: 'accepted', orderId: order.orderId, ts: order.ts });
    const p: PendingOrder = { orderId: order.orderId, action: order.action, qty: order.qty, dueTs: order.ts + this.latencyMs, inst };
    const i = inst.id;
    if ((this.lastTs[i] ?? -Infinity) >= p.dueTs) this.fill(p, i);
    else this.pending[i]?.push(p);
  }

  drainReports(sink: (report: OrderReport) => void): number {
    const batch = this.queue;
    if (batch.length === 0) return 0;
    // Reports the sink causes (e.g. an exit submitted on a fill) wait for the next drain: no re-entry.
    this.queue = this.spare;
    let delivered = 0;
    try {
      for (const report of batch) {
        delivered++;
        sink(report);
      }
    } finally {
      if (delivered < batch.length) this.queue = batch.slice(delivered).concat(this.queue);
      batch.length = 0;
      this.spare = batch;
    }
    return delivered;
  }

  /** The option to trade, or why the order is rejected. */
  private admit(order: SubmitOrder): OptionInstrument | string {
    const inst = this.instruments[order.instrument];
    if (inst === undefined || inst.id !== order.instrument) return `unknown instrument id ${order.instrument}`;
    if (order.action !== 'BUY' && order.action !== 'SELL') return `action must be BUY or SELL, got ${String(order.action)}`;
    if (!Number.isSafeInteger(order.qty) || order.qty <= 0) return `qty must be a positive whole number of units, got ${order.qty}`;
    if (inst.kind === 'INDEX') return `${inst.symbol} is an index: not tradable`;
    if (order.qty % inst.lotSize !== 0) return `qty ${order.qty} is not a multiple of the lot size ${inst.lotSize} of ${inst.symbol}`;
    return inst;
  }

  private fillDue(i: number, waiting: PendingOrder[]): void {
    const ts = this.lastTs[i] ?? -Infinity;
    let kept = 0;
    for (const p of waiting) {
      if (p.dueTs <= ts) this.fill(p, i);
      else waiting[kept++] = p;
    }
    waiting.length = kept;
  }

  private fill(p: PendingOrder, i: number): void {
    this.queue.push({
      kind: 'filled',
      fill: { orderId: p.orderId, instrument: i, ts: this.lastTs[i] ?? 0, action: p.action, qty: p.qty, price: this.fillPrice(p, i) },
      final: true,
    });
  }

  private fillPrice(p: PendingOrder, i: number): number {
    const tick = p.inst.tickSize;
    const bid = this.lastBid[i] ?? 0;
    const ask = this.lastAsk[i] ?? 0;
    const ltp = this.lastLtp[i] ?? 0;
    const half = Math.ceil(p.inst.typicalSpread / 2);
    const prob = this.slippageProbability;
    const extra = prob >= 1 ? 1 : prob > 0 && this.rng.next() < prob ? 1 : 0;
    const slip = (this.slippageTicks + extra) * tick;
    if (p.action === 'BUY') {
      const base = bid > 0 && ask > 0 ? ask : ceilToTick(ltp + half, tick);
      return base + slip;
    }
    const base = bid > 0 && ask > 0 ? bid : floorToTick(ltp - half, tick);
    return Math.max(tick, base - slip);
  }
}
