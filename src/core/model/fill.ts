/** Fills: what the broker reports was executed, at the price it reports. */
import type { OrderAction } from './order.js';

export interface Fill {
  readonly orderId: string;
  readonly instrument: number;
  readonly ts: number;
  readonly action: OrderAction;
  /** Units filled (a whole number of lots for options). */
  readonly qty: number;
  /** Fill price in minor units. */
  readonly price: number;
}

/** What the broker tells the kernel about an order. */
export type OrderReport =
  | { readonly kind: 'accepted'; readonly orderId: string; readonly ts: number }
  | { readonly kind: 'rejected'; readonly orderId: string; readonly ts: number; readonly reason: string }
  /** The venue ended an order it had accepted, with part or none of it filled (the fills came as reports before). */
  | { readonly kind: 'cancelled'; readonly orderId: string; readonly ts: number; readonly reason: string }
  | { readonly kind: 'filled'; readonly fill: Fill; readonly final: boolean };
