/** Integer money: prices and amounts are whole minor units (paise, cents); conversion happens at the edges. */

/** Minor units per major unit (paise per rupee, cents per dollar). */
export const MINOR_PER_MAJOR = 100;

/** Throws unless `value` is a safe integer: broken money invariants fail fast. */
export function assertMinor(value: number, what: string): number {
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`${what} must be an integer number of minor units, got ${value}`);
  }
  return value;
}

/** Converts a major-unit decimal (e.g. 123.45 rupees or points) to minor units, rounding half away from zero. */
export function toMinor(major: number): number {
  if (!Number.isFinite(major)) throw new RangeError(`amount must be finite, got ${major}`);
  // toPrecision(15) removes binary noise first (1.005 * 100 = 100.49999999999999 must round to 101)
  // while keeping every digit of amounts up to 10^13 minor units.
  const scaled = Number((Math.abs(major) * MINOR_PER_MAJOR).toPrecision(15));
  const rounded = Math.round(scaled);
  return major < 0 && rounded !== 0 ? -rounded : rounded;
}

/** Major units as a number for the wire (2 decimals exact when printed: 1234 → 12.34). */
export function toMajor(minor: number): number {
  return minor / MINOR_PER_MAJOR;
}

/** Major units as a fixed 2-decimal string, e.g. -1234 → "-12.34". */
export function formatMajor(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  const whole = Math.floor(abs / MINOR_PER_MAJOR);
  const frac = abs % MINOR_PER_MAJOR;
  return `${sign}${whole}.${frac < 10 ? '0' : ''}${frac}`;
}

/** Integer division rounding half up, for non-negative numerators and positive denominators. */
export function divRoundHalfUp(numerator: number, denominator: number): number {
  if (numerator < 0 || denominator <= 0) throw new RangeError('divRoundHalfUp needs numerator >= 0 and denominator > 0');
  const q = Math.floor(numerator / denominator);
  const r = numerator - q * denominator;
  return r * 2 >= denominator ? q + 1 : q;
}

/** Rounds a price down to a multiple of `tick` (minor units). */
export function floorToTick(price: number, tick: number): number {
  return Math.floor(price / tick) * tick;
}

/** Rounds a price up to a multiple of `tick` (minor units). */
export function ceilToTick(price: number, tick: number): number {
  return Math.ceil(price / tick) * tick;
}
