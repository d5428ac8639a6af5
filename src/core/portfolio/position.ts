/** One open long option position: its fills, quantity, cost, charges and exit management state. */
import type { DecisionContext, ExitReason, Side, TradeFill, TrailStage } from '../model/events.js';
import type { OrderAction, OrderPurpose } from '../model/order.js';
import { ExitChargesBound } from '../risk/exit-cost.js';

export class Position {
  qty = 0;
  /** Largest quantity held at once. */
  peakQty = 0;
  buyValue = 0;
  buyQty = 0;
  sellValue = 0;
  sellQty = 0;
  charges = 0;
  entryTs = 0;
  lastAddTs = 0;
  /** Lots bought so far (entry + adds), for maxLotsPerStrike. */
  lots = 0;
  stop = 0;
  target = 0;
  stage: TrailStage = 'initial';
  highWaterMark = 0;
  maxProfit = 0;
  partialDone = false;
  /** Set once an exit of the whole position is decided; the position closes when qty reaches 0. */
  exitReason: ExitReason | null = null;
  exitOrderId: string | null = null;
  /** Tick time before which a rejected exit is not retried (backoff). */
  exitRetryTs = 0;
  exitAttempts = 0;
  readonly fills: TradeFill[] = [];
  tpPoints = 0;
  slPoints = 0;
  entryContext: DecisionContext | null = null;
  /** ATR stops: the stop distance R at entry (0 when the rule is off), and the R levels already taken. */
  rPoints = 0;
  rLevel = 0;
  /** Signal-exit persistence: consecutive evaluations the reversal has held. */
  flipStreak = 0;
  /** Capital budget: stress levels already acted on, and whether the stop now trails tight. */
  stressLevel = 0;
  tightTrail = false;
  /** A cheap bound on what selling the open quantity would cost in charges (for the daily loss limit). */
  readonly exitCharges = new ExitChargesBound();

  constructor(
    readonly tradeId: string,
    readonly side: Side,
    readonly instrument: number,
    readonly symbol: string,
    readonly lotSize: number,
    readonly tickSize: number,
    readonly reEntry: boolean,
  ) {}

  /** Quantity-weighted average buy price, minor units (fractional after averaging). */
  get avgEntry(): number {
    return this.buyQty === 0 ? 0 : this.buyValue / this.buyQty;
  }

  /** Gross P&L if the open quantity were sold at `price`: Σ sells + price × qty − Σ buys. */
  grossAt(price: number): number {
    return this.sellValue + price * this.qty - this.buyValue;
  }

  /** Net open P&L at `price`: gross at that price less the charges already paid on this position's fills. */
  netAt(price: number): number {
    return this.grossAt(price) - this.charges;
  }

  applyFill(ts: number, action: OrderAction, qty: number, price: number, charges: number, purpose: OrderPurpose): void {
    if (action === 'BUY') {
      this.buyValue += price * qty;
      this.buyQty += qty;
      this.qty += qty;
      if (this.qty > this.peakQty) this.peakQty = this.qty;
      if (this.entryTs === 0) this.entryTs = ts;
    } else {
      if (qty > this.qty) throw new RangeError(`sell fill of ${qty} exceeds position ${this.qty}`);
      this.sellValue += price * qty;
      this.sellQty += qty;
      this.qty -= qty;
    }
    this.charges += charges;
    this.exitCharges.reset();
    this.fills.push({ ts, action, qty, price, charges, purpose });
  }
}
