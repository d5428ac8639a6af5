/** Calls an operation the way every surface must: scope check, edge coercion, strict validation, handler, output check. */
import type { z } from 'zod';
import { AppError, invalidInput, toAppError, zodIssues } from '../errors.js';
import { coerceInput } from './coerce.js';
import { allowed, type CallContext, type LocalOperation } from './operation.js';

/** Reports a broken invariant (an INTERNAL error) with its cause; the client sees only the code and a short message. */
export type InternalErrorSink = (op: string, error: unknown) => void;

/** `raw` as `op` takes it: coerced at the edge, then validated strictly (INVALID_INPUT naming each field). */
export function parseInput(op: Pick<LocalOperation, 'input'>, raw: unknown): unknown {
  const parsed = op.input.safeParse(coerceInput(op.input, raw));
  if (!parsed.success) throw invalidInput(zodIssues(parsed.error));
  return parsed.data;
}

/**
 * Runs `op` for `ctx.principal` on `raw` input. Every failure is an AppError: FORBIDDEN before anything
 * runs, INVALID_INPUT naming each field (nothing changed), the handler's own errors classified, and an
 * output that does not match its schema is INTERNAL (a bug), reported to `onInternal`.
 */
export async function invoke<I extends z.ZodType, O extends z.ZodType, D>(op: LocalOperation<I, O, D>, deps: D, raw: unknown, ctx: CallContext, onInternal?: InternalErrorSink): Promise<z.output<O>> {
  const o = op as unknown as LocalOperation;
  if (!allowed(o, ctx.principal.scope)) {
    throw new AppError('FORBIDDEN', `${o.name} needs the ${['trader', ...o.scopes].join(' or ')} scope; this token has ${ctx.principal.scope}`);
  }
  const input = parseInput(o, raw);
  let result: unknown;
  try {
    result = await (o.handler as (d: D, i: unknown, c: CallContext) => unknown)(deps, input, ctx);
  } catch (e) {
    const err = toAppError(e);
    if (err.code === 'INTERNAL') onInternal?.(o.name, e);
    throw err;
  }
  const checked = o.output.safeParse(result);
  if (!checked.success) {
    onInternal?.(o.name, checked.error);
    throw new AppError('INTERNAL', `internal error: ${o.name} produced a result that does not match its schema; the failure was logged`);
  }
  return checked.data as z.output<O>;
}
