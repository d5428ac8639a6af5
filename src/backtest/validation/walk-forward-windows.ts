/** Rolling walk-forward windows over trading dates: a fixed-length train window followed by its test window, stepped forward. */
import { requireInteger } from '../metrics/argument-checks.js';
import { tradingDayNumbers } from '../metrics/trading-dates.js';

export interface WalkForwardOptions {
  /** Trading dates in each train window, integer ≥ 1. */
  readonly trainDays: number;
  /** Trading dates in each test window, integer ≥ 1. */
  readonly testDays: number;
  /** Trading dates between the starts of consecutive windows, integer ≥ 1; default testDays (test windows tile). */
  readonly stepDays?: number;
}

export interface WalkForwardWindow {
  readonly train: string[];
  readonly test: string[];
}

/**
 * Rolling (not anchored) windows: window k trains on dates[k·step, k·step + train) and tests on the next `testDays` dates.
 * Only complete windows are returned; a tail too short for a full test window is left out. Days count trading dates.
 */
export function walkForwardWindows(dates: readonly string[], options: WalkForwardOptions): WalkForwardWindow[] {
  const { trainDays, testDays } = options;
  const stepDays = options.stepDays ?? testDays;
  requireInteger(trainDays, 'trainDays', 1);
  requireInteger(testDays, 'testDays', 1);
  requireInteger(stepDays, 'stepDays', 1);
  tradingDayNumbers(dates, 'dates');
  if (trainDays + testDays > dates.length) {
    throw new RangeError(`dates must hold at least trainDays + testDays = ${trainDays + testDays} dates, got ${dates.length}`);
  }
  const windows: WalkForwardWindow[] = [];
  for (let start = 0; start + trainDays + testDays <= dates.length; start += stepDays) {
    windows.push({
      train: dates.slice(start, start + trainDays),
      test: dates.slice(start + trainDays, start + trainDays + testDays),
    });
  }
  return windows;
}
