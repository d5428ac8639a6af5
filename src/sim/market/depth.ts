/** Optional five-level book behind a quote, derived deterministically from the tick and a per-row seed. */
import type { Depth, DepthLevel } from '../../core/model/tick.js';
import { createRng } from '../../core/rng.js';

export const DEPTH_LEVELS = 5;
/** Chance that the next level skips a price (a hole in the book). */
const GAP_PROB = 0.15;

/**
 * Five bid and five ask levels: level 0 is the tick's own bid/ask, deeper levels step away by one
 * tick (sometimes two) with growing size. Bids stop above zero, so a cheap option may have fewer bid levels.
 * Undefined for a tick without a quote (the index).
 */
export function depthFor(seed: number, bid: number, ask: number, bidQty: number, askQty: number, tick: number, lotSize: number): Depth | undefined {
  if (bid <= 0 || ask <= 0) return undefined;
  const rng = createRng(seed);
  const bids: DepthLevel[] = [{ price: bid, qty: bidQty }];
  const asks: DepthLevel[] = [{ price: ask, qty: askQty }];
  const meanLots = Math.max(1, (bidQty + askQty) / (2 * lotSize));
  for (let level = 1; level < DEPTH_LEVELS; level++) {
    const size = meanLots * (1 + 0.35 * level);
    const lastBid = bids[bids.length - 1];
    if (lastBid !== undefined) {
      const price = lastBid.price - tick * (rng.next() < GAP_PROB ? 2 : 1);
      if (price >= tick) bids.push({ price, qty: lotSize * (1 + Math.floor(-Math.log(1 - rng.next()) * size)) });
    }
    const lastAsk = asks[asks.length - 1];
    if (lastAsk !== undefined) {
      asks.push({ price: lastAsk.price + tick * (rng.next() < GAP_PROB ? 2 : 1), qty: lotSize * (1 + Math.floor(-Math.log(1 - rng.next()) * size)) });
    }
  }
  return { bids, asks };
}
