/** Time to expiry in years of trading time: only session time decays, so expiry day at the close is exactly 0. */

/** Trading days in a year; the volatilities in the config are annualised over this many sessions. */
export const TRADING_DAYS_PER_YEAR = 252;

/**
 * Years left until the expiry close, counting the rest of today's session plus
 * `sessionsAfterToday` whole sessions (overnight and weekends carry no time value).
 */
export function yearsToExpiry(msLeftToday: number, sessionMs: number, sessionsAfterToday: number): number {
  const left = Math.max(0, msLeftToday) + sessionsAfterToday * sessionMs;
  return left / (TRADING_DAYS_PER_YEAR * sessionMs);
}
