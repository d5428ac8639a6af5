import { describe, expect, it } from 'vitest';
import { createKernel, EXIT_STUCK_ATTEMPTS, type ChargesFn } from '../../../src/core/kernel.js';
import type { KernelEvent } from '../../../src/core/model/events.js';
import type { Instrument, Universe } from '../../../src/core/model/instrument.js';
import type { OrderReport } from '../../../src/core/model/fill.js';
import type { Broker, SubmitOrder } from '../../../src/core/ports.js';
import { withOverrides } from '../../../src/core/params/schema.js';
import { CE, INDEX, LOT, at, miniStrikes, miniUniverse, noCharges, tick } from '../../fixtures/mini-market.js';
import { bareParams, feed, session } from './harness.js';

function enterCe(s: ReturnType<typeof session>, t0 = at('10:00'), step = 5): number {
  feed(s, [tick(t0, INDEX, 2_600_000), tick(t0 + 100, CE, 10_000), tick(t0 + 200, CE, 10_000 + step), tick(t0 + 300, CE, 10_000 + 2 * step)]);
  return t0 + 300;
}

/** ₹20 on every fill: easy to count by hand. */
const flat20: ChargesFn = () => 2_000;

describe('exit reasons and the daily limit’s costs', () => {
  it('a loser closed by the time-tightened stop is a time_stop, not a trail_stop', () => {
    const s = session({ tradeMaxDurationMs: 60_000, trailingEnabled: false });
    const t = enterCe(s);
    feed(s, [tick(t + 61_000, CE, 9_800)]);
    expect(s.kernel.status().position?.stage).toBe('time_tighten');
    feed(s, [tick(t + 62_000, CE, 9_690)]);
    expect(s.store.trades.map((x) => x.exitReason)).toEqual(['time_stop']);
  });

  it('the daily limit counts the exit’s expected fill (bid less slippage) and its charges', () => {
    // Entry 130 @ 100.10, ₹20 charges. At LTP 96.50 (bid 96.45): marked at LTP the open loss is
    // 3.60 × 130 + 20 = ₹488 (inside ₹500); at the expected exit 96.40 it is 3.70 × 130 + 20 + 20 = ₹521.
    const params = { dailyMaxLoss: 500, perTradeMaxLoss: 100_000, slPoints: 50, tpPoints: 60, trailingEnabled: false, lossLimitSlippageTicks: 1 };
    const s = session(params, { charges: flat20 });
    const t = enterCe(s);
    feed(s, [tick(t + 1_000, CE, 9_650)]);
    expect(s.store.trades.map((x) => x.exitReason)).toEqual(['daily_max_loss']);
    expect(s.store.trades[0]!.netPnl).toBe((9_645 - 10_010) * 2 * LOT - 4_000);
    // Marked at the LTP alone (no charges, no slippage) the same tick would not have closed it.
    const atLtp = session(params);
    enterCe(atLtp);
    feed(atLtp, [tick(t + 1_000, CE, 9_650)]);
    expect(atLtp.store.trades).toHaveLength(0);
  });

  it('momentumMinTick 0 counts moves of the instrument’s own tick size', () => {
    const coarse: Universe = {
      instruments: miniUniverse.instruments.map((i): Instrument => (i.kind === 'OPTION' ? { ...i, tickSize: 10 } : i)),
    };
    const fine = session({}, { universe: coarse });
    enterCe(fine, at('10:00'), 5); // 5-paise moves are below a 10-paise tick: no streak
    expect(fine.kernel.status().position).toBeNull();
    const whole = session({}, { universe: coarse });
    enterCe(whole, at('10:00'), 10);
    expect(whole.kernel.status().position).not.toBeNull();
    const explicit = session({ momentumMinTick: 0.05 }, { universe: coarse });
    enterCe(explicit, at('10:00'), 5);
    expect(explicit.kernel.status().position).not.toBeNull();
  });
});

class RejectingBroker implements Broker {
  readonly submitted: SubmitOrder[] = [];
  private queue: OrderReport[] = [];
  submit(order: SubmitOrder): void {
    this.submitted.push(order);
    if (order.action === 'BUY') {
      this.queue.push({ kind: 'filled', fill: { orderId: order.orderId, instrument: order.instrument, ts: order.ts, action: 'BUY', qty: order.qty, price: 10_010 }, final: true });
    } else {
      this.queue.push({ kind: 'rejected', orderId: order.orderId, ts: order.ts, reason: 'RMS: exchange closed' });
    }
  }
  drainReports(sink: (r: OrderReport) => void): number {
    const q = this.queue;
    this.queue = [];
    q.forEach(sink);
    return q.length;
  }
}

describe('an exit that keeps failing', () => {
  it(`raises ExitStuck once, at the ${EXIT_STUCK_ATTEMPTS}th rejection, and keeps retrying`, () => {
    const broker = new RejectingBroker();
    const events: KernelEvent[] = [];
    const kernel = createKernel({
      universe: miniUniverse,
      underlying: INDEX,
      strikes: miniStrikes,
      broker,
      store: { append: (e) => events.push(e) },
      charges: noCharges,
      params: withOverrides(bareParams, {}),
      preset: 'test',
    });
    const deliver = (): void => void broker.drainReports((r) => kernel.onOrderReport(r));
    const t0 = at('10:00');
    kernel.onTick(tick(t0, INDEX, 2_600_000));
    for (const [i, p] of [10_000, 10_005, 10_010].entries()) kernel.onTick(tick(t0 + 100 * (i + 1), CE, p));
    deliver();
    kernel.onTick(tick(t0 + 1_000, CE, 9_400));
    for (let k = 0; k < 8; k++) {
      deliver();
      kernel.onTime(t0 + 1_000 + 10_000 * (k + 1));
    }
    deliver();
    const sells = broker.submitted.filter((o) => o.action === 'SELL');
    expect(sells.length).toBeGreaterThan(EXIT_STUCK_ATTEMPTS + 2);
    const stuck = events.filter((e) => e.kind === 'ExitStuck');
    expect(stuck).toHaveLength(1);
    expect(stuck[0]).toMatchObject({ attempts: EXIT_STUCK_ATTEMPTS, qty: 2 * LOT, reason: 'RMS: exchange closed' });
    expect(kernel.status().position?.exitAttempts).toBe(sells.length);
  });
});
