/** Validation of the numeric arguments of the analytics (bucket size, time-of-day interval), failing with a RangeError naming the field. */

/** Returns `value` when it is an integer in [1, max]; otherwise throws a RangeError naming `name`. */
export function positiveInteger(name: string, value: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new RangeError(`${name} must be an integer from 1 to ${max}, got ${String(value)}`);
  }
  return value;
}
