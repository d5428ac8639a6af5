/** Calls an operation the way every surface must: scope check, edge coercion, strict validation, handler, output check. */
import { AppError, invalidInput, toAppError, zodIssues } from '../errors.js';
import { coerceInput } from './coerce.js';
import { allowed, type CallContext, type Operation } from './operation.js';

/** Reports a broken invariant (an INTERNAL error) with its cause; the client sees only the code and a short message. */
export type InternalErrorSink = (op: string, error: unknown) => void;

/**
 * Runs `op` for `ctx.principal` on `raw` input. Every failure is an AppError: FORBIDDEN before anything
 * runs, INVALID_INPUT naming each field (nothing changed), the handler's own errors classified, and an
 * output that does not match its schema is INTERNAL (a bug), reported to `onInternal`.
 */
export async function invoke<D>(op: Operation<never, never, D> | Operation, deps: D, raw: unknown, ctx: CallContext, onInternal?: InternalErrorSink): Promise<unknown> {
  const o = op as Operation;
  if (!allowed(o, ctx.principal.scope)) {
    throw new AppError('FORBIDDEN', `${o.name} needs the ${['trader', ...o.scopes].join(' or ')} scope; this token has ${ctx.principal.scope}`);
  }
  const parsed = o.input.safeParse(coerceInput(o.input, raw));
  if (!parsed.success) throw invalidInput(zodIssues(parsed.error));
  let result: unknown;
  try {
    result = await (o.handler as (d: D, i: unknown, c: CallContext) => unknown)(deps, parsed.data, ctx);
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
  return checked.data;
}
