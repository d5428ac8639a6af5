import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { OPERATIONS } from '../../src/app/registry/registry.js';
import type { Operation } from '../../src/app/registry/operation.js';
import { HOOK_OPERATION } from '../../src/app/operations/hook-ops.js';
import { restHarness, type RestHarness } from './rest-harness.js';

/**
 * 10,000 generated bad requests, derived from the operations' schemas: wrong types, unknown fields, huge
 * and unicode strings, malformed JSON, wrong content types, odd paths and ids. Every answer is a 4xx
 * (never a 5xx), every 400 names a field, and nothing changes: the database row counts and the engine
 * state are the same afterwards. Inbound hooks (POST /hooks/{id}, not an operation of their own) get
 * the bad bodies of their action's operation, mostly with the hook's own secret so that they reach
 * validation, else another hook's secret, a made-up one, none, an API token or an unknown hook id.
 */
let r: RestHarness;
beforeAll(async () => {
  // Rate limits are tested on their own; here every request must reach validation.
  r = await restHarness({ rateLimit: { perSecond: 1e9, burst: 1e9 } });
});
afterAll(async () => {
  await r.close();
});

const shapeOf = (op: Operation): Record<string, z.ZodType> => {
  let s: unknown = op.input;
  while (s instanceof z.ZodPipe) s = (s as unknown as { in: unknown }).in;
  return s instanceof z.ZodObject ? (s.shape) : {};
};

const junk = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }),
  fc.constant('x'.repeat(200_000)),
  fc.constant(-1),
  fc.constant(1e308),
  fc.constant('1e999'),
);

/** A field name the operation does not have: strict schemas refuse it. */
const unknownField = (op: Operation) =>
  fc.oneof(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }), fc.constantFrom('__proto__', 'constructor', 'limit ', 'BOOK')).filter((k) => k !== '' && !Object.hasOwn(shapeOf(op), k));

interface BadRequest {
  method: string;
  path: string;
  body?: string;
  headers: Record<string, string>;
  token: 'trader' | 'none' | 'bogus';
}

function badRequest(op: Operation): fc.Arbitrary<BadRequest> {
  const path = `/api/v1${op.http.path}`;
  const fields = Object.keys(shapeOf(op));
  const withExtra = fc.tuple(unknownField(op), junk, fc.dictionary(fc.constantFrom(...(fields.length > 0 ? fields : ['x'])), junk, { maxKeys: 2 })).map(([k, v, rest]) => ({ ...rest, [k]: v }));
  const query = (o: Record<string, unknown>): string =>
    new URLSearchParams(Object.entries(o).map(([k, v]): [string, string] => [k, typeof v === 'string' ? v : (JSON.stringify(v) ?? '')])).toString();
  const auth = fc.constantFrom<'trader' | 'none' | 'bogus'>('trader', 'trader', 'trader', 'none', 'bogus');
  if (op.http.method === 'GET') {
    return fc.tuple(withExtra, auth).map(([o, token]) => ({ method: 'GET', path: `${path}?${query(o)}`, headers: {}, token }));
  }
  const json = { 'content-type': 'application/json' };
  return fc.oneof(
    fc.tuple(withExtra, auth).map(([o, token]) => ({ method: 'POST', path, body: JSON.stringify(o), headers: json, token })),
    // Malformed JSON: never empty (an empty body is a valid empty input).
    fc.tuple(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }).filter((t) => t.trim() !== '' && !isJsonObject(t)), auth).map(([body, token]) => ({ method: 'POST', path, body, headers: json, token })),
    fc.tuple(fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data', ''), auth).map(([type, token]) => ({ method: 'POST', path, body: '{"reason":"x"}', headers: type === '' ? {} : { 'content-type': type }, token })),
    fc.tuple(fc.constantFrom('[]', '[1,2]', '"text"', '42', 'null', 'true'), auth).map(([body, token]) => ({ method: 'POST', path, body, headers: json, token })),
    fc.tuple(fc.nat(3_000_000), auth).filter(([n]) => n > 1_000_000).map(([n, token]) => ({ method: 'POST', path, body: `{"reason":"${'y'.repeat(n)}"}`, headers: json, token })),
  );
}

function isJsonObject(text: string): boolean {
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0;
  } catch {
    return false;
  }
}

interface MadeHook {
  readonly id: string;
  readonly secret: string;
  readonly operation: string;
}

