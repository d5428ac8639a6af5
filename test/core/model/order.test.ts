import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  InvalidOrderTransition,
  ORDER_TRANSITIONS,
  TERMINAL_ORDER_STATUSES,
  nextOrderStatus,
  type OrderEventKind,
  type OrderStatus,
} from '../../../src/core/model/order.js';

const EVENTS: OrderEventKind[] = ['submit', 'accept', 'reject', 'fill_partial', 'fill', 'cancel'];
const STATUSES = Object.keys(ORDER_TRANSITIONS) as OrderStatus[];

describe('order transition table', () => {
  it('allows exactly the moves in the table and refuses every other', () => {
    for (const from of STATUSES) {
      for (const event of EVENTS) {
        const to = ORDER_TRANSITIONS[from][event];
        if (to === undefined) expect(() => nextOrderStatus(from, event)).toThrow(InvalidOrderTransition);
        else expect(nextOrderStatus(from, event)).toBe(to);
      }
    }
  });

  it('terminal states have no way out', () => {
    for (const s of TERMINAL_ORDER_STATUSES) {
      for (const event of EVENTS) expect(() => nextOrderStatus(s, event)).toThrow(/illegal order transition/);
    }
  });

  it('any event sequence either follows the table or fails at the first illegal move (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...EVENTS), { maxLength: 12 }), (events) => {
        let status: OrderStatus = 'INITIALIZED';
        for (const event of events) {
          const legal = ORDER_TRANSITIONS[status][event];
          if (legal === undefined) {
            expect(() => nextOrderStatus(status, event)).toThrow(InvalidOrderTransition);
            return;
          }
          const next = nextOrderStatus(status, event);
          expect(next).toBe(legal);
          if (TERMINAL_ORDER_STATUSES.has(status)) throw new Error('left a terminal state');
          status = next;
        }
      }),
    );
  });
});
