import { describe, expect, it } from 'vitest';
import { createKernel } from '../../../src/core/kernel.js';
import type { KernelEvent } from '../../../src/core/model/events.js';
import type { OrderReport } from '../../../src/core/model/fill.js';
import { InvalidOrderTransition } from '../../../src/core/model/order.js';
import type { Broker, SubmitOrder } from '../../../src/core/ports.js';
import { withOverrides } from '../../../src/core/params/schema.js';
import { CE, INDEX, LOT, at, miniStrikes, miniUniverse, noCharges, tick } from '../../fixtures/mini-market.js';
import { bareParams } from './harness.js';

/** A broker the test drives by hand: it records orders and the test decides every report. */
class ScriptedBroker implements Broker {
  readonly submitted: SubmitOrder[] = [];
  private queue: OrderReport[] = [];
  submit(order: SubmitOrder): void {
    this.submitted.push(order);
  }
  report(r: OrderReport): void {
    this.queue.push(r);
  }
  drainReports(sink: (r: OrderReport) => void): number {
    const q = this.queue;
    this.queue = [];
    q.forEach(sink);
    return q.length;
  }
}

function setup(overrides = {}) {
  const broker = new ScriptedBroker();
  const events: KernelEvent[] = [];
  const kernel = createKernel({
    universe: miniUniverse,
    underlying: INDEX,
    strikes: miniStrikes,
    broker,
    store: { append: (e) => events.push(e) },
    charges: noCharges,
    params: withOverrides(bareParams, overrides),
    preset: 'test',
  });
  const deliver = (): void => {
    broker.drainReports((r) => kernel.onOrderReport(r));
  };
  return { broker, events, kernel, deliver };
}

const fill = (orderId: string, ts: number, qty: number, price: number, action: 'BUY' | 'SELL') => ({
  kind: 'filled' as const,
  fill: { orderId, instrument: CE, ts, action, qty, price },
  final: true,
});