function badHookRequest(hooks: readonly MadeHook[]): fc.Arbitrary<BadRequest> {
  const creds = fc.constantFrom('own', 'own', 'own', 'own', 'other', 'made-up', 'none', 'api-token', 'unknown-hook');
  // A header value must be visible ASCII; a path segment may be anything (encoded).
  const madeUp = fc.stringMatching(/^[\x21-\x7e]{0,80}$/);
  return fc.tuple(fc.nat(hooks.length - 1), creds, fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }), madeUp).chain(([i, cred, junkId, junkSecret]) => {
    const hook = hooks[i]!;
    const op = OPERATIONS.find((o) => o.name === hook.operation)!;
    const secret = cred === 'other' ? hooks[(i + 1) % hooks.length]!.secret : cred === 'made-up' ? `hooksec_${junkSecret}` : hook.secret;
    const id = cred === 'unknown-hook' ? encodeURIComponent(junkId) : hook.id;
    return badRequest(op).map((q) => ({
      ...q,
      path: `/api/v1/hooks/${id}`,
      headers: cred === 'none' || cred === 'api-token' ? q.headers : { ...q.headers, 'x-hook-secret': secret },
      token: cred === 'api-token' ? ('trader' as const) : ('none' as const),
    }));
  });
}

const oddPath = fc
  .tuple(fc.constantFrom('GET', 'POST', 'DELETE', 'PUT', 'PATCH'), fc.string({ unit: 'grapheme', maxLength: 30 }))
  .map(([method, tail]): BadRequest => ({ method, path: `/api/v1/${encodeURIComponent(tail)}/${encodeURIComponent(tail)}`, headers: {}, token: 'trader' }));

const snapshot = () => {
  const s = r.deps.agent.status();
  return { state: s.state, tradingState: s.tradingState, db: r.access.counts(), hooks: r.inboundHooks.list(), auto: r.agent.book.closedTrades().length };
};

describe('fuzzing the REST API with bad requests', () => {
  it('answers 10,000 bad requests with 4xx, names the field in every 400, and changes nothing', async () => {
    const hooks = (['pause', 'resume', 'kill', 'submit-experiment'] as const).map((action) => {
      const made = r.inboundHooks.create(`fuzz-${action}`, action, 'fuzz', 1);
      return { id: made.hook.id, secret: made.secret, operation: HOOK_OPERATION[action] };
    });
    // The agent trades meanwhile at 1× speed, so it may close trades: compare what bad requests could touch.
    const before = snapshot();
    const all = fc.oneof(...OPERATIONS.map(badRequest), oddPath, { arbitrary: badHookRequest(hooks), weight: 4 });
    const samples = fc.sample(all, { numRuns: 10_000, seed: 42 });
    const statuses = new Map<number, number>();
    const hookStatuses = new Map<number, number>();
    for (const q of samples) {
      const token = q.token === 'trader' ? r.tokens.trader : q.token === 'bogus' ? 'scalper_bogus' : null;
      const res = await r.request(q.method, q.path, { token, ...(q.body === undefined ? {} : { body: q.body }), headers: q.headers });
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (hooks.some((h) => q.path === `/api/v1/hooks/${h.id}`)) hookStatuses.set(res.status, (hookStatuses.get(res.status) ?? 0) + 1);
      expect(res.status, `${q.method} ${q.path.slice(0, 80)} ${String(q.body).slice(0, 80)} → ${JSON.stringify(res.body).slice(0, 200)}`).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      if (res.status === 400) {
        const issues = (res.body.error as { issues: { field: string; rule: string }[] }).issues;
        expect(issues.length).toBeGreaterThan(0);
        for (const i of issues) expect(i.field.length).toBeGreaterThan(0);
      }
    }
    const after = snapshot();
    expect({ ...after, auto: 0 }).toEqual({ ...before, auto: 0 });
    expect(r.internalErrors).toEqual([]);
    expect(samples.length).toBe(10_000);
    // The requests reached validation, not only authentication.
    expect(statuses.get(400) ?? 0).toBeGreaterThan(5_000);
    // Hooks were fired with their own secrets (refused by validation) and with wrong ones (one 401).
    expect(hookStatuses.get(400) ?? 0).toBeGreaterThan(200);
    expect(hookStatuses.get(401) ?? 0).toBeGreaterThan(100);
  });
});
