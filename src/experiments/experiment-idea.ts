/** An experiment idea as submitted: one zod schema shared by the CLI and (later) REST and MCP. */
import { z } from 'zod';
import { PRESET_NAMES } from '../core/params/presets.js';

/** The metrics an experiment can target; higher is better for each. */
export const TARGET_METRICS = ['netPnlPerTrade', 'netPnl', 'sharpe', 'profitFactor', 'winRate', 'sqn'] as const;
export type TargetMetric = (typeof TARGET_METRICS)[number];

export const ExperimentIdeaSchema = z
  .object({
    title: z.string().trim().min(3).max(120).describe('Short name of the idea.'),
    hypothesis: z.string().max(4000).describe('Why it might work. Stored and shown as untrusted text.'),
    overrides: z.record(z.string(), z.unknown()).describe('Parameter overrides to test, validated by the parameter schema.'),
    basePreset: z.enum(PRESET_NAMES as [string, ...string[]]).default('nifty_normal').describe('Preset the overrides apply to (also the baseline).'),
    dataset: z
      .string()
      .min(1)
      .max(500)
      .describe('Data to test on: a recording/CSV path, or sim:UNDERLYING:SEED:START:DAYS (e.g. sim:NIFTY:7:2026-01-05:10).'),
    targetMetric: z.enum(TARGET_METRICS).default('netPnlPerTrade').describe('Metric that must beat the baseline (higher is better).'),
    budget: z
      .object({
        quickFraction: z.number().gt(0).lt(1).default(0.3).describe('Share of the dataset’s days (the earliest) used for the quick test.'),
      })
      .strict()
      .default({ quickFraction: 0.3 })
      .describe('How much data each stage uses; validation uses the remaining later days (out of sample).'),
    submitter: z.string().trim().min(1).max(80).describe('Who submitted it (a person, an agent name).'),
    idempotencyKey: z.string().min(1).max(200).describe('Same key + same content returns the existing experiment; same key + different content is refused.'),
  })
  .strict();

export type ExperimentIdea = z.output<typeof ExperimentIdeaSchema>;

export type ExperimentStatus = 'pending' | 'running' | 'passed_quick' | 'rejected' | 'validating' | 'validated' | 'failed_validation' | 'error';

export type ExperimentOrigin = 'human' | 'agent' | 'meta';

/** One stage's evidence: candidate vs baseline on the same days. */
export interface StageResult {
  readonly dates: readonly string[];
  readonly candidate: StageMetrics;
  readonly baseline: StageMetrics;
  /** Bootstrap CI of the difference in net P&L per trade (candidate − baseline), minor units; null when a side has no trades. */
  readonly difference: { readonly mean: number; readonly ci: readonly [number, number]; readonly significant: boolean } | null;
}

export interface StageMetrics {
  readonly trades: number;
  readonly netPnl: number;
  readonly netPnlPerTrade: number;
  readonly winRate: number;
  readonly profitFactor: number | null;
  readonly sharpe: number | null;
  readonly sqn: number | null;
  readonly runKey: string;
}

export interface Experiment {
  readonly id: number;
  readonly idempotencyKey: string;
  readonly title: string;
  /** Untrusted text written by whoever submitted the idea. */
  readonly hypothesis: string;
  readonly overrides: Readonly<Record<string, unknown>>;
  readonly basePreset: string;
  readonly dataset: string;
  readonly targetMetric: TargetMetric;
  readonly budget: { readonly quickFraction: number };
  readonly submitter: string;
  readonly origin: ExperimentOrigin;
  readonly status: ExperimentStatus;
  readonly createdTs: number;
  readonly updatedTs: number;
  readonly quick: StageResult | null;
  readonly validation: StageResult | null;
  readonly reason: string | null;
  /** The trader's verdict, null until reviewed. */
  readonly review: ExperimentReview | null;
}

/** A human verdict on an experiment. */
export interface ExperimentReview {
  readonly verdict: 'approved' | 'rejected';
  readonly by: string;
  readonly ts: number;
  readonly note: string | null;
}
