/** The filter fields shared by the analytics and trades queries, validated strictly, and their translation to a TradeFilter. */
import { z } from 'zod';
import type { TradeFilter } from '../../core/model/book-records.js';
import { invalidInput } from '../errors.js';

/** A time bound: epoch milliseconds, or an ISO-8601 date/time (a date alone means 00:00 IST). */
const TimeBound = z.union([z.number().int().min(0), z.string().min(1)]).describe('Epoch ms or ISO-8601 (YYYY-MM-DD means 00:00 IST).');

export const BookQuerySchema = z
  .object({
    book: z.enum(['auto', 'manual']).default('auto').describe('Which book: the agent’s trades (auto) or the trader’s manual trades.'),
    mode: z.enum(['PAPER', 'LIVE']).optional().describe('Only paper or only live trades.'),
    source: z.enum(['agent', 'scalping', 'chart']).optional().describe('Only trades from this source.'),
    symbol: z.string().min(1).optional().describe('Only this option symbol.'),
    side: z.enum(['CE', 'PE']).optional().describe('Only calls or only puts.'),
    underlying: z.string().min(1).optional().describe('Only this underlying, e.g. NIFTY.'),
    preset: z.string().min(1).optional().describe('Only trades entered under this preset.'),
    paramsVersion: z.string().min(1).optional().describe('Only trades entered under this parameter version.'),
    from: TimeBound.optional().describe('Inclusive start of the time range (exit time for trades).'),
    to: TimeBound.optional().describe('Exclusive end of the time range.'),
  })
  .strict();

export type BookQuery = z.output<typeof BookQuerySchema>;

const IST_OFFSET_MS = 330 * 60_000;

/** Parses a time bound; throws INVALID_INPUT naming the field. */
export function parseTimeBound(field: string, value: number | string): number {
  if (typeof value === 'number') return value;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const ms = Date.parse(`${value}T00:00:00Z`);
    if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== value) throw invalidInput([{ field, rule: `must be a real date, got ${value}` }]);
    return ms - IST_OFFSET_MS;
  }
  const ms = Date.parse(value);
  if (Number.isNaN(ms) || !/\d{4}-\d{2}-\d{2}T/.test(value)) throw invalidInput([{ field, rule: `must be epoch ms or ISO-8601, got ${value.slice(0, 40)}` }]);
  return ms;
}

/** The TradeFilter of a validated query. */
export function toTradeFilter(q: BookQuery): TradeFilter {
  const f: { -readonly [K in keyof TradeFilter]: TradeFilter[K] } = {};
  if (q.mode !== undefined) f.mode = q.mode;
  if (q.source !== undefined) f.source = q.source;
  if (q.symbol !== undefined) f.symbol = q.symbol;
  if (q.side !== undefined) f.side = q.side;
  if (q.underlying !== undefined) f.underlying = q.underlying;
  if (q.preset !== undefined) f.preset = q.preset;
  if (q.paramsVersion !== undefined) f.paramsVersion = q.paramsVersion;
  if (q.from !== undefined) f.fromTs = parseTimeBound('from', q.from);
  if (q.to !== undefined) f.toTs = parseTimeBound('to', q.to);
  if (f.fromTs !== undefined && f.toTs !== undefined && f.toTs <= f.fromTs) throw invalidInput([{ field: 'to', rule: 'must be after from' }]);
  return f;
}
