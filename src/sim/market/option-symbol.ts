/** OpenAlgo option symbols: underlying + DDMMMYY expiry + strike + CE/PE, e.g. NIFTY25NOV2525800CE. */
import type { OptionRight } from '../../core/model/instrument.js';
import { formatMajor } from '../../core/model/money.js';

/** Month codes as OpenAlgo's symbols and expiry dates write them. */
export const MONTH_CODES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] as const;

/** DDMMMYY of a YYYY-MM-DD date, e.g. 2025-11-25 → 25NOV25. */
export function expiryCode(date: string): string {
  const match = /^\d{2}(\d{2})-(\d{2})-(\d{2})$/.exec(date);
  const month = match === null ? undefined : MONTH_CODES[Number(match[2]) - 1];
  if (match === null || month === undefined) throw new RangeError(`expiry must be YYYY-MM-DD, got ${date}`);
  return `${match[3]}${month}${match[1]}`;
}

/** Strike as OpenAlgo writes it: whole points without decimals, otherwise trailing zeros trimmed (20800.5). */
function strikeText(strikeMinor: number): string {
  return formatMajor(strikeMinor).replace(/\.?0+$/, '');
}

/** OpenAlgo symbol of an index option; the strike is in minor units. */
export function optionSymbol(underlying: string, expiryDate: string, strikeMinor: number, right: OptionRight): string {
  return `${underlying}${expiryCode(expiryDate)}${strikeText(strikeMinor)}${right}`;
}
