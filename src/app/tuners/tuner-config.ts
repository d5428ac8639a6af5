/** The tuner's config and schedule, kept in the control database (governance_settings, key `tuner`) so a restart keeps them. */
import { z } from 'zod';
import { TUNER_PROVIDERS, type TunerProvider } from './tuner.js';

/** The key the config is stored under. */
export const TUNER_CONFIG_KEY = 'tuner';

/** The model a provider uses when none is configured; the trader sets another with `model`. */
export const DEFAULT_MODELS: Readonly<Record<TunerProvider, string | null>> = {
  anthropic: 'claude-sonnet-4-6',
  openai: 'gpt-5.4-mini',
  ollama: 'llama3.1',
  offline: null,
};

/** The environment variable holding each provider's key (Ollama and the offline tuner need none). */
export const API_KEY_ENV: Readonly<Record<TunerProvider, string | null>> = {
  anthropic: 'ANTHROPIC_API_KEY',
  openai: 'OPENAI_API_KEY',
  ollama: null,
  offline: null,
};

export const TunerProviderSchema = z.enum(TUNER_PROVIDERS).describe('anthropic, openai or ollama (an LLM through its official SDK), or offline (the built-in search, no keys).');
export const TunerModelSchema = z.string().trim().min(1).max(200).describe('The model, as the provider names it.');
export const TunerBaseUrlSchema = z
  .url({ protocol: /^https?$/, error: 'must be an http or https URL' })
  .max(500)
  .describe('The provider’s endpoint: Anthropic’s API root, an OpenAI-compatible root ending in /v1, or the Ollama server (default http://127.0.0.1:11434).');

/** Least minutes between scheduled runs: each proposal starts a gate backtest, and the evidence changes slowly. */
export const MIN_INTERVAL_MINUTES = 15;

export const TunerScheduleSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('off').describe('Runs only on demand.') }).strict(),
    z
      .object({
        kind: z.literal('interval').describe('Every `minutes` of wall time.'),
        minutes: z.number().int().min(MIN_INTERVAL_MINUTES).max(7 * 24 * 60).describe(`Minutes between runs (${MIN_INTERVAL_MINUTES} to 10080).`),
      })
      .strict(),
    z
      .object({
        kind: z.literal('daily').describe('Once a day at `at`.'),
        at: z
          .string()
          .regex(/^([01]\d|2[0-3]):([0-5]\d)$/, 'must be HH:MM (24 h, exchange time)')
          .describe('The time of day, HH:MM in exchange time (IST for NSE and BSE), e.g. 15:45 after the close.'),
      })
      .strict(),
  ])
  .describe('When the tuner runs by itself: off, every N minutes, or daily at a time in exchange time. A run needs at least 30 closed trades in the agent’s book; a scheduled run with fewer is recorded as skipped.');

const FIELDS = {
  provider: TunerProviderSchema.describe('The provider scheduled runs use, and runs on demand that name none.'),
  model: TunerModelSchema.nullable().describe('The model; null for the provider’s default (anthropic claude-sonnet-4-6, openai gpt-5.4-mini, ollama llama3.1).'),
  baseUrl: TunerBaseUrlSchema.nullable().describe('The provider’s endpoint; null for its default (Anthropic’s and OpenAI’s public APIs, or ANTHROPIC_BASE_URL / OPENAI_BASE_URL; Ollama on http://127.0.0.1:11434).'),
  schedule: TunerScheduleSchema,
  timeoutSeconds: z.number().int().min(30).max(600).describe('How long one attempt may take before it is abandoned (30 to 600 s).'),
  attempts: z.number().int().min(1).max(5).describe('Attempts per run: a timeout, a dropped connection, 408, 409, 429 or 5xx is retried with backoff (1 s, 2 s, 4 s…).'),
};

export const TunerConfigSchema = z.object(FIELDS).strict().describe('The tuner’s config and schedule.');
export type TunerConfig = z.output<typeof TunerConfigSchema>;
export type TunerSchedule = TunerConfig['schedule'];

/** A change of the config: fields left out keep their value. */
export const TunerConfigPatchSchema = TunerConfigSchema.partial().strict().describe('The fields to change; the others keep their value.');

/** Until the trader sets one up, the offline tuner on demand only (it needs no keys). */
export const DEFAULT_TUNER_CONFIG: TunerConfig = {
  provider: 'offline',
  model: null,
  baseUrl: null,
  schedule: { kind: 'off' },
  timeoutSeconds: 60,
  attempts: 3,
};

/** What is stored: the config and when its schedule was last set (an interval counts from then until the first scheduled run). */
export interface StoredTunerConfig {
  readonly config: TunerConfig;
  readonly scheduleSetTs: number;
}
