/** A day's option chain (strikes around the opening ATM, nearest weekly expiry) and the ATM lookup on it. */

/** One strike row: strike in minor units, instrument ids of its call and put. */
export interface ChainRow {
  readonly strike: number;
  readonly ce: number;
  readonly pe: number;
}

export interface DayChain {
  /** YYYY-MM-DD, exchange time. */
  readonly expiryDate: string;
  /** The strike nearest the day's open, minor units. */
  readonly atmAtOpen: number;
  /** Ascending by strike. */
  readonly strikes: readonly ChainRow[];
}

/** The row whose strike is nearest `price` (minor units); ties go to the lower strike. Throws on an empty chain. */
export function nearestStrikeRow(chain: DayChain, price: number): ChainRow {
  let best: ChainRow | undefined;
  let bestDistance = Infinity;
  for (const row of chain.strikes) {
    const d = Math.abs(row.strike - price);
    if (d < bestDistance) {
      best = row;
      bestDistance = d;
    }
  }
  if (best === undefined) throw new RangeError('empty option chain');
  return best;
}
