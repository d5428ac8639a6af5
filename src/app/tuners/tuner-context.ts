/** Builds what a tuner reads: the set in force (from governance), the agent's own closed trades net of charges (never the manual book), and the earlier proposals with their outcomes. */
import { analyze } from '../../analytics/analyze.js';
import type { BreakdownRow } from '../../analytics/breakdown-row.js';
import type { TradeSummary } from '../../analytics/trade-summary.js';
import type { ClosedTradeRecord } from '../../core/model/book-records.js';
import type { Governance } from '../governance/governance.js';
import type { BreakdownFigures, EarlierProposal, TradeFigures, TunerContext, TunerTrade } from './tuner.js';

/** Newest closed trades shown to a tuner. */
export const RECENT_TRADES = 30;
/** Newest proposals shown to a tuner. */
export const EARLIER_PROPOSALS = 10;

const rupees = (minor: number): number => Math.round(minor) / 100;
const ratio = (x: number): number => Math.round(x * 10_000) / 10_000;

const figures = (s: TradeSummary): TradeFigures => ({
  trades: s.trades,
  wins: s.wins,
  winRate: ratio(s.winRate),
  grossPnl: rupees(s.grossPnl),
  charges: rupees(s.charges),
  netPnl: rupees(s.netPnl),
  profitFactor: s.profitFactor === null ? null : Math.round(s.profitFactor * 100) / 100,
  expectancy: rupees(s.expectancy),
  maxDrawdown: rupees(s.maxDrawdown),
  maxConsecutiveLosses: s.maxConsecutiveLosses,
  avgHoldMs: Math.round(s.avgHoldMs),
});

const rows = (list: readonly BreakdownRow[]): BreakdownFigures[] => list.map((r) => ({ key: r.key, trades: r.trades, winRate: ratio(r.winRate), netPnl: rupees(r.netPnl), avgNetPnl: rupees(r.avgNetPnl) }));

const trade = (t: ClosedTradeRecord): TunerTrade => ({
  id: t.tradeId,
  side: t.side,
  entryTs: t.entryTs,
  exitTs: t.exitTs,
  qty: t.qty,
  entryPrice: rupees(t.entryPrice),
  exitPrice: rupees(t.exitPrice),
  netPnl: rupees(t.netPnl),
  charges: rupees(t.charges),
  exitReason: t.exitReason,
  regime: t.regime,
  paramsVersion: t.paramsVersion,
});

/** The context of a run, or why there is none to run on (the engine never started). `trades` are the agent book's closed trades in exit order. */
export function buildTunerContext(governance: Governance, trades: readonly ClosedTradeRecord[]): TunerContext | { readonly skip: string } {
  const base = governance.inForce();
  if (base === null) return { skip: 'the engine has not been started: there is no parameter set in force to tune' };
  const all = analyze({ trades, events: [], intervalMin: 60 });
  const inForce = analyze({ trades: trades.filter((t) => t.paramsVersion === base.id), events: [] });
  const earlierProposals: EarlierProposal[] = governance.list(undefined, EARLIER_PROPOSALS).map((p) => ({
    id: p.id,
    source: p.source,
    author: p.author,
    status: p.status,
    diff: p.diff,
    outcome: p.reason,
    rationale: p.rationale,
  }));
  return {
    params: base.params,
    paramsVersion: base.id,
    preset: base.preset,
    maxStepFraction: governance.settings().maxStepFraction,
    closedTrades: trades.length,
    lastDate: trades.length === 0 ? null : trades.reduce((d, t) => (t.tradingDate > d ? t.tradingDate : d), trades[0]!.tradingDate),
    evidence: {
      all: figures(all.summary),
      inForce: figures(inForce.summary),
      bySide: rows(all.bySide),
      byExitReason: rows(all.byExitReason),
      byRegime: rows(all.byRegime),
      byTimeOfDay: rows(all.byTimeOfDay),
      recentTrades: trades.slice(-RECENT_TRADES).map(trade),
      earlierProposals,
    },
  };
}
