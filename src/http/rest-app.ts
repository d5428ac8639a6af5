/** The REST mount of the operation registry under /api/v1 (hono): bearer tokens, inbound hooks, idempotency, audit, one error shape. */
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { streamSSE } from 'hono/streaming';
import type { ApiAccessStore } from '../adapters/store/api-access-store.js';
import { sha256 } from '../adapters/store/api-access-store.js';
import type { Logger } from '../core/ports.js';
import type { AppDeps } from '../app/app-deps.js';
import type { BusEvent } from '../app/events/event-bus.js';
import { AppError, HTTP_STATUS, toAppError } from '../app/errors.js';
import { invoke } from '../app/registry/invoke.js';
import { HOOK_OPERATION } from '../app/operations/hook-ops.js';
import type { Operation, Principal } from '../app/registry/operation.js';
import { openApiDocument } from './openapi.js';
import { DEFAULT_RATE_LIMIT, RateLimiter, type RateLimit } from './rate-limit.js';

export const API_PREFIX = '/api/v1';
/** Largest request body accepted (manual-trade batches are the biggest legitimate bodies). */
export const DEFAULT_BODY_LIMIT = 1_000_000;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

export interface RestOptions {
  readonly ops: readonly Operation[];
  readonly deps: AppDeps;
  readonly access: ApiAccessStore;
  readonly now: () => number;
  readonly log: Logger;
  readonly bodyLimitBytes?: number;
  readonly rateLimit?: RateLimit;
}

/** Operations any caller may reach without a token. */
const PUBLIC = new Set(['system.health']);

/** Operations whose answer holds a secret kept nowhere in clear: the Idempotency-Key store keeps the answer with `secret: null`. */
const SECRET_SHOWN_ONCE = new Set(['hooks.create']);

const withoutSecret = (body: Record<string, unknown>): Record<string, unknown> =>
  body.data !== null && typeof body.data === 'object' && 'secret' in body.data ? { ...body, data: { ...body.data, secret: null } } : body;

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * The query parameters as own properties (a name like `__proto__` stays a field, refused by the strict
 * schema, instead of vanishing); a parameter given twice or without a name is refused.
 */
