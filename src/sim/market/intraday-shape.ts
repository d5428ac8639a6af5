/** The intraday U-shape: volatility and activity are high at the open, quiet at midday and rise into the close. */

function rawShape(fraction: number): number {
  return 0.72 + 1.5 * Math.exp(-fraction / 0.035) + 0.5 * Math.exp(-(1 - fraction) / 0.07);
}

const GRID = 4000;
let sumSq = 0;
let sum = 0;
for (let i = 0; i < GRID; i++) {
  const v = rawShape((i + 0.5) / GRID);
  sumSq += v * v;
  sum += v;
}
// Normalised so a whole session carries exactly the base variance and the base event count.
const VOL_NORM = 1 / Math.sqrt(sumSq / GRID);
const RATE_NORM = 1 / (sum / GRID);

/** Volatility multiplier at a session fraction in [0, 1]; its square averages 1 over the session. */
export function volatilityShape(fraction: number): number {
  return rawShape(fraction) * VOL_NORM;
}

/** Activity (event-rate) multiplier at a session fraction in [0, 1]; averages 1 over the session. */
export function activityShape(fraction: number): number {
  return rawShape(fraction) * RATE_NORM;
}
