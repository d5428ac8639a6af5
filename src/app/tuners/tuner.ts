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
  /** Closed trades of the agent's book, oldest first. */
  readonly closedTrades: number;
  /** The last trading date of the evidence: proposals are fitted up to it, so the gate tests after it. */
  readonly lastDate: string | null;
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
}

export interface Tuner {
  readonly provider: TunerProvider;
  /** Proposes from `ctx`; gives up when `signal` aborts (shutdown, cancel). Never throws for a model's bad answer: it records it in `notes`. */
  run(ctx: TunerContext, signal: AbortSignal): Promise<{ readonly proposals: readonly TunerProposal[]; readonly record: TunerRunRecord }>;
}
