/** The Broker port contract: every Broker implementation runs this suite against a harness of its own. */
import { describe, expect, it } from 'vitest';
import type { OrderReport } from '../../src/core/model/fill.js';
import type { Broker, SubmitOrder } from '../../src/core/ports.js';

/** A fresh broker plus what the suite needs to drive it. */
export interface BrokerHarness {
  readonly broker: Broker;
  /** An order this venue accepts and fills. */
  validOrder(orderId: string): SubmitOrder;
  /** An order this venue must reject. */
  invalidOrder(orderId: string): SubmitOrder;
  /** Lets the venue make progress (e.g. delivers the next market tick) so accepted orders can fill. */
  advance(): void;
}

function drainAll(broker: Broker): OrderReport[] {
  const out: OrderReport[] = [];
  broker.drainReports((r) => out.push(r));
  return out;
}

/** Advances and drains until `orderId` has a final report (bounded), collecting every report. */
function settle(h: BrokerHarness, orderId: string, into: OrderReport[] = []): OrderReport[] {
  for (let step = 0; step < 100; step++) {
    into.push(...drainAll(h.broker));
    if (into.some((r) => isFinalFor(r, orderId))) return into;
    h.advance();
  }
  throw new Error(`order ${orderId} never reached a final report`);
}

const idOf = (r: OrderReport): string => (r.kind === 'filled' ? r.fill.orderId : r.orderId);
const isFinalFor = (r: OrderReport, orderId: string): boolean => idOf(r) === orderId && (r.kind === 'rejected' || (r.kind === 'filled' && r.final));

export function brokerContract(name: string, makeBroker: () => BrokerHarness): void {
  describe(`Broker contract: ${name}`, () => {
    it('a valid order is accepted, then filled in full with a final fill', () => {
      const h = makeBroker();
      const order = h.validOrder('c-1');
      h.broker.submit(order);
      const reports = settle(h, 'c-1').filter((r) => idOf(r) === 'c-1');
      expect(reports[0]).toMatchObject({ kind: 'accepted', orderId: 'c-1' });
      const fills = reports.filter((r) => r.kind === 'filled');
      expect(fills.length).toBeGreaterThanOrEqual(1);
      expect(fills.at(-1)).toMatchObject({ final: true });
      const filledQty = fills.reduce((sum, r) => sum + (r.kind === 'filled' ? r.fill.qty : 0), 0);
      expect(filledQty).toBe(order.qty);
      for (const r of fills) {
        if (r.kind !== 'filled') continue;
        expect(r.fill).toMatchObject({ orderId: 'c-1', instrument: order.instrument, action: order.action });
        expect(Number.isSafeInteger(r.fill.price) && r.fill.price > 0).toBe(true);
        expect(r.fill.ts).toBeGreaterThanOrEqual(order.ts);
      }
      expect(reports.filter((r) => r.kind === 'rejected')).toEqual([]);
    });

    it('an invalid order gets exactly one rejected report with a reason, and never fills', () => {
      const h = makeBroker();
      h.broker.submit(h.invalidOrder('c-bad'));
      const reports = settle(h, 'c-bad');
      for (let i = 0; i < 5; i++) {
        h.advance();
        reports.push(...drainAll(h.broker));
      }
      const mine = reports.filter((r) => idOf(r) === 'c-bad');
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({ kind: 'rejected', orderId: 'c-bad' });
      expect(mine[0]?.kind === 'rejected' && mine[0].reason.length > 0).toBe(true);
    });

    it('submit never calls back: reports arrive only through drainReports', () => {
      const h = makeBroker();
      let calls = 0;
      const sink = (): void => {
        calls++;
      };
      h.broker.submit(h.validOrder('c-2'));
      h.broker.submit(h.invalidOrder('c-3'));
      expect(calls).toBe(0);
      const n = h.broker.drainReports(sink);
      expect(n).toBe(calls);
      expect(n).toBeGreaterThanOrEqual(2);
    });

    it('drain hands each report over once, in order, and returns how many', () => {
      const h = makeBroker();
      h.broker.submit(h.validOrder('c-4'));
      h.broker.submit(h.validOrder('c-5'));
      const all = settle(h, 'c-5');
      settle(h, 'c-4', all);
      const again: OrderReport[] = [];
      expect(h.broker.drainReports((r) => again.push(r))).toBe(0);
      expect(again).toEqual([]);
      for (const id of ['c-4', 'c-5']) {
        const kinds = all.filter((r) => idOf(r) === id).map((r) => r.kind);
        expect(kinds[0]).toBe('accepted');
        expect(kinds.filter((k) => k === 'accepted')).toHaveLength(1);
        expect(kinds.at(-1)).toBe('filled');
      }
      // Acceptances come in submit order.
      expect(all.filter((r) => r.kind === 'accepted').map(idOf)).toEqual(['c-4', 'c-5']);
    });

    it('a report sink that submits does not re-enter: the new reports wait for the next drain', () => {
      const h = makeBroker();
      h.broker.submit(h.validOrder('c-6'));
      let depth = 0;
      let maxDepth = 0;
      let submitted = false;
      const seen: string[] = [];
      const sink = (r: OrderReport): void => {
        depth++;
        maxDepth = Math.max(maxDepth, depth);
        seen.push(idOf(r));
        if (!submitted) {
          submitted = true;
          h.broker.submit(h.validOrder('c-7'));
        }
        depth--;
      };
      h.broker.drainReports(sink);
      expect(maxDepth).toBe(1);
      expect(seen).not.toContain('c-7');
      h.broker.drainReports(sink);
      expect(seen).toContain('c-7');
    });

    it('a duplicate order id throws, whatever happened to the first', () => {
      const h = makeBroker();
      h.broker.submit(h.validOrder('c-8'));
      expect(() => h.broker.submit(h.validOrder('c-8'))).toThrow(/duplicate/i);
      h.broker.submit(h.invalidOrder('c-9'));
      expect(() => h.broker.submit(h.validOrder('c-9'))).toThrow(/duplicate/i);
    });
  });
}
