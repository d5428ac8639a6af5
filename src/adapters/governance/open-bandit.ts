/** Composes the bandit on the control database: its store, the agent's book for rewards, lot sizes from the contract tables, and the trade events that make it decide. */
import type { EventBus } from '../../app/events/event-bus.js';
import type { Governance } from '../../app/governance/governance.js';
import { Bandit } from '../../app/tuners/bandit/bandit.js';
import type { ContractCalendar } from '../../core/calendar/contract-terms.js';
import type { ClosedTradeRecord, TradeFilter } from '../../core/model/book-records.js';
import type { Logger } from '../../core/ports.js';
import { contractCalendarOf, type SimConfig } from '../../sim/market/sim-config.js';
import { BanditStore } from '../store/bandit-store.js';

export interface OpenBanditOptions {
  readonly controlPath: string;
  readonly governance: Governance;
  /** The agent's book (never the manual one). */
  readonly book: { closedTrades(filter?: TradeFilter): ClosedTradeRecord[] };
  /** The instruments file: each underlying's lot sizes by date. */
  readonly simConfig: SimConfig;
  readonly engine: { feedClock(): { readonly ts: number; readonly tradingDate: string | null } | null };
  readonly mode: () => 'paper' | 'live';
  readonly now: () => number;
  /** The daemon's events: with them the bandit decides after every tradesPerStep closed trades when enabled. */
  readonly events?: EventBus;
  readonly log?: Logger;
}

export function openBandit(o: OpenBanditOptions): { readonly bandit: Bandit; close(): void } {
  const store = BanditStore.open(o.controlPath);
  const calendars = new Map<string, ContractCalendar>();
  const lotSize = (t: ClosedTradeRecord): number => {
    let calendar = calendars.get(t.underlying);
    if (calendar === undefined) {
      calendar = contractCalendarOf(o.simConfig, t.underlying);
      calendars.set(t.underlying, calendar);
    }
    return calendar.contractSpecOn(t.tradingDate).lotSize;
  };
  const bandit = new Bandit({
    store,
    governance: o.governance,
    trades: (filter) => o.book.closedTrades(filter),
    lotSize,
    mode: o.mode,
    feedClock: () => o.engine.feedClock(),
    now: o.now,
    ...(o.log === undefined ? {} : { log: (level, message, fields) => o.log!.log(level, message, fields) }),
  });
  const detach = o.events === undefined ? () => undefined : bandit.attach(o.events);
  return {
    bandit,
    close: () => {
      detach();
      store.close();
    },
  };
}
