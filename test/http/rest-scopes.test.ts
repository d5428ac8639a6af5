import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Scope } from '../../src/app/registry/operation.js';
import { restHarness, type RestHarness } from './rest-harness.js';

/**
 * Walks every operation of the OpenAPI document: no token → 401, a token without the scope → 403, the right
 * scope → never 5xx. The inbound hook route (x-scalper kind "hook") takes no API token at all: every token,
 * whatever its scope, is 401 there, and each action's hook fired with its own secret is never a 5xx.
 */
let r: RestHarness;
beforeAll(async () => {
  // Every optional part of the daemon is on, jobs included, so no operation is UNAVAILABLE (the broker's
  // books, which reconciliation reads from OpenAlgo, are empty here: test/openalgo has them from a fake server).
  r = await restHarness({ jobs: true, brokerBooks: { trades: () => Promise.resolve([]), positions: () => Promise.resolve([]) } });
});
afterAll(async () => {
  await r.close();
});

interface DocOp {
  method: string;
  path: string;
  operationId: string;
  scopes: Scope[];
  public: boolean;
  hook: boolean;
}

async function documentOps(): Promise<DocOp[]> {
  const doc = (await r.request('GET', '/api/v1/openapi.json')).body as {
    paths: Record<string, Record<string, { operationId: string; security?: unknown[]; 'x-scalper': { kind: string; scopes?: Scope[] } }>>;
  };
  const out: DocOp[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const hook = op['x-scalper'].kind === 'hook';
      out.push({ method: method.toUpperCase(), path, operationId: op.operationId, scopes: op['x-scalper'].scopes ?? [], public: Array.isArray(op.security) && op.security.length === 0, hook });
    }
  }
  // Stopping the engine ends the run: walk it last.
  return out.sort((a, b) => Number(a.operationId === 'engine.stop') - Number(b.operationId === 'engine.stop'));
}

const call = (op: DocOp, token: string | null) => r.request(op.method, op.path, { token, ...(op.method === 'POST' ? { json: {} } : {}) });

describe('every operation in the OpenAPI document', () => {
  it('lists the registry’s operations', async () => {
    const ops = await documentOps();
    expect(ops.map((o) => o.operationId)).toEqual(expect.arrayContaining(['engine.status', 'engine.pause', 'trades.list', 'analytics.get', 'config.get', 'system.health', 'hooks.fire']));
  });

  it('answers 401 without a token and with an unknown token (the public health check excepted)', async () => {
    for (const op of await documentOps()) {
      for (const token of [null, 'scalper_not-a-real-token']) {
        const res = await call(op, token);
        if (op.public) expect(res.status, op.operationId).toBe(200);
        else {
          expect(res.status, `${op.operationId} ${String(token)}`).toBe(401);
          expect((res.body.error as { code: string }).code).toBe('UNAUTHENTICATED');
        }
      }
    }
  });

  it('answers 403 to a token whose scope the operation does not allow, and changes nothing', async () => {
    const before = r.deps.agent.status().state;
    for (const op of await documentOps()) {
      for (const scope of ['agent', 'automation'] as const) {
        if (op.hook) {
          // An API token is not a hook's secret, whatever its scope.
          expect((await call(op, r.tokens[scope])).status, `${op.operationId} as ${scope}`).toBe(401);
          continue;
        }
        if (op.scopes.includes(scope) || op.public) continue;
        const res = await call(op, r.tokens[scope]);
        expect(res.status, `${op.operationId} as ${scope}`).toBe(403);
        expect((res.body.error as { code: string }).code).toBe('FORBIDDEN');
      }
    }
    expect(r.deps.agent.status().state).toBe(before);
  });

  it('never answers 5xx to an allowed scope, and every answer says the mode', async () => {
    for (const op of await documentOps()) {
      if (op.hook) {
        for (const action of ['submit-experiment', 'pause', 'resume', 'kill']) {
          const made = (await r.request('POST', '/api/v1/hooks', { json: { name: `walk-${action}`, action } })).body.data as { id: string; secret: string };
          const res = await r.request('POST', op.path.replace('{id}', made.id), { token: null, headers: { 'x-hook-secret': made.secret }, json: {} });
          expect(res.status, `${op.operationId} ${action}: ${JSON.stringify(res.body)}`).toBeLessThan(500);
          expect(res.body.mode).toBe('paper');
        }
      }
      for (const scope of ['automation', 'agent', 'trader'] as const) {
        if (scope !== 'trader' && !op.scopes.includes(scope) && !op.hook) continue;
        const res = await call(op, r.tokens[scope]);
        expect(res.status, `${op.operationId} as ${scope}: ${JSON.stringify(res.body)}`).toBeLessThan(500);
        expect(res.body.mode).toBe('paper');
        expect(res.headers.get('x-scalper-mode')).toBe('paper');
      }
    }
    expect(r.internalErrors).toEqual([]);
  });
});
