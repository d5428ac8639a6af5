/** Compound annual growth rate over calendar days (365-day years) and the Calmar ratio built on it. */

/**
 * (finalEquity / capital)^(365 / calendarDays) − 1. −1 when the final equity is ≤ 0 (the account is wiped out);
 * null when the power overflows (a short run with a large gain) or calendarDays < 1.
 */
export function cagr(capital: number, finalEquity: number, calendarDays: number): number | null {
  if (calendarDays < 1) return null;
  if (finalEquity <= 0) return -1;
  const g = Math.pow(finalEquity / capital, 365 / calendarDays) - 1;
  return Number.isFinite(g) ? g : null;
}

/** CAGR / |max drawdown fraction| (Young 1991); null when the drawdown is 0 or the CAGR is undefined. */
export function calmarRatio(growth: number | null, maxDrawdownPct: number): number | null {
  if (growth === null || maxDrawdownPct === 0) return null;
  return growth / Math.abs(maxDrawdownPct);
}
