/** Orders and their lifecycle: one transition table, anything outside it is an error. */

export type OrderAction = 'BUY' | 'SELL';

/** Why the kernel sent the order; exits travel in their own lane and are never rate-limited. */
export type OrderPurpose = 'ENTRY' | 'AVERAGE' | 'PARTIAL_EXIT' | 'EXIT';

export type OrderStatus =
  | 'INITIALIZED'
  | 'SUBMITTED'
  | 'ACCEPTED'
  | 'PARTIALLY_FILLED'
  | 'FILLED'
  | 'REJECTED'
  | 'CANCELED';

export type OrderEventKind = 'submit' | 'accept' | 'reject' | 'fill_partial' | 'fill' | 'cancel';

/** The only legal moves. Terminal states (FILLED, REJECTED, CANCELED) have no way out. */
export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, Partial<Record<OrderEventKind, OrderStatus>>>> = {
  INITIALIZED: { submit: 'SUBMITTED', reject: 'REJECTED' },
  // A venue may fill a market order before its acknowledgement arrives, so fills are legal from SUBMITTED.
  SUBMITTED: { accept: 'ACCEPTED', reject: 'REJECTED', fill_partial: 'PARTIALLY_FILLED', fill: 'FILLED', cancel: 'CANCELED' },
  ACCEPTED: { fill_partial: 'PARTIALLY_FILLED', fill: 'FILLED', cancel: 'CANCELED' },
  PARTIALLY_FILLED: { fill_partial: 'PARTIALLY_FILLED', fill: 'FILLED', cancel: 'CANCELED' },
  FILLED: {},
  REJECTED: {},
  CANCELED: {},
};

export const TERMINAL_ORDER_STATUSES: ReadonlySet<OrderStatus> = new Set(['FILLED', 'REJECTED', 'CANCELED']);

/** Thrown for a move that is not in the table: an illegal transition is a bug, never a value. */
export class InvalidOrderTransition extends Error {
  constructor(
    readonly from: OrderStatus,
    readonly event: OrderEventKind,
  ) {
    super(`illegal order transition: ${event} from ${from}`);
    this.name = 'InvalidOrderTransition';
  }
}

/** The status after `event`, or a thrown InvalidOrderTransition. */
export function nextOrderStatus(from: OrderStatus, event: OrderEventKind): OrderStatus {
  const to = ORDER_TRANSITIONS[from][event];
  if (to === undefined) throw new InvalidOrderTransition(from, event);
  return to;
}

/** A market order as the kernel tracks it. Prices in minor units. */
export interface Order {
  readonly id: string;
  readonly instrument: number;
  readonly action: OrderAction;
  readonly purpose: OrderPurpose;
  readonly qty: number;
  /** Tick time the kernel decided to send it. */
  readonly createdTs: number;
  /** The price that triggered the decision (for slippage analytics). */
  readonly signalPrice: number;
  status: OrderStatus;
  filledQty: number;
}

/** Applies a lifecycle event to an order in place, through the table. */
export function transitionOrder(order: Order, event: OrderEventKind): void {
  order.status = nextOrderStatus(order.status, event);
}
