/** The trader's governance settings: auto-apply in paper, the cool-off between applies, the step limit and the gate's rule. */
import { z } from 'zod';

const FIELDS = {
  autoApplyPaper: z.boolean().describe('Apply a proposal that passed its gate without a human, only while the mode in force is paper.'),
  cooloffMinutes: z.number().int().min(0).max(24 * 60).describe('Feed minutes that must pass between two applies.'),
  maxStepFraction: z.number().gt(0).max(1).describe('Largest change of a numeric parameter in one proposal, as a share of its allowed range.'),
  gateDays: z.number().int().min(1).max(60).describe('Trading days the gate backtest runs on (after the data the proposal was fitted on).'),
  gateConfidence: z.number().gt(0.5).lt(1).describe('Confidence of the bootstrap interval the gate uses.'),
  gateMinTrades: z.number().int().min(1).max(10_000).describe('Trades the proposal must make in the gate window for its result to count.'),
};

export const GovernanceSettingsSchema = z.object(FIELDS).strict();
export type GovernanceSettings = z.output<typeof GovernanceSettingsSchema>;

/** A change of some settings: the fields left out keep their value (no defaults fill them in). */
export const GovernanceSettingsPatchSchema = GovernanceSettingsSchema.partial();

export const DEFAULT_GOVERNANCE_SETTINGS: GovernanceSettings = {
  autoApplyPaper: false,
  cooloffMinutes: 30,
  maxStepFraction: 0.25,
  gateDays: 5,
  gateConfidence: 0.9,
  gateMinTrades: 10,
};

/** The key the settings are stored under. */
export const GOVERNANCE_SETTINGS_KEY = 'governance';
