/** Makes the tuner of a run: an LLM tuner over the provider's official SDK with the key from the environment, or the offline tuner. */
import { AppError } from '../../app/errors.js';
import { createLlmTuner } from '../../app/tuners/llm/llm-tuner.js';
import type { LlmClient } from '../../app/tuners/llm/llm-client.js';
import type { PromptSet } from '../../app/tuners/llm/render-prompt.js';
import { API_KEY_ENV } from '../../app/tuners/tuner-config.js';
import type { TunerFactory, TunerRequest } from '../../app/tuners/tuner-service.js';
import type { Tuner } from '../../app/tuners/tuner.js';
import { anthropicClient } from './anthropic-client.js';
import { ollamaClient } from './ollama-client.js';
import { openAiClient } from './openai-client.js';

export interface LlmTunersOptions {
  /** Where the keys are read (the daemon's process.env). */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly prompts: () => PromptSet;
  readonly now: () => number;
  /** The offline tuner of a run, when this build has one. */
  readonly offline?: (r: TunerRequest) => Tuner;
  /** The wait before the first retry (1 s; tests shorten it). */
  readonly backoffMs?: number;
  /** Output tokens a model may spend on its answer. */
  readonly maxOutputTokens?: number;
}

function keyOf(env: LlmTunersOptions['env'], provider: 'anthropic' | 'openai'): string {
  const name = API_KEY_ENV[provider]!;
  const key = env[name];
  if (key === undefined || key.trim() === '') {
    throw new AppError('UNAVAILABLE', `${name} is not set in the daemon's environment: the ${provider} tuner needs it`, {
      hint: `start \`scalper serve\` with ${name} set, or run the tuner with --provider ollama or offline (docs/tuning.md)`,
    });
  }
  return key;
}

export function llmTuners(o: LlmTunersOptions): TunerFactory {
  return (r) => {
    const model = r.model ?? '';
    let client: LlmClient;
    switch (r.provider) {
      case 'offline':
        if (o.offline === undefined) {
          throw new AppError('UNAVAILABLE', 'the offline tuner searches on the job service, which is not running in this process', { hint: 'run `scalper serve` with its API (not --no-http), or an LLM provider: anthropic, openai or ollama' });
        }
        return o.offline(r);
      case 'anthropic':
        client = anthropicClient({ apiKey: keyOf(o.env, 'anthropic'), model, baseUrl: r.baseUrl, timeoutMs: r.timeoutMs });
        break;
      case 'openai':
        client = openAiClient({ apiKey: keyOf(o.env, 'openai'), model, baseUrl: r.baseUrl, timeoutMs: r.timeoutMs });
        break;
      case 'ollama':
        client = ollamaClient({ model, baseUrl: r.baseUrl, timeoutMs: r.timeoutMs });
        break;
    }
    return createLlmTuner({ client, prompts: o.prompts(), attempts: r.attempts, backoffMs: o.backoffMs ?? 1000, maxOutputTokens: o.maxOutputTokens ?? 4096, now: o.now });
  };
}
