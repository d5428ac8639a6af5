/** Turns what the Anthropic and OpenAI SDKs and the Ollama library throw into an LlmCallError: a cancel, a retryable failure or a final one. */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { LlmCallError, retryableStatus } from '../../app/tuners/llm/llm-client.js';

const short = (text: string): string => (text.length > 300 ? `${text.slice(0, 300)}…` : text);

export function asLlmCallError(e: unknown, signal: AbortSignal): LlmCallError {
  if (e instanceof LlmCallError) return e;
  const message = e instanceof Error ? e.message : String(e);
  // Our own cancel (shutdown) wins over whatever the SDK made of it.
  if (signal.aborted) return new LlmCallError('cancelled', false, null, true);
  if (e instanceof Anthropic.APIConnectionTimeoutError || e instanceof OpenAI.APIConnectionTimeoutError) return new LlmCallError(`timed out: ${short(message)}`, true, null);
  if (e instanceof Anthropic.APIUserAbortError || e instanceof OpenAI.APIUserAbortError) return new LlmCallError('cancelled', false, null, true);
  if (e instanceof Anthropic.APIConnectionError || e instanceof OpenAI.APIConnectionError) return new LlmCallError(`connection failed: ${short(message)}`, true, null);
  if (e instanceof Anthropic.APIError || e instanceof OpenAI.APIError) {
    const status = typeof e.status === 'number' ? e.status : null;
    return new LlmCallError(`HTTP ${status ?? '?'}: ${short(message)}`, status === null || retryableStatus(status), status);
  }
  // The Ollama library: ResponseError carries the status; a failed fetch is a TypeError; our timeout an AbortError/TimeoutError.
  const status = (e as { status_code?: unknown }).status_code;
  if (typeof status === 'number') return new LlmCallError(`HTTP ${status}: ${short(message)}`, retryableStatus(status), status);
  const name = (e as { name?: unknown }).name;
  if (name === 'TimeoutError') return new LlmCallError(`timed out: ${short(message)}`, true, null);
  if (name === 'AbortError') return new LlmCallError('cancelled', false, null, true);
  if (e instanceof TypeError) return new LlmCallError(`connection failed: ${short(message)}${e.cause instanceof Error ? ` (${short(e.cause.message)})` : ''}`, true, null);
  if (e instanceof SyntaxError) return new LlmCallError(`the provider's answer is not JSON: ${short(message)}`, true, null);
  return new LlmCallError(short(message), false, null);
}
