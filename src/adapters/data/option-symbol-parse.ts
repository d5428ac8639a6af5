/** Reads an OpenAlgo option symbol (NIFTY06JAN2625800CE, SPXW04JAN213700PE) back into root, expiry, strike and right. */
import type { OptionRight } from '../../core/model/instrument.js';
import { toMinor } from '../../core/model/money.js';

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const PATTERN = /^([A-Z][A-Z0-9&]*?)(\d{2})(JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)(\d{2})(\d+(?:\.\d+)?)(CE|PE)$/;

export interface ParsedOptionSymbol {
  readonly root: string;
  readonly expiryDate: string;
  /** Minor units. */
  readonly strike: number;
  readonly right: OptionRight;
}

/** The parts of an option symbol, or undefined when `symbol` is not one (an index or stock). */
export function parseOptionSymbol(symbol: string): ParsedOptionSymbol | undefined {
  const m = PATTERN.exec(symbol);
  if (m === null) return undefined;
  const [, root, dd, mon, yy, strike, right] = m;
  if (root === undefined || dd === undefined || mon === undefined || yy === undefined || strike === undefined) return undefined;
  const month = MONTHS.indexOf(mon) + 1;
  const day = Number(dd);
  if (day < 1 || day > 31) return undefined;
  return {
    root,
    expiryDate: `20${yy}-${String(month).padStart(2, '0')}-${dd}`,
    strike: toMinor(Number(strike)),
    right: right === 'CE' ? 'CE' : 'PE',
  };
}

/** The index an option root belongs to (SPXW weeklies are SPX options). */
export function underlyingOfRoot(root: string): string {
  return root === 'SPXW' ? 'SPX' : root;
}
