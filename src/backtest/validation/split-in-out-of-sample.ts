/** Chronological in-sample / out-of-sample split of trading dates. */
import { requireOpenUnit } from '../metrics/argument-checks.js';
import { tradingDayNumbers } from '../metrics/trading-dates.js';

export interface SampleSplit {
  readonly inSample: string[];
  readonly outOfSample: string[];
}

/** Guards ⌊N · fraction⌋ against binary rounding (0.29 × 100 = 28.999…). */
const ROUNDING_SLACK = 1e-9;

/**
 * The first ⌊N · inSampleFraction⌋ dates are in-sample, the rest out-of-sample (dates strictly ascending).
 * RangeError naming the field when the fraction is not in (0, 1) or either side would be empty.
 */
export function splitInOutOfSample(dates: readonly string[], inSampleFraction: number): SampleSplit {
  requireOpenUnit(inSampleFraction, 'inSampleFraction');
  tradingDayNumbers(dates, 'dates');
  if (dates.length < 2) throw new RangeError(`dates must hold at least 2 dates to split, got ${dates.length}`);
  const cut = Math.floor(dates.length * inSampleFraction + ROUNDING_SLACK);
  if (cut < 1 || cut >= dates.length) {
    throw new RangeError(
      `inSampleFraction ${inSampleFraction} of ${dates.length} dates leaves ${cut < 1 ? 'no in-sample' : 'no out-of-sample'} date`,
    );
  }
  return { inSample: dates.slice(0, cut), outOfSample: dates.slice(cut) };
}
