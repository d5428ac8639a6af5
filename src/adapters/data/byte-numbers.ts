/** Number parsing straight from file bytes, without building strings: decimals to exact micro-units and whole epoch milliseconds. */

/** Decimal places kept exactly; the next digit rounds half up. */
const MICRO_DIGITS = 6;
const MICRO = 1_000_000;
/** The largest price a data file may hold, major units: above any index or option premium, and small enough that P&L in minor units stays exact. */
export const MAX_PRICE = 10_000_000;
/** MAX_PRICE as micro-units. */
export const MAX_PRICE_MICRO = MAX_PRICE * MICRO;
/** Integer parts above this would lose exactness as micro-units (2^53 / 10^6). */
const MAX_INT_PART = 9_000_000_000;

/**
 * The decimal in bytes[s, e) times 10^6, rounded half away from zero at the sixth decimal, as an
 * exact integer; NaN when the text is not a plain decimal (empty, exponent, junk) — the caller then
 * tries `Number()` for the rare exponent form and reports junk.
 */
export function microAt(bytes: Uint8Array, s: number, e: number): number {
  let i = s;
  let neg = false;
  let c = bytes[i];
  if (c === 45 || c === 43) {
    neg = c === 45;
    c = bytes[++i];
  }
  let int = 0;
  let digits = 0;
  while (i < e && c !== undefined && c >= 48 && c <= 57) {
    int = int * 10 + (c - 48);
    digits++;
    c = bytes[++i];
  }
  let frac = 0;
  let fracDigits = 0;
  let roundUp = 0;
  if (i < e && c === 46) {
    c = bytes[++i];
    while (i < e && c !== undefined && c >= 48 && c <= 57) {
      if (fracDigits < MICRO_DIGITS) frac = frac * 10 + (c - 48);
      else if (fracDigits === MICRO_DIGITS && c >= 53) roundUp = 1;
      fracDigits++;
      digits++;
      c = bytes[++i];
    }
  }
  if (i !== e || digits === 0 || int > MAX_INT_PART) return Number.NaN;
  for (let k = fracDigits; k < MICRO_DIGITS; k++) frac *= 10;
  const micro = int * MICRO + frac + roundUp;
  return neg ? -micro : micro;
}

/** Whole non-negative decimal digits in bytes[s, e) (a trailing ".0…" allowed), or NaN. */
export function wholeAt(bytes: Uint8Array, s: number, e: number): number {
  let i = s;
  let n = 0;
  let c = bytes[i];
  while (i < e && c !== undefined && c >= 48 && c <= 57) {
    n = n * 10 + (c - 48);
    c = bytes[++i];
  }
  if (i === s) return Number.NaN;
  if (i < e && c === 46) {
    c = bytes[++i];
    while (i < e && c === 48) c = bytes[++i];
  }
  return i === e && Number.isSafeInteger(n) ? n : Number.NaN;
}

/** Micro-units of a number given as text or a JS number (the slow path and NDJSON); NaN when it is not a finite number. */
export function microOf(value: number): number {
  return Number.isFinite(value) ? Math.round(value * MICRO) : Number.NaN;
}

/** Rounds micro-units to a multiple of `tick` minor units (1 minor unit = 10^4 micro-units), half up: exact integer arithmetic. */
export function microToTicks(micro: number, tick: number): number {
  const step = tick * 10_000;
  const q = Math.floor(micro / step);
  const r = micro - q * step;
  return (r * 2 >= step ? q + 1 : q) * tick;
}
