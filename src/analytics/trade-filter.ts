/** TradeFilter applied to closed trades (time on exitTs) and fill events (time on ts): every set field must match. */
import type { ClosedTradeRecord, TradeEventRecord, TradeFilter } from '../core/model/book-records.js';

type Filterable = Pick<ClosedTradeRecord, 'mode' | 'source' | 'symbol' | 'side' | 'underlying' | 'preset' | 'paramsVersion'>;

const FIELDS = ['mode', 'source', 'symbol', 'side', 'underlying', 'preset', 'paramsVersion', 'fromTs', 'toTs'] as const;

/** True when no field of the filter is set (then filtering is a plain copy). */
const isEmpty = (f: TradeFilter): boolean => FIELDS.every((k) => f[k] === undefined);

function matches(r: Filterable, ts: number, f: TradeFilter): boolean {
  return (
    (f.mode === undefined || r.mode === f.mode) &&
    (f.source === undefined || r.source === f.source) &&
    (f.symbol === undefined || r.symbol === f.symbol) &&
    (f.side === undefined || r.side === f.side) &&
    (f.underlying === undefined || r.underlying === f.underlying) &&
    (f.preset === undefined || r.preset === f.preset) &&
    (f.paramsVersion === undefined || r.paramsVersion === f.paramsVersion) &&
    (f.fromTs === undefined || ts >= f.fromTs) &&
    (f.toTs === undefined || ts < f.toTs)
  );
}

/** Closed trades matching every set field of `filter`; the time range is on exitTs, fromTs inclusive, toTs exclusive. */
export function filterTrades(trades: readonly ClosedTradeRecord[], filter: TradeFilter): ClosedTradeRecord[] {
  if (isEmpty(filter)) return trades.slice();
  const out: ClosedTradeRecord[] = [];
  for (const t of trades) if (matches(t, t.exitTs, filter)) out.push(t);
  return out;
}

/** Fill events matching every set field of `filter`; the time range is on ts, fromTs inclusive, toTs exclusive. */
export function filterEvents(events: readonly TradeEventRecord[], filter: TradeFilter): TradeEventRecord[] {
  if (isEmpty(filter)) return events.slice();
  const out: TradeEventRecord[] = [];
  for (const e of events) if (matches(e, e.ts, filter)) out.push(e);
  return out;
}
