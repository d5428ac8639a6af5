/**
 * Option strikes from OpenAlgo: the nearest expiry (`expiry` answers DD-MMM-YY, which `optionsymbol`
 * does not accept as is: it wants DDMMMYY) and the symbol, lot size and tick size of ATM and offset
 * strikes (`optionsymbol`), as the broker has them today.
 */
import { z } from 'zod';
import { toMinor } from '../../core/model/money.js';
import { expiryCode, MONTH_CODES } from '../../sim/market/option-symbol.js';
import { OpenAlgoError, numeric, type OpenAlgoRest } from './openalgo-rest.js';

export type StrikeOffset = 'ATM' | `ITM${number}` | `OTM${number}`;

export interface ResolvedStrike {
  readonly offset: StrikeOffset;
  readonly optionType: 'CE' | 'PE';
  readonly symbol: string;
  readonly exchange: string;
  readonly lotSize: number;
  /** Tick size in paise. */
  readonly tickSize: number;
}

const MONTHS: readonly string[] = MONTH_CODES;

/** `expiry`'s DD-MMM-YY (or DDMMMYY, or YYYY-MM-DD) as `optionsymbol` wants it: DDMMMYY. Throws a RangeError naming the text otherwise. */
export function optionSymbolExpiry(text: string): string {
  const t = text.trim().toUpperCase();
  const m = /^(\d{1,2})-?([A-Z]{3})-?(\d{2})$/.exec(t);
  if (m !== null && MONTHS.includes(m[2]!)) return `${m[1]!.padStart(2, '0')}${m[2]}${m[3]}`;
  if (/^\d{4}-(0[1-9]|1[0-2])-\d{2}$/.test(t)) return expiryCode(t);
  throw new RangeError(`expiry: "${text.slice(0, 20)}" is not DD-MMM-YY, DDMMMYY or YYYY-MM-DD`);
}

/** DDMMMYY as an ISO date (for sorting and for the session's calendar). */
export function isoOfExpiry(ddmmmyy: string): string {
  const m = /^(\d{2})([A-Z]{3})(\d{2})$/.exec(ddmmmyy);
  const month = m === null ? -1 : MONTHS.indexOf(m[2]!);
  if (m === null || month < 0) throw new RangeError(`expiry: "${ddmmmyy}" is not DDMMMYY`);
  return `20${m[3]}-${String(month + 1).padStart(2, '0')}-${m[1]}`;
}

/** The nearest expiry on or after `today` (YYYY-MM-DD) of `underlying`'s options on `exchange` (NFO, BFO), as DDMMMYY. */
export async function nearestExpiry(rest: OpenAlgoRest, underlying: string, exchange: string, today: string): Promise<string> {
  const answer = await rest.call('expiry', { symbol: underlying, exchange, instrumenttype: 'options' });
  const list = z.array(z.string()).safeParse(answer.data);
  if (!list.success) throw new OpenAlgoError('bad_answer', 'expiry', 'no list of expiries in the answer');
  const upcoming = list.data
    .flatMap((e) => {
      try {
        const d = optionSymbolExpiry(e);
        return [{ d, iso: isoOfExpiry(d) }];
      } catch {
        return [];
      }
    })
    .filter((e) => e.iso >= today)
    .sort((a, b) => (a.iso < b.iso ? -1 : a.iso > b.iso ? 1 : 0));
  if (upcoming.length === 0) throw new OpenAlgoError('bad_answer', 'expiry', `no ${underlying} expiry on or after ${today}`);
  return upcoming[0]!.d;
}

const optionSymbolAnswer = z
  .object({ symbol: z.string().min(1), exchange: z.string().min(1), lotsize: numeric.optional(), lot_size: numeric.optional(), tick_size: numeric.optional(), ticksize: numeric.optional() })
  .loose();

/** The strikes at `offsets` for both option types, with the lot and tick sizes the broker answers (none assumed). */
export async function resolveStrikes(
  rest: OpenAlgoRest,
  o: { readonly underlying: string; readonly exchange: string; readonly expiry: string; readonly offsets: readonly StrikeOffset[] },
): Promise<ResolvedStrike[]> {
  const expiry = optionSymbolExpiry(o.expiry);
  const out: ResolvedStrike[] = [];
  for (const offset of o.offsets) {
    for (const optionType of ['CE', 'PE'] as const) {
      const answer = await rest.call('optionsymbol', { underlying: o.underlying, exchange: o.exchange, expiry_date: expiry, offset, option_type: optionType });
      const p = optionSymbolAnswer.safeParse(answer.data ?? answer);
      if (!p.success) throw new OpenAlgoError('bad_answer', 'optionsymbol', `no symbol for ${o.underlying} ${expiry} ${offset} ${optionType}`);
      const lot = p.data.lotsize ?? p.data.lot_size;
      const tick = p.data.tick_size ?? p.data.ticksize;
      if (lot === undefined || !Number.isSafeInteger(lot) || lot <= 0) throw new OpenAlgoError('bad_answer', 'optionsymbol', `${p.data.symbol}: no lot size in the answer`);
      if (tick === undefined || !(tick > 0)) throw new OpenAlgoError('bad_answer', 'optionsymbol', `${p.data.symbol}: no tick size in the answer`);
      out.push({ offset, optionType, symbol: p.data.symbol, exchange: p.data.exchange, lotSize: lot, tickSize: toMinor(tick) });
    }
  }
  return out;
}