describe('orders through the broker port', () => {
  it('retries a rejected exit with backoff in tick time and books the fill that finally comes', () => {
    const { broker, events, kernel, deliver } = setup();
    const t0 = at('10:00');
    kernel.onTick(tick(t0, INDEX, 2_600_000));
    for (const [i, p] of [10_000, 10_005, 10_010].entries()) kernel.onTick(tick(t0 + 100 * (i + 1), CE, p));
    const entry = broker.submitted[0]!;
    broker.report({ kind: 'accepted', orderId: entry.orderId, ts: t0 + 300 });
    broker.report(fill(entry.orderId, t0 + 300, 2 * LOT, 10_010, 'BUY'));
    deliver();
    kernel.onTick(tick(t0 + 1_000, CE, 9_400)); // below the stop: exit
    const exit1 = broker.submitted[1]!;
    expect(exit1.action).toBe('SELL');
    broker.report({ kind: 'rejected', orderId: exit1.orderId, ts: t0 + 1_000, reason: 'RMS: margin' });
    deliver();
    expect(events.some((e) => e.kind === 'OrderRejected' && e.reason === 'RMS: margin')).toBe(true);
    kernel.onTick(tick(t0 + 1_100, CE, 9_390)); // inside the 250 ms backoff: no new order
    expect(broker.submitted).toHaveLength(2);
    kernel.onTick(tick(t0 + 1_300, CE, 9_380)); // backoff over: retried
    expect(broker.submitted).toHaveLength(3);
    broker.report({ kind: 'rejected', orderId: broker.submitted[2]!.orderId, ts: t0 + 1_300, reason: 'again' });
    deliver();
    kernel.onTime(t0 + 1_700); // the second backoff is 500 ms: a heartbeat alone does not retry yet
    expect(broker.submitted).toHaveLength(3);
    kernel.onTime(t0 + 1_800);
    const exit3 = broker.submitted[3]!;
    broker.report(fill(exit3.orderId, t0 + 1_850, 2 * LOT, 9_370, 'SELL'));
    deliver();
    const closed = events.filter((e) => e.kind === 'TradeClosed');
    expect(closed).toHaveLength(1);
    expect(closed[0]!.kind === 'TradeClosed' && closed[0]!.trade.grossPnl).toBe((9_370 - 10_010) * 2 * LOT);
  });

  it('an exit the venue ends after a partial fill (cancelled) is sent again for what is still held, and the trade closes on its fill', () => {
    const { broker, events, kernel, deliver } = setup();
    const t0 = at('10:00');
    kernel.onTick(tick(t0, INDEX, 2_600_000));
    for (const [i, p] of [10_000, 10_005, 10_010].entries()) kernel.onTick(tick(t0 + 100 * (i + 1), CE, p));
    const entry = broker.submitted[0]!;
    expect(entry.purpose).toBe('ENTRY');
    broker.report({ kind: 'accepted', orderId: entry.orderId, ts: t0 + 300 });
    broker.report(fill(entry.orderId, t0 + 300, 2 * LOT, 10_010, 'BUY'));
    deliver();
    kernel.onTick(tick(t0 + 1_000, CE, 9_400)); // below the stop: exit
    const exit1 = broker.submitted[1]!;
    expect(exit1).toMatchObject({ purpose: 'EXIT', qty: 2 * LOT });
    broker.report({ kind: 'accepted', orderId: exit1.orderId, ts: t0 + 1_000 });
    broker.report({ ...fill(exit1.orderId, t0 + 1_010, LOT, 9_400, 'SELL'), final: false });
    broker.report({ kind: 'cancelled', orderId: exit1.orderId, ts: t0 + 1_020, reason: 'cancelled by the broker: freeze quantity' });
    deliver();
    expect(events.some((e) => e.kind === 'OrderRejected' && e.reason === `ended by the venue after ${LOT} of ${2 * LOT} filled: cancelled by the broker: freeze quantity`)).toBe(true);
    expect(kernel.status().position?.qty).toBe(LOT);
    kernel.onTick(tick(t0 + 1_300, CE, 9_380)); // the retry backoff over: an exit for the rest
    const exit2 = broker.submitted[2]!;
    expect(exit2).toMatchObject({ purpose: 'EXIT', action: 'SELL', qty: LOT });
    broker.report(fill(exit2.orderId, t0 + 1_310, LOT, 9_380, 'SELL'));
    deliver();
    const closed = events.filter((e) => e.kind === 'TradeClosed');
    expect(closed).toHaveLength(1);
    expect(closed[0]!.kind === 'TradeClosed' && closed[0]!.trade.grossPnl).toBe((9_400 - 10_010) * LOT + (9_380 - 10_010) * LOT);
  });

  it('a rejected entry leaves no position and no trade', () => {
    const { broker, events, kernel, deliver } = setup();
    const t0 = at('10:00');
    kernel.onTick(tick(t0, INDEX, 2_600_000));
    for (const [i, p] of [10_000, 10_005, 10_010].entries()) kernel.onTick(tick(t0 + 100 * (i + 1), CE, p));
    broker.report({ kind: 'rejected', orderId: broker.submitted[0]!.orderId, ts: t0 + 300, reason: 'no margin' });
    deliver();
    expect(kernel.status().position).toBeNull();
    expect(events.filter((e) => e.kind === 'TradeClosed')).toHaveLength(0);
  });

  it('a fill after a fill-complete order is an illegal transition and throws', () => {
    const { broker, kernel, deliver } = setup();
    const t0 = at('10:00');
    kernel.onTick(tick(t0, INDEX, 2_600_000));
    for (const [i, p] of [10_000, 10_005, 10_010].entries()) kernel.onTick(tick(t0 + 100 * (i + 1), CE, p));
    const entry = broker.submitted[0]!;
    broker.report(fill(entry.orderId, t0 + 300, 2 * LOT, 10_010, 'BUY'));
    deliver();
    expect(() => kernel.onOrderReport({ kind: 'accepted', orderId: entry.orderId, ts: t0 + 400 })).toThrow(/unknown order/);
    const { broker: b2, kernel: k2 } = setup();
    k2.onTick(tick(t0, INDEX, 2_600_000));
    for (const [i, p] of [10_000, 10_005, 10_010].entries()) k2.onTick(tick(t0 + 100 * (i + 1), CE, p));
    const e2 = b2.submitted[0]!;
    k2.onOrderReport({ kind: 'filled', fill: { orderId: e2.orderId, instrument: CE, ts: t0 + 300, action: 'BUY', qty: LOT, price: 10_010 }, final: false });
    expect(() => k2.onOrderReport({ kind: 'accepted', orderId: e2.orderId, ts: t0 + 310 })).toThrow(InvalidOrderTransition);
  });

  it('refuses ticks that break invariants', () => {
    const { kernel } = setup();
    expect(() => kernel.onTick({ ...tick(at('10:00'), CE, 10_000), ltp: Number.NaN })).toThrow(/invalid tick/);
    expect(() => kernel.onTick({ ...tick(at('10:00'), CE, 10_000), ltp: 100.5 })).toThrow(/invalid tick/);
  });
});
