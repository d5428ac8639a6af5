/** The LLM client over the official OpenAI SDK (Chat Completions): the answer's schema goes as a strict JSON-schema response format. */
import OpenAI from 'openai';
import { LlmCallError, type LlmClient, type LlmReply, type LlmRequest } from '../../app/tuners/llm/llm-client.js';
import { asLlmCallError } from './sdk-errors.js';

export interface OpenAiClientOptions {
  readonly apiKey: string;
  readonly model: string;
  /** The API's root ending in /v1 (the SDK's default, or OPENAI_BASE_URL, when null); any OpenAI-compatible server. */
  readonly baseUrl: string | null;
  readonly timeoutMs: number;
}

export function openAiClient(o: OpenAiClientOptions): LlmClient {
  // Retries are the tuner's (with its backoff and a note per attempt), so the SDK makes one attempt.
  const sdk = new OpenAI({ apiKey: o.apiKey, timeout: o.timeoutMs, maxRetries: 0, ...(o.baseUrl === null ? {} : { baseURL: o.baseUrl }) });
  return {
    provider: 'openai',
    model: o.model,
    baseUrl: sdk.baseURL,
    async complete(req: LlmRequest): Promise<LlmReply> {
      let out: OpenAI.ChatCompletion;
      try {
        out = await sdk.chat.completions.create(
          {
            model: o.model,
            max_completion_tokens: req.maxOutputTokens,
            messages: [
              { role: 'system', content: req.system },
              { role: 'user', content: req.user },
            ],
            response_format: { type: 'json_schema', json_schema: { name: req.schemaName, description: req.schemaDescription, schema: req.schema, strict: true } },
          },
          { signal: req.signal },
        );
      } catch (e) {
        throw asLlmCallError(e, req.signal);
      }
      const choice = Array.isArray(out.choices) ? out.choices[0] : undefined;
      if (choice === undefined) throw new LlmCallError('the Chat Completions API answered without a choice', false, null);
      const message = choice.message as { content?: unknown; refusal?: unknown } | undefined;
      return {
        model: typeof out.model === 'string' ? out.model : null,
        text: typeof message?.content === 'string' ? message.content : '',
        tokens: out.usage === undefined ? null : { input: out.usage.prompt_tokens ?? 0, output: out.usage.completion_tokens ?? 0 },
        cutOff: choice.finish_reason === 'length' ? 'length' : null,
        refusal: typeof message?.refusal === 'string' && message.refusal !== '' ? message.refusal : choice.finish_reason === 'content_filter' ? 'stopped by the content filter' : null,
      };
    },
  };
}
