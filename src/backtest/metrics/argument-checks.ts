/** Argument checks for the backtest metrics and validation: each throws a RangeError naming the field and the rule. */

/** Requires a finite number > 0. */
export function requirePositive(value: number, field: string): void {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${field} must be a finite number > 0, got ${value}`);
}

/** Requires an integer ≥ `min` (a safe integer). */
export function requireInteger(value: number, field: string, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) throw new RangeError(`${field} must be an integer ≥ ${min}, got ${value}`);
}

/** Requires a number strictly between 0 and 1. */
export function requireOpenUnit(value: number, field: string): void {
  if (!Number.isFinite(value) || value <= 0 || value >= 1) {
    throw new RangeError(`${field} must be a number strictly between 0 and 1, got ${value}`);
  }
}
