/** The intraday U-shape: volatility and activity are high at the open, quiet at midday and rise into the close. */

/** Unnormalised shape at a session fraction in [0, 1]: about 2.2 at the open, 0.72 at midday, 1.2 at the close. */
export function rawIntradayShape(fraction: number): number {
  return 0.72 + 1.5 * Math.exp(-fraction / 0.035) + 0.5 * Math.exp(-(1 - fraction) / 0.07);
}

const GRID = 4000;
let sumSq = 0;
let sum = 0;
for (let i = 0; i < GRID; i++) {
  const v = rawIntradayShape((i + 0.5) / GRID);
  sumSq += v * v;
  sum += v;
}
// Normalised so a whole session carries exactly the base variance and the base event count.
/** Multiplier turning the raw shape into a volatility factor whose square averages 1 over the session. */
export const VOLATILITY_NORM = 1 / Math.sqrt(sumSq / GRID);
/** Multiplier turning the raw shape into an event-rate factor that averages 1 over the session. */
export const ACTIVITY_NORM = 1 / (sum / GRID);

/** Volatility multiplier at a session fraction in [0, 1]. */
export function volatilityShape(fraction: number): number {
  return rawIntradayShape(fraction) * VOLATILITY_NORM;
}

/** Activity (event-rate) multiplier at a session fraction in [0, 1]. */
export function activityShape(fraction: number): number {
  return rawIntradayShape(fraction) * ACTIVITY_NORM;
}
