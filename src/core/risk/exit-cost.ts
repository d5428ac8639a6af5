/** What closing a position now would realise: the expected fill below the mark, and the exit order's charges, with a cheap bound. */

/**
 * The exit's charges are exact (the rate card, via the kernel's charges function), but computing them on
 * every tick is wasted work far from the limit. Charges are a flat part plus parts proportional to
 * turnover, so charges(T) ≤ charges(T₀) × max(1, T / T₀); with twice that as margin (for the per-component
 * rounding) a check that passes with the bound passes with the exact figure, and only checks near the
 * limit pay for the exact computation.
 */
export class ExitChargesBound {
  private refTurnover = 0;
  private refCharges = 0;

  /** Forgets the reference (the position's quantity changed). */
  reset(): void {
    this.refTurnover = 0;
    this.refCharges = 0;
  }

  /** An upper bound on the exit charges at `turnover`, or Infinity before the first exact figure. */
  upperBound(turnover: number): number {
    if (this.refTurnover === 0) return Number.POSITIVE_INFINITY;
    return 2 * this.refCharges * Math.max(1, turnover / this.refTurnover) + 2;
  }

  /** Records an exact figure as the new reference. */
  record(turnover: number, charges: number): void {
    this.refTurnover = turnover;
    this.refCharges = charges;
  }
}

/**
 * The price a market SELL is expected to fill at, conservatively: the lower of the bid (when quoted) and
 * the last price, less `slippageTicks` ticks, never below one tick.
 */
export function expectedExitPrice(ltp: number, bid: number, tickSize: number, slippageTicks: number): number {
  const base = bid > 0 ? Math.min(bid, ltp) : ltp;
  return Math.max(tickSize, base - slippageTicks * tickSize);
}
