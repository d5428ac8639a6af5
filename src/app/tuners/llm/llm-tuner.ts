/** The LLM tuner: renders the versioned prompt with the run's context, asks the provider for a structured answer (retrying with backoff), and reads it into checked proposals, recording every refusal, clamp and failure. */
import type { Tuner, TunerContext, TunerProposal, TunerRunRecord } from '../tuner.js';
import { ANSWER_DESCRIPTION, ANSWER_NAME, ANSWER_SCHEMA } from './answer-schema.js';
import { extractJson } from './extract-json.js';
import { LlmCallError, type LlmClient, type LlmReply } from './llm-client.js';
import { readAnswer } from './read-answer.js';
import { renderPrompt, type PromptSet } from './render-prompt.js';

export interface LlmTunerOptions {
  readonly client: LlmClient;
  readonly prompts: PromptSet;
  /** Attempts in all (the first and the retries). */
  readonly attempts: number;
  /** The wait before the first retry; each later one waits twice as long. */
  readonly backoffMs: number;
  readonly maxOutputTokens: number;
  /** Wall time, for the run's start and latency. */
  readonly now: () => number;
}

/** Waits `ms`, or less when `signal` aborts. */
const pause = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });

const quoted = (text: string): string => JSON.stringify(text.length > 300 ? `${text.slice(0, 300)}…` : text);

export function createLlmTuner(o: LlmTunerOptions): Tuner {
  const provider = o.client.provider;
  return {
    provider,
    async run(ctx: TunerContext, signal: AbortSignal) {
      const startedTs = o.now();
      const notes: string[] = [];
      const end = (outcome: TunerRunRecord['outcome'], reply: LlmReply | null, proposals: readonly TunerProposal[] = [], assessment: string | null = null) => ({
        proposals,
        record: {
          provider,
          model: reply?.model ?? o.client.model,
          promptVersion: o.prompts.version,
          startedTs,
          latencyMs: Math.max(0, o.now() - startedTs),
          tokens: reply?.tokens ?? null,
          outcome,
          notes,
          assessment,
        } satisfies TunerRunRecord,
      });
      const { system, user } = renderPrompt(o.prompts, ctx);
      let reply: LlmReply | null = null;
      for (let attempt = 1; reply === null; attempt++) {
        try {
          reply = await o.client.complete({ system, user, schemaName: ANSWER_NAME, schemaDescription: ANSWER_DESCRIPTION, schema: ANSWER_SCHEMA, maxOutputTokens: o.maxOutputTokens, signal });
        } catch (e) {
          const err = e instanceof LlmCallError ? e : new LlmCallError(e instanceof Error ? e.message : String(e), false, null);
          if (err.cancelled || signal.aborted) {
            notes.push(`attempt ${attempt}: cancelled (the tuner service is stopping)`);
            return end('failed', null);
          }
          notes.push(`attempt ${attempt} of ${o.attempts} failed: ${err.message}`);
          if (!err.retryable || attempt >= o.attempts) return end('failed', null);
          await pause(o.backoffMs * 2 ** (attempt - 1), signal);
          if (signal.aborted) {
            notes.push('cancelled while waiting to retry (the tuner service is stopping)');
            return end('failed', null);
          }
        }
      }
      if (reply.refusal !== null) {
        notes.push(`the model declined to answer: ${quoted(reply.refusal)}`);
        return end('refused', reply);
      }
      if (reply.cutOff !== null) {
        notes.push(`answer refused: it was cut off at the token limit (stop reason ${reply.cutOff}); nothing of it is used`);
        return end('refused', reply);
      }
      let answer: unknown = reply.structured;
      if (answer === undefined) {
        const found = extractJson(reply.text);
        if (!found.ok) {
          notes.push(`answer refused: ${found.reason}`);
          return end('refused', reply);
        }
        if (found.note !== null) notes.push(found.note);
        answer = found.value;
      }
      const read = readAnswer(answer, ctx.params, ctx.maxStepFraction, ctx.lastDate);
      notes.push(...read.notes);
      const refusedAll = read.notes.some((n) => n.startsWith('answer refused'));
      const outcome = read.proposals.length > 0 ? 'proposed' : read.refused > 0 || refusedAll ? 'refused' : 'nothing';
      return end(outcome, reply, read.proposals, read.assessment);
    },
  };
}
