/** Small record builders for hand-written analytics cases: IST, Monday 5 Jan 2026, everything overridable. */
import type { ClosedTradeRecord, TradeEventRecord } from '../../src/core/model/book-records.js';

export const IST = 330;
const MIN = 60_000;
/** Epoch ms of an IST wall time on 2026-01-05 (a Monday) plus `dayOffset` days. */
export const ist = (hh: number, mm: number, dayOffset = 0): number =>
  Date.UTC(2026, 0, 5 + dayOffset, hh, mm) - IST * MIN;

/** A closed trade; pass `net` (and optionally `charges`) and the gross follows, or override anything. */
export function trade(over: Partial<ClosedTradeRecord> & { net?: number } = {}): ClosedTradeRecord {
  const { net = 0, ...rest } = over;
  const charges = rest.charges ?? 0;
  const base: ClosedTradeRecord = {
    tradeId: 'T1',
    mode: 'PAPER',
    source: 'agent',
    underlying: 'NIFTY',
    exchange: 'NFO',
    symbol: 'NIFTY26JAN24000CE',
    side: 'CE',
    qty: 75,
    entryTs: ist(9, 20),
    exitTs: ist(9, 25),
    entryPrice: 10_000,
    exitPrice: 10_000,
    grossPnl: net + charges,
    charges,
    netPnl: net,
    exitReason: 'take_profit',
    preset: 'nifty_normal',
    paramsVersion: 'pv-a',
    regime: 'TRENDING',
    tradingDate: '2026-01-05',
    utcOffsetMin: IST,
  };
  return { ...base, ...rest, grossPnl: rest.grossPnl ?? base.grossPnl, netPnl: rest.netPnl ?? net };
}

/** A fill event, BUY ENTRY at 100.00 with no signal or latency unless overridden. */
export function fill(over: Partial<TradeEventRecord> = {}): TradeEventRecord {
  return {
    eventId: 'E1',
    tradeId: 'T1',
    kind: 'ENTRY',
    ts: ist(9, 20),
    tradingDate: '2026-01-05',
    mode: 'PAPER',
    source: 'agent',
    underlying: 'NIFTY',
    exchange: 'NFO',
    symbol: 'NIFTY26JAN24000CE',
    side: 'CE',
    action: 'BUY',
    qty: 75,
    price: 10_000,
    signalPrice: null,
    latencyMs: null,
    charges: 0,
    positionQty: null,
    reason: 'entry',
    preset: 'nifty_normal',
    paramsVersion: 'pv-a',
    contextJson: null,
    ...over,
  };
}
