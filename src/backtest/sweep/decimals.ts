/** Decimal helpers for sweep values: count a number's decimals and round away binary noise (0.1 + 0.2 → 0.3). */

/** Decimal places in the shortest round-trip form of `x` (1.25 → 2, 1e-7 → 7), at most 15. */
export function decimalsOf(x: number): number {
  const text = String(Math.abs(x));
  const exp = /e-(\d+)$/.exec(text);
  const mantissa = exp === null ? text : text.slice(0, exp.index);
  const point = mantissa.indexOf('.');
  const fraction = point < 0 ? 0 : mantissa.length - point - 1;
  return Math.min(15, fraction + (exp === null ? 0 : Number(exp[1])));
}

/** `x` rounded to `decimals` places (0..15) and normalised to its shortest form; -0 becomes 0. */
export function roundTo(x: number, decimals: number): number {
  const r = Number(x.toFixed(decimals));
  return r === 0 ? 0 : r;
}
