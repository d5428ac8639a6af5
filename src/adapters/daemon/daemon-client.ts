/** Calls an operation of the running daemon over its REST mount, as a local client (the CLI, the MCP bridge) does: the same route, the same errors. */
import { AppError, ERROR_CODES, type ErrorCode, type FieldIssue } from '../../app/errors.js';
import type { Operation } from '../../app/registry/operation.js';

export interface DaemonTarget {
  readonly url: string;
  readonly token: string;
}

/** A value as text in a URL: objects and arrays as JSON (the registry coerces them back). */
const asText = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v) ?? '');

/** The request for `op` with `input`: path parameters filled in, the rest as the query (GET, DELETE) or the JSON body (POST). */
export function requestFor(op: Pick<Operation, 'http'>, input: Readonly<Record<string, unknown>>): { method: string; path: string; body?: string } {
  const rest: Record<string, unknown> = { ...input };
  const path = op.http.path.replace(/:([A-Za-z]+)/g, (_m, name: string) => {
    const v = rest[name];
    delete rest[name];
    return encodeURIComponent(v === undefined ? '' : asText(v));
  });
  if (op.http.method === 'POST') return { method: 'POST', path: `/api/v1${path}`, body: JSON.stringify(rest) };
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(rest)) if (v !== undefined) query.set(k, asText(v));
  const qs = query.toString();
  return { method: op.http.method, path: `/api/v1${path}${qs === '' ? '' : `?${qs}`}` };
}

/** The operation's `data`; an error answer is thrown as the same AppError the daemon made; no answer is UNAVAILABLE. */
export async function callDaemon(target: DaemonTarget, op: Pick<Operation, 'http' | 'name'>, input: Readonly<Record<string, unknown>>, o: { readonly idempotencyKey?: string; readonly timeoutMs?: number } = {}): Promise<unknown> {
  const req = requestFor(op, input);
  let res: Response;
  try {
    res = await fetch(`${target.url}${req.path}`, {
      method: req.method,
      headers: {
        authorization: `Bearer ${target.token}`,
        ...(req.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(o.idempotencyKey === undefined ? {} : { 'idempotency-key': o.idempotencyKey }),
      },
      ...(req.body === undefined ? {} : { body: req.body }),
      signal: AbortSignal.timeout(o.timeoutMs ?? 30_000),
    });
  } catch (e) {
    throw new AppError('UNAVAILABLE', `the daemon at ${target.url} does not answer (${e instanceof Error ? e.message : String(e)}): is \`scalper serve\` running for this database directory?`, { cause: e });
  }
  let body: { data?: unknown; error?: { code?: string; message?: string; issues?: FieldIssue[]; hint?: string } };
  try {
    body = (await res.json()) as typeof body;
  } catch {
    throw new AppError('UNAVAILABLE', `the daemon at ${target.url} answered ${res.status} without JSON to ${op.name}`);
  }
  if (body.error !== undefined) {
    const code: ErrorCode = (ERROR_CODES as readonly string[]).includes(body.error.code ?? '') ? (body.error.code as ErrorCode) : 'INTERNAL';
    throw new AppError(code, body.error.message ?? `${op.name} failed`, { issues: body.error.issues ?? [], ...(body.error.hint === undefined ? {} : { hint: body.error.hint }) });
  }
  return body.data;
}
