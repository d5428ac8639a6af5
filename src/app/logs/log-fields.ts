/** Log fields as every surface shows them: money in rupees (the runtime logs paise), nothing that cannot be JSON. */
import { formatMajor } from '../../core/model/money.js';

/** Money fields of the runtime's log lines that carry paise (integers); log lines print them as rupees, like the display. */
export const PAISE_LOG_FIELDS: ReadonlySet<string> = new Set(['realisedNet', 'unrealisedNet', 'netPnl', 'grossPnl', 'charges']);

/** A log line's fields with paise amounts as rupee strings ("-955.60"). */
export function rupeeFields(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, PAISE_LOG_FIELDS.has(k) && Number.isSafeInteger(v) ? formatMajor(v as number) : v]));
}