function readQuery(url: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of new URL(url).searchParams) {
    const field = name === '' ? '(query)' : name;
    if (name === '') throw new AppError('INVALID_INPUT', 'invalid input: (query): a parameter has no name', { issues: [{ field, rule: 'a parameter has no name' }] });
    if (Object.hasOwn(out, name)) throw new AppError('INVALID_INPUT', `invalid input: ${name}: given more than once`, { issues: [{ field, rule: 'given more than once' }] });
    Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

export function createRestApp(o: RestOptions): Hono {
  const app = new Hono();
  const mode = (): 'paper' | 'live' => o.deps.mode();
  const reply = (c: Context, status: number, body: Record<string, unknown>): Response => {
    c.header('X-Scalper-Mode', mode());
    return c.json({ mode: mode(), ...body }, status as 200);
  };
  const fail = (c: Context, e: unknown, op?: string): Response => {
    const err = toAppError(e);
    if (err.code === 'INTERNAL') o.log.log('error', 'internal error in a REST call', { operation: op ?? c.req.path, error: e instanceof Error ? e.stack : String(e) });
    return reply(c, HTTP_STATUS[err.code], err.toJSON());
  };
  const badBody = (rule: string): AppError => new AppError('INVALID_INPUT', `invalid input: (body): ${rule}`, { issues: [{ field: '(body)', rule }] });

  app.use(
    `${API_PREFIX}/*`,
    bodyLimit({ maxSize: o.bodyLimitBytes ?? DEFAULT_BODY_LIMIT, onError: (c) => fail(c, badBody(`must be at most ${o.bodyLimitBytes ?? DEFAULT_BODY_LIMIT} bytes`)) }),
  );

  const limiter = new RateLimiter(o.rateLimit ?? DEFAULT_RATE_LIMIT, o.now);
  const authenticate = (c: Context): Principal => {
    const header = c.req.header('authorization') ?? '';
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (m === null) throw new AppError('UNAUTHENTICATED', 'missing bearer token: send Authorization: Bearer <token> (make one with `scalper token create`)');
    const token = o.access.verify(m[1]!);
    if (token === null) throw new AppError('UNAUTHENTICATED', 'unknown or revoked token');
    const wait = limiter.take(token.id);
    if (wait > 0) {
      c.header('Retry-After', String(wait));
      throw new AppError('RATE_LIMITED', `too many requests for this token: retry after ${wait} s`);
    }
    return { name: token.name, scope: token.scope, tokenId: token.id };
  };

  /**
   * An inbound hook's caller: the hook's own secret (X-Hook-Secret, or Authorization: Bearer), never an
   * API token. Unknown hook, revoked hook and wrong secret get the same answer.
   */
  const authenticateHook = (c: Context, hookId: string): { principal: Principal; operation: string } => {
    const bearer = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '');
    const secret = c.req.header('x-hook-secret') ?? bearer?.[1];
    if (secret === undefined) throw new AppError('UNAUTHENTICATED', 'missing hook secret: send X-Hook-Secret: <secret> (shown once by hooks.create)');
    const hook = o.deps.hooks?.verify(hookId, secret.trim()) ?? null;
    if (hook === null) throw new AppError('UNAUTHENTICATED', 'unknown or revoked hook, or not its secret');
    const wait = limiter.take(hook.id);
    if (wait > 0) {
      c.header('Retry-After', String(wait));
      throw new AppError('RATE_LIMITED', `too many requests for this hook: retry after ${wait} s`);
    }
    return { principal: { name: `hook:${hook.name}`, scope: 'automation', tokenId: hook.id }, operation: HOOK_OPERATION[hook.action] };
  };

  const readInput = async (c: Context, method: Operation['http']['method'], params: Record<string, string>): Promise<Record<string, unknown>> => {
    if (method === 'GET' || method === 'DELETE') return { ...readQuery(c.req.url), ...params };
    const text = await c.req.text();
    if (text.trim() === '') return { ...params };
    const type = c.req.header('content-type') ?? '';
    if (!/^application\/json\b/i.test(type)) throw badBody('must be JSON sent with Content-Type: application/json');
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw badBody('is not valid JSON');
    }
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw badBody('must be a JSON object');
    return { ...(body as Record<string, unknown>), ...params };
  };

  /** Runs `op` for an authenticated caller: idempotency, the registry's invoke, audit; the same for tokens and hooks. */
  const run = async (c: Context, op: Operation, principal: Principal, input: Record<string, unknown>): Promise<Response> => {
    let idem: { key: string; requestSha256: string } | null = null;
    const key = c.req.header('idempotency-key');
    if (op.http.method === 'POST' && key !== undefined && principal.tokenId !== null) {
      if (!IDEMPOTENCY_KEY.test(key)) {
        throw new AppError('INVALID_INPUT', 'invalid input: Idempotency-Key: must be 1 to 200 visible ASCII characters', {
          issues: [{ field: 'Idempotency-Key', rule: 'must be 1 to 200 visible ASCII characters' }],
        });
      }
      const requestSha256 = sha256(`${op.name}\n${canonical(input)}`);
      const stored = o.access.getIdempotent(principal.tokenId, key);
      if (stored !== null) {
        if (stored.requestSha256 !== requestSha256 || stored.operation !== op.name) {
          throw new AppError('CONFLICT', 'Idempotency-Key was already used with a different request', { hint: 'use a new key for a new request' });
        }
        c.header('Idempotent-Replayed', 'true');
        c.header('X-Scalper-Mode', mode());
        return c.body(stored.responseJson, stored.status as 200, { 'content-type': 'application/json' });
      }
      idem = { key, requestSha256 };
    }
    const ctx = { principal, mode: mode(), ...(key === undefined ? {} : { idempotencyKey: key }) };
    let status: number;
    let body: Record<string, unknown>;
    try {
      const data = await invoke(op, o.deps, input, ctx, (name, e) =>
        o.log.log('error', 'internal error', { operation: name, error: e instanceof Error ? e.stack : String(e) }),
      );
      status = op.kind === 'job' ? 202 : 200;
      body = { mode: mode(), data };
    } catch (e) {
      const err = toAppError(e);
      status = HTTP_STATUS[err.code];
      body = { mode: mode(), ...err.toJSON() };
    }
    // Bad input changes nothing, not even the audit log or the idempotency store (it is refused the same way every time).
    const invalid = 'error' in body && (body.error as { code: string }).code === 'INVALID_INPUT';
    if (op.kind !== 'query' && principal.tokenId !== null && !invalid) {
      o.access.audit(o.now(), principal.name, op.name, {
        tokenId: principal.tokenId,
        scope: principal.scope,
        argsSha256: sha256(canonical(input)),
        result: 'error' in body ? (body.error as { code: string }).code : 'ok',
        mode: mode(),
      });
    }
    if (idem !== null && principal.tokenId !== null && status < 500 && !invalid) {
      const kept = SECRET_SHOWN_ONCE.has(op.name) ? withoutSecret(body) : body;
      o.access.putIdempotent(principal.tokenId, idem.key, { operation: op.name, requestSha256: idem.requestSha256, status, responseJson: JSON.stringify(kept) }, o.now());
    }
    c.header('X-Scalper-Mode', mode());
    return c.json(body, status as 200);
  };

  for (const op of o.ops) {
    const path = `${API_PREFIX}${op.http.path}`;
    app.on(op.http.method, path, async (c) => {
      try {
        const principal: Principal = PUBLIC.has(op.name) ? { name: 'anonymous', scope: 'automation', tokenId: null } : authenticate(c);
        return await run(c, op, principal, await readInput(c, op.http.method, c.req.param()));
      } catch (e) {
        return fail(c, e, op.name);
      }
    });
  }

  // An inbound hook runs its one operation through the same path as REST, as `hook:<name>` with the automation scope.
  app.post(`${API_PREFIX}/hooks/:id`, async (c) => {
    try {
      const { principal, operation } = authenticateHook(c, c.req.param('id'));
      const op = o.ops.find((x) => x.name === operation);
      if (op === undefined) throw new AppError('UNAVAILABLE', `${operation} is not mounted in this daemon`);
      // The body is the operation's input; the path's hook id is not part of it.
      return await run(c, op, principal, await readInput(c, 'POST', {}));
    } catch (e) {
      return fail(c, e, 'hooks.fire');
    }
  });

  app.get(`${API_PREFIX}/openapi.json`, (c) => c.json(openApiDocument(o.ops)));
  app.get(`${API_PREFIX}/events`, (c) => {
    try {
      authenticate(c);
    } catch (e) {
      return fail(c, e);
    }
    const header = c.req.header('last-event-id') ?? c.req.query('since');
    const lastId = header === undefined ? o.deps.events.lastId : Number(header);
    if (!Number.isSafeInteger(lastId) || lastId < 0) {
      return fail(c, new AppError('INVALID_INPUT', 'invalid input: Last-Event-ID: must be a whole number', { issues: [{ field: 'Last-Event-ID', rule: 'must be a whole number ≥ 0' }] }));
    }
    c.header('X-Scalper-Mode', mode());
    return streamSSE(c, async (stream) => {
      const queue: BusEvent[] = [];
      let wake: (() => void) | null = null;
      const unsubscribe = o.deps.events.subscribe((e) => {
        queue.push(e);
        wake?.();
      });
      stream.onAbort(() => {
        unsubscribe();
        wake?.();
      });
      const missed = o.deps.events.since(lastId);
      if (missed === null) {
        await stream.writeSSE({ event: 'reset', data: JSON.stringify({ reason: 'the events after your Last-Event-ID are no longer kept; read the state again', lastId: o.deps.events.lastId }) });
      } else {
        queue.unshift(...missed.filter((e) => !queue.some((q) => q.id === e.id)));
      }
      let sent = lastId;
      while (!stream.aborted) {
        const e = queue.shift();
        if (e === undefined) {
          await new Promise<void>((resolve) => {
            wake = resolve;
            setTimeout(resolve, 15_000).unref();
          });
          wake = null;
          if (queue.length === 0 && !stream.aborted) await stream.write(': keep-alive\n\n');
          continue;
        }
        if (e.id <= sent) continue;
        sent = e.id;
        await stream.writeSSE({ id: String(e.id), event: e.type, data: JSON.stringify({ ...e.data, mode: mode() }) });
      }
    });
  });
  app.notFound((c) => fail(c, new AppError('NOT_FOUND', `no route ${c.req.method} ${c.req.path}; the routes are in ${API_PREFIX}/openapi.json`)));
  app.onError((e, c) => fail(c, e));
  return app;
}
