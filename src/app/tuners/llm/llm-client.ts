/** What the LLM tuner needs of a provider: one structured completion, cancellable, with what came back and what it cost. Adapters over the official SDKs implement it. */

export const LLM_PROVIDERS = ['anthropic', 'openai', 'ollama'] as const;
export type LlmProvider = (typeof LLM_PROVIDERS)[number];

export interface LlmRequest {
  readonly system: string;
  readonly user: string;
  /** The answer's name and JSON Schema: the provider's own structured-output mechanism carries it (a forced tool, a JSON-schema response format, Ollama's format). */
  readonly schemaName: string;
  readonly schemaDescription: string;
  readonly schema: Readonly<Record<string, unknown>>;
  readonly maxOutputTokens: number;
  /** Aborts the call (shutdown, cancel). */
  readonly signal: AbortSignal;
}

export interface LlmReply {
  /** The model that answered, as the provider names it. */
  readonly model: string | null;
  /** The structured answer when the provider handed one over as an object (Anthropic's tool input); undefined otherwise. */
  readonly structured?: unknown;
  /** The answer's text (JSON when the structured output worked; anything when not). */
  readonly text: string;
  readonly tokens: { readonly input: number; readonly output: number } | null;
  /** The provider's stop reason when the answer hit the token limit (so it is cut off), else null. */
  readonly cutOff: string | null;
  /** The model declined to answer, in its words. */
  readonly refusal: string | null;
}

/** A call that failed: `retryable` for timeouts, dropped connections, 408/409/429 and 5xx; never for a cancel or a 4xx the request caused. */
export class LlmCallError extends Error {
  override readonly name = 'LlmCallError';
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status: number | null,
    readonly cancelled = false,
  ) {
    super(message);
  }
}

export interface LlmClient {
  readonly provider: LlmProvider;
  readonly model: string;
  /** The endpoint it calls (for the run's record). */
  readonly baseUrl: string;
  /** Throws LlmCallError. */
  complete(req: LlmRequest): Promise<LlmReply>;
}

/** Whether an HTTP status is worth another attempt. */
export const retryableStatus = (status: number): boolean => status === 408 || status === 409 || status === 429 || status >= 500;
