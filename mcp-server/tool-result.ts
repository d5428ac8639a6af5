/** The two answers of a tool call: structured content `{ mode, data }` with its one-line summary, or a tool error whose text names the code. */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { toAppError } from '../src/app/errors.js';
import { summaryOf } from './summaries.js';

export function toolResult(tool: string, data: unknown, mode: 'paper' | 'live'): CallToolResult {
  return { content: [{ type: 'text', text: summaryOf(tool, data, mode) }], structuredContent: { mode, data } };
}

/** A job tool's answer: the job (with its result once done); a failed job is a tool error the model sees as one, the job still in structuredContent. */
export function jobResult(tool: string, job: { readonly state: string }, mode: 'paper' | 'live'): CallToolResult {
  const result = toolResult(tool, job, mode);
  return job.state === 'failed' ? { ...result, isError: true } : result;
}

/** `CODE: message (field: rule) — hint`, from any error an operation threw. */
export function errorText(e: unknown): string {
  const err = toAppError(e);
  const issues = err.issues.map((i) => `${i.field}: ${i.rule}`).join('; ');
  return `${err.code}: ${err.message}${issues !== '' && !err.message.includes(issues) ? ` (${issues})` : ''}${err.hint === undefined ? '' : ` — ${err.hint}`}`;
}

export function errorResult(text: string, mode: 'paper' | 'live'): CallToolResult {
  return { isError: true, content: [{ type: 'text', text: `${text} [${mode}]` }] };
}
