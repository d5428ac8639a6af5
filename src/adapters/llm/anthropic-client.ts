/** The LLM client over the official Anthropic SDK (Messages API): the answer's schema goes as a tool the model is forced to call (tool_choice). */
import Anthropic from '@anthropic-ai/sdk';
import { LlmCallError, type LlmClient, type LlmReply, type LlmRequest } from '../../app/tuners/llm/llm-client.js';
import { asLlmCallError } from './sdk-errors.js';

export interface AnthropicClientOptions {
  readonly apiKey: string;
  readonly model: string;
  /** The API's root (the SDK's default, or ANTHROPIC_BASE_URL, when null). */
  readonly baseUrl: string | null;
  readonly timeoutMs: number;
}

export function anthropicClient(o: AnthropicClientOptions): LlmClient {
  // Retries are the tuner's (with its backoff and a note per attempt), so the SDK makes one attempt.
  const sdk = new Anthropic({ apiKey: o.apiKey, timeout: o.timeoutMs, maxRetries: 0, ...(o.baseUrl === null ? {} : { baseURL: o.baseUrl }) });
  return {
    provider: 'anthropic',
    model: o.model,
    baseUrl: sdk.baseURL,
    async complete(req: LlmRequest): Promise<LlmReply> {
      let msg: Anthropic.Message;
      try {
        msg = await sdk.messages.create(
          {
            model: o.model,
            max_tokens: req.maxOutputTokens,
            system: req.system,
            messages: [{ role: 'user', content: req.user }],
            tools: [{ name: req.schemaName, description: req.schemaDescription, input_schema: req.schema as Anthropic.Tool.InputSchema }],
            tool_choice: { type: 'tool', name: req.schemaName },
          },
          { signal: req.signal },
        );
      } catch (e) {
        throw asLlmCallError(e, req.signal);
      }
      if (!Array.isArray(msg.content)) throw new LlmCallError('the Messages API answered without a content list', false, null);
      const tool = msg.content.find((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use' && b.name === req.schemaName);
      const text = msg.content
        .filter((b): b is Anthropic.TextBlock => b.type === 'text')
        .map((b) => b.text)
        .join('\n');
      return {
        model: typeof msg.model === 'string' ? msg.model : null,
        ...(tool === undefined ? {} : { structured: tool.input }),
        text: tool === undefined ? text : JSON.stringify(tool.input),
        tokens: msg.usage === undefined ? null : { input: msg.usage.input_tokens ?? 0, output: msg.usage.output_tokens ?? 0 },
        cutOff: msg.stop_reason === 'max_tokens' || msg.stop_reason === 'model_context_window_exceeded' ? msg.stop_reason : null,
        refusal: msg.stop_reason === 'refusal' ? text || 'the model refused (stop reason refusal)' : null,
      };
    },
  };
}
