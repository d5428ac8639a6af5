/** The raw limit: EMA + momentum streak over a Float64Array, everything inlined (engine-anchors §6.3 variant A). */

/** Returns a checksum so the work cannot be optimised away. */
export function rawEmaStreak(prices: Float64Array): number {
  const k = 2 / 21;
  let ema = prices[0] ?? 0;
  let last = ema;
  let dir = 0;
  let count = 0;
  let signals = 0;
  for (let i = 1; i < prices.length; i++) {
    const p = prices[i]!;
    ema += k * (p - ema);
    const move = p - last;
    last = p;
    if (move > 0) {
      if (dir === 1) count++;
      else {
        dir = 1;
        count = 1;
      }
    } else if (move < 0) {
      if (dir === -1) count++;
      else {
        dir = -1;
        count = 1;
      }
    }
    if (dir === 1 && count >= 5 && p > ema) signals++;
  }
  return signals + ema;
}
