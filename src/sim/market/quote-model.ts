/** How an option's book looks around its theoretical price: spread width, top-of-book size and how often it prints. */

/** Share of a far strike's requotes that reach the feed; ATM strikes publish every requote. */
export const PARTICIPATION_FLOOR = 0.05;
/** Heartbeat rate (ticks/s without a price change) as a share of the configured near-ATM tick rate. */
export const HEARTBEAT_SHARE = 0.12;
/** Chance that a new print trades at the touch on the side of the move instead of at the rounded fair price. */
export const TOUCH_PRINT_PROB = 0.15;
/** Minutes before the expiry-day close when books widen (gamma risk). */
export const EXPIRY_WIDEN_MINUTES = 90;
const MAX_SPREAD_TICKS = 12;

/** Liquidity in (0, 1] from the distance to the spot in strike steps: 1 at the money, 0.42 two strikes away, 0.07 six away. */
export function liquidityOf(strikesAway: number): number {
  return 1 / (1 + 0.35 * strikesAway * strikesAway);
}

/**
 * Spread in option ticks: the typical width, +1 in a volatile regime, +1 late on expiry day,
 * +1 for an illiquid strike far from the spot (cheap far OTM or deep ITM), plus a random 0/1/2.
 */
export function spreadTicks(typical: number, volatile: boolean, lateExpiry: boolean, liquidity: number, u: number): number {
  let k = typical;
  if (volatile) k++;
  if (lateExpiry) k++;
  if (liquidity < 0.15) k++;
  k += u < 0.65 ? 0 : u < 0.92 ? 1 : 2;
  return k > MAX_SPREAD_TICKS ? MAX_SPREAD_TICKS : k;
}

/** Mean top-of-book size in lots: liquid strikes show more. */
export function meanLots(liquidity: number): number {
  return 4 + 36 * liquidity;
}

/** A top-of-book quantity: a whole number of lots, at least one, skewed to small sizes (3u² has mean 1; no log, it is hot). */
export function drawQty(lotSize: number, mean: number, u: number): number {
  return lotSize * (1 + Math.floor(3 * u * u * mean));
}
