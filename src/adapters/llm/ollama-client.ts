/** The LLM client over the official Ollama library (/api/chat): the answer's schema goes as `format`; a fetch wrapper gives the call its timeout and cancel, which the library lacks. */
import { Ollama, type ChatResponse } from 'ollama';
import { LlmCallError, type LlmClient, type LlmReply, type LlmRequest } from '../../app/tuners/llm/llm-client.js';
import { asLlmCallError } from './sdk-errors.js';

export const DEFAULT_OLLAMA_HOST = 'http://127.0.0.1:11434';

export interface OllamaClientOptions {
  readonly model: string;
  /** The server's root, e.g. http://127.0.0.1:11434. */
  readonly baseUrl: string | null;
  readonly timeoutMs: number;
}

export function ollamaClient(o: OllamaClientOptions): LlmClient {
  const host = o.baseUrl ?? DEFAULT_OLLAMA_HOST;
  return {
    provider: 'ollama',
    model: o.model,
    baseUrl: host,
    async complete(req: LlmRequest): Promise<LlmReply> {
      // Non-streamed calls take no signal in the library: every request it makes goes through this fetch.
      const deadline = AbortSignal.any([req.signal, AbortSignal.timeout(o.timeoutMs)]);
      const fetchWithAbort: typeof fetch = (input, init) => fetch(input, { ...init, signal: init?.signal == null ? deadline : AbortSignal.any([init.signal, deadline]) });
      const client = new Ollama({ host, fetch: fetchWithAbort });
      let out: ChatResponse;
      try {
        out = await client.chat({
          model: o.model,
          stream: false,
          format: req.schema,
          options: { num_predict: req.maxOutputTokens },
          messages: [
            { role: 'system', content: req.system },
            { role: 'user', content: req.user },
          ],
        });
      } catch (e) {
        // The timeout aborts with a TimeoutError reason; the fetch reports it as the reason itself or an AbortError.
        if (!req.signal.aborted && deadline.aborted) throw new LlmCallError(`timed out after ${o.timeoutMs} ms`, true, null);
        throw asLlmCallError(e, req.signal);
      }
      const message = (out as { message?: { content?: unknown } }).message;
      if (message === undefined) throw new LlmCallError('/api/chat answered without a message', false, null);
      return {
        model: typeof out.model === 'string' ? out.model : null,
        text: typeof message.content === 'string' ? message.content : '',
        tokens: typeof out.prompt_eval_count === 'number' || typeof out.eval_count === 'number' ? { input: out.prompt_eval_count ?? 0, output: out.eval_count ?? 0 } : null,
        cutOff: out.done_reason === 'length' ? 'length' : null,
        refusal: null,
      };
    },
  };
}
