/** The bandit's settings and its stored state: the frozen base, the arms (absolute sets on it) and the decisions so far. */
import { z } from 'zod';
import type { Params } from '../../../core/params/schema.js';
import { BANDIT_ALGORITHMS, type ArmStats, type BanditAlgorithm } from './bandit-policy.js';

/** Most arms besides the base. */
export const MAX_ARMS = 8;

const SETTINGS = {
  enabled: z.boolean().describe('Decide by itself every tradesPerStep closed trades (bandit.step decides at any time).'),
  algorithm: z.enum(BANDIT_ALGORITHMS).describe('ucb1 (deterministic upper confidence bound) or thompson (sampling on the seeded RNG).'),
  allowLive: z.boolean().describe('Also decide while the mode in force is live (its proposals then need the trader’s token to apply, like any other). Off: paper only.'),
  tradesPerStep: z.number().int().min(1).max(10_000).describe('Closed trades of the agent between two decisions when enabled.'),
  seed: z.number().int().min(0).max(0xffffffff).describe('Seed of Thompson sampling’s draws (each decision draws from its own stream).'),
};

export const BanditSettingsSchema = z.object(SETTINGS).strict();
export type BanditSettings = z.output<typeof BanditSettingsSchema>;

export const DEFAULT_BANDIT_SETTINGS: BanditSettings = { enabled: false, algorithm: 'ucb1', allowLive: false, tradesPerStep: 20, seed: 1 };

/** A (re)configuration: settings left out keep their value; `arms` given freezes the version in force as the new base and starts the rewards afresh. */
export const BanditConfigureSchema = z
  .object({
    enabled: SETTINGS.enabled.optional(),
    algorithm: SETTINGS.algorithm.optional(),
    allowLive: SETTINGS.allowLive.optional(),
    tradesPerStep: SETTINGS.tradesPerStep.optional(),
    seed: SETTINGS.seed.optional(),
    arms: z
      .array(z.record(z.string(), z.unknown()).describe('Parameter → value, on the frozen base.'))
      .min(1)
      .max(MAX_ARMS)
      .optional()
      .describe(`The arms besides the base (arm 0), each parameter → value on the base (1..${MAX_ARMS}). Required the first time; giving them freezes the version in force as the base and starts the rewards afresh.`),
  })
  .strict();
export type BanditConfigureInput = z.output<typeof BanditConfigureSchema>;

/** An arm: the base with `diff` (absolute values, never relative to another arm), its version, and its rewards at the last decision. */
export interface BanditArm {
  readonly index: number;
  readonly diff: Readonly<Record<string, unknown>>;
  readonly version: string;
  readonly stats: ArmStats;
}

/** The stored bandit. */
export interface BanditRecord {
  readonly settings: BanditSettings;
  /** Frozen at configuration: the version in force then. It never moves. */
  readonly base: { readonly version: string; readonly preset: string; readonly params: Params };
  /** Arm 0 is the base itself. */
  readonly arms: readonly BanditArm[];
  /** Feed time of the configuration: trades exited before it belong to no arm. */
  readonly sinceTs: number;
  /** Decisions taken (the policy ran). */
  readonly steps: number;
  /** Feed time of the last decision. */
  readonly lastStepFeedTs: number;
  /** The last switch proposed. */
  readonly lastProposal: number | null;
  readonly configuredTs: number;
  readonly updatedTs: number;
}

export type StepOutcome = 'proposed' | 'stayed' | 'waiting' | 'refused';

export interface BanditStepRecord {
  readonly seq: number;
  /** The decision count when it happened. */
  readonly step: number;
  readonly ts: number;
  readonly feedTs: number;
  readonly trigger: 'manual' | 'trades';
  readonly outcome: StepOutcome;
  /** The arm chosen (proposed or stayed); null when no decision was taken. */
  readonly arm: number | null;
  readonly proposalId: number | null;
  readonly note: string;
}

/** The store as the bandit uses it (BanditStore implements it, in the control database). */
export interface BanditBook {
  bandit(): BanditRecord | undefined;
  /** Replaces the bandit and its arms in one transaction. */
  putBandit(r: BanditRecord): void;
  addStep(s: Omit<BanditStepRecord, 'seq'>): BanditStepRecord;
  /** Newest first. */
  steps(limit: number): BanditStepRecord[];
}

export type { BanditAlgorithm };
