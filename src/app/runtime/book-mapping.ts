/** Turns kernel events into book records (fills, closed trades, other events) with the context the original logged. */
import { tradingDate } from '../../core/calendar/exchange-time.js';
import type { ClosedTradeRecord, FillKind, OtherEventRecord, TradeEventRecord, TradeMode } from '../../core/model/book-records.js';
import type { KernelEvent, Regime, TradeFillEvent } from '../../core/model/events.js';
import type { Instrument, OptionInstrument, Universe } from '../../core/model/instrument.js';

const FILL_KIND: Readonly<Record<TradeFillEvent['kind'], FillKind>> = {
  Entry: 'ENTRY',
  Average: 'AVERAGE',
  PartialExit: 'PARTIAL_EXIT',
  Exit: 'EXIT',
};

/** The mapped form of one kernel event: exactly one of the three fields is set. */
export interface MappedEvent {
  readonly fill?: TradeEventRecord;
  readonly trade?: ClosedTradeRecord;
  readonly other?: OtherEventRecord;
}

interface EntryFacts {
  readonly regime: Regime;
  readonly preset: string | null;
  readonly paramsVersion: string | null;
}

/** Stateful only for what a closed trade needs from its entry (regime, preset, parameter version). */
export class BookMapper {
  private readonly entries = new Map<string, EntryFacts>();

  constructor(
    private readonly universe: Universe,
    private readonly underlying: Instrument,
    private readonly mode: TradeMode,
  ) {}

  /** Seeds the entry facts of a trade restored from the book after a restart. */
  seedEntry(fill: TradeEventRecord): void {
    const context = fill.contextJson === null ? null : (JSON.parse(fill.contextJson) as { regime?: Regime });
    this.entries.set(fill.tradeId, { regime: context?.regime ?? 'UNKNOWN', preset: fill.preset, paramsVersion: fill.paramsVersion });
  }

  map(e: KernelEvent): MappedEvent {
    switch (e.kind) {
      case 'Entry':
      case 'Average':
      case 'PartialExit':
      case 'Exit': {
        const inst = this.universe.instruments[e.instrument] as OptionInstrument;
        const fill: TradeEventRecord = {
          eventId: e.id,
          tradeId: e.tradeId,
          kind: FILL_KIND[e.kind],
          ts: e.ts,
          tradingDate: tradingDate(e.ts, inst.utcOffsetMin),
          mode: this.mode,
          source: 'agent',
          underlying: inst.underlying,
          exchange: inst.exchange,
          symbol: e.symbol,
          side: e.side,
          action: e.action,
          qty: e.qty,
          price: e.price,
          signalPrice: e.signalPrice,
          latencyMs: e.latencyMs,
          charges: e.charges,
          positionQty: e.positionQty,
          reason: e.reason,
          preset: e.context.preset,
          paramsVersion: e.context.paramsVersion,
          contextJson: JSON.stringify(e.context),
        };
        if (e.kind === 'Entry') this.seedEntry(fill);
        return { fill };
      }
      case 'TradeClosed': {
        const t = e.trade;
        const inst = this.universe.instruments[t.instrument] as OptionInstrument;
        const facts = this.entries.get(t.id);
        this.entries.delete(t.id);
        const trade: ClosedTradeRecord = {
          tradeId: t.id,
          mode: this.mode,
          source: 'agent',
          underlying: inst.underlying,
          exchange: inst.exchange,
          symbol: t.symbol,
          side: t.side,
          qty: t.qty,
          entryTs: t.entryTs,
          exitTs: t.exitTs,
          entryPrice: t.entryPrice,
          exitPrice: t.exitPrice,
          grossPnl: t.grossPnl,
          charges: t.charges,
          netPnl: t.netPnl,
          exitReason: t.exitReason,
          preset: facts?.preset ?? null,
          paramsVersion: facts?.paramsVersion ?? null,
          regime: facts?.regime ?? 'UNKNOWN',
          tradingDate: tradingDate(t.exitTs, inst.utcOffsetMin),
          utcOffsetMin: inst.utcOffsetMin,
        };
        return { trade };
      }
      case 'OrderSubmitted':
      case 'OrderRejected':
      case 'RiskDenied':
      case 'ParamsApplied':
      case 'TradingStateChanged':
      case 'StrikesRolled':
      case 'StopMoved':
      case 'ExitStuck':
      case 'PresetSwitched':
        return { other: { eventId: e.id, ts: e.ts, kind: e.kind, json: JSON.stringify(e) } };
    }
  }

  /** The underlying's symbol (for status lines). */
  get underlyingSymbol(): string {
    return this.underlying.symbol;
  }
}
