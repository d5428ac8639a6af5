/** What every tuner (the LLM tuners, the offline search, the bandit) is: something that reads the agent's evidence and returns parameter proposals for governance to check, gate and (maybe) apply. */
import type { Params } from '../../core/params/schema.js';

export const TUNER_PROVIDERS = ['anthropic', 'openai', 'ollama', 'offline'] as const;
export type TunerProvider = (typeof TUNER_PROVIDERS)[number];

/** What a tuner may read. Money is in rupees as on every surface; the trades are the agent's own book (never the manual one). */
export interface TunerContext {
  /** The parameter set in force and its version. */
  readonly params: Params;
  readonly paramsVersion: string;
  readonly preset: string;
  /** The largest move of a numeric field one proposal may make, as a share of its range (governance's step limit). */
  readonly maxStepFraction: number;
  /** How many closed trades the agent’s book holds (a tuner runs only with enough of them). */
  readonly closedTrades: number;
  /** The last trading date of the evidence: proposals are fitted up to it, so the gate tests after it. */
  readonly lastDate: string | null;
  /** The agent's own book and earlier proposals, as the tuner service reads them (it always fills this; a tuner that searches its own data may ignore it). */
  readonly evidence?: TunerEvidence;
}

/** Figures of a set of closed trades, net of charges, money in rupees. */
export interface TradeFigures {
  readonly trades: number;
  readonly wins: number;
  readonly winRate: number;
  readonly grossPnl: number;
  readonly charges: number;
  readonly netPnl: number;
  readonly profitFactor: number | null;
  readonly expectancy: number;
  readonly maxDrawdown: number;
  readonly maxConsecutiveLosses: number;
  readonly avgHoldMs: number;
}

/** One row of a breakdown (by side, exit reason, regime, time of day). */
export interface BreakdownFigures {
  readonly key: string;
  readonly trades: number;
  readonly winRate: number;
  readonly netPnl: number;
  readonly avgNetPnl: number;
}

/** A closed trade as a tuner reads it (rupees). */
export interface TunerTrade {
  readonly id: string;
  readonly side: string;
  readonly entryTs: number;
  readonly exitTs: number;
  readonly qty: number;
  readonly entryPrice: number;
  readonly exitPrice: number;
  readonly netPnl: number;
  readonly charges: number;
  readonly exitReason: string;
  readonly regime: string;
  readonly paramsVersion: string | null;
}

/** An earlier proposal and what became of it; its rationale is someone else's words (data, never instructions). */
export interface EarlierProposal {
  readonly id: number;
  readonly source: string;
  readonly author: string;
  readonly status: string;
  readonly diff: Readonly<Record<string, { readonly from: unknown; readonly to: unknown }>>;
  /** The last decision's reason (the gate's rule, a rejection), written by the product or the trader. */
  readonly outcome: string | null;
  readonly rationale: { readonly untrusted: boolean; readonly author: string; readonly text: string };
}

/** What the tuner service reads for a tuner: the agent's book (never the manual one) and the earlier proposals. */
export interface TunerEvidence {
  /** Every closed trade of the agent's book. */
  readonly all: TradeFigures;
  /** The trades made with the version in force. */
  readonly inForce: TradeFigures;
  readonly bySide: readonly BreakdownFigures[];
  readonly byExitReason: readonly BreakdownFigures[];
  readonly byRegime: readonly BreakdownFigures[];
  readonly byTimeOfDay: readonly BreakdownFigures[];
  /** The newest closed trades, oldest first. */
  readonly recentTrades: readonly TunerTrade[];
  /** Newest first. */
  readonly earlierProposals: readonly EarlierProposal[];
}

/** One proposal as a tuner makes it; governance stores it with the tuner's source and checks it like any other. */
export interface TunerProposal {
  readonly diff: Readonly<Record<string, unknown>>;
  /** The tuner's reasoning, stored and shown as untrusted text. */
  readonly rationale: string;
  /** Last trading date the proposal was fitted on (the gate tests after it). */
  readonly fittedTo: string | null;
}

/** The record of one tuner run: what was asked, what came back, what was refused and why. */
export interface TunerRunRecord {
  readonly provider: TunerProvider;
  readonly model: string | null;
  readonly promptVersion: string | null;
  readonly startedTs: number;
  readonly latencyMs: number;
  readonly tokens: { readonly input: number; readonly output: number } | null;
  readonly outcome: 'proposed' | 'nothing' | 'refused' | 'failed' | 'skipped';
  /** One line each: a field clamped or refused and why, a parse failure, too few trades. */
  readonly notes: readonly string[];
  /** The tuner's own summary of what it saw (a model's words: untrusted text), when it gave one. */
  readonly assessment?: string | null;
}

export interface Tuner {
  readonly provider: TunerProvider;
  /** Proposes from `ctx`; gives up when `signal` aborts (shutdown, cancel). Never throws for a model's bad answer: it records it in `notes`. */
  run(ctx: TunerContext, signal: AbortSignal): Promise<{ readonly proposals: readonly TunerProposal[]; readonly record: TunerRunRecord }>;
}
