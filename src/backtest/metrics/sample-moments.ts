/** Mean and sample standard deviation (N − 1) of a numeric series, two-pass for accuracy. */

/** Arithmetic mean; null for an empty series. */
export function mean(xs: ArrayLike<number>): number | null {
  if (xs.length === 0) return null;
  let sum = 0;
  for (let i = 0; i < xs.length; i++) sum += xs[i]!;
  return sum / xs.length;
}

/** Sample standard deviation with the N − 1 (Bessel) denominator; null with fewer than 2 values. */
export function sampleStd(xs: ArrayLike<number>): number | null {
  const m = mean(xs);
  if (m === null || xs.length < 2) return null;
  let ss = 0;
  for (let i = 0; i < xs.length; i++) {
    const d = xs[i]! - m;
    ss += d * d;
  }
  return Math.sqrt(ss / (xs.length - 1));
}

/** Below this a standard deviation counts as zero and a ratio over it is undefined (null). */
export const STD_EPSILON = 1e-12;
