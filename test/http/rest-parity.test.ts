import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoke } from '../../src/app/registry/invoke.js';
import { operation } from '../../src/app/registry/registry.js';
import { restHarness, type RestHarness } from './rest-harness.js';

/** The registry called in-process and its REST mount give the same JSON for the same command. */
let r: RestHarness;
beforeAll(async () => {
  r = await restHarness();
  await r.agent.agent.stop(false);
});
afterAll(async () => {
  await r.close();
});

const trader = { principal: { name: 'trader-test', scope: 'trader' as const, tokenId: null }, mode: 'paper' as const };

describe('registry and REST parity', () => {
  for (const [name, path, input] of [
    ['trades.list', '/api/v1/trades?book=auto&limit=5', { book: 'auto', limit: 5 }],
    ['analytics.get', '/api/v1/analytics?bucket=25', { bucket: 25 }],
    ['engine.status', '/api/v1/status', {}],
    ['config.get', '/api/v1/config', {}],
  ] as const) {
    it(`${name}: the same data both ways`, async () => {
      const direct = await invoke(operation(name)!, r.deps, input, trader);
      const rest = await r.request('GET', path);
      expect(rest.status).toBe(200);
      // The heartbeat's age is wall time, different at each call.
      const steady = (x: unknown): unknown => (name === 'engine.status' ? { ...(x as object), heartbeatAgeMs: 0 } : x);
      expect(steady(rest.body.data)).toEqual(steady(JSON.parse(JSON.stringify(direct))));
    });
  }

  it('coerces what AI clients send: numbers as strings and objects as JSON text, then validates strictly', async () => {
    const op = operation('trades.list')!;
    await expect(invoke(op, r.deps, { limit: '3' }, trader)).resolves.toMatchObject({ book: 'auto' });
    await expect(invoke(op, r.deps, { limit: 'three' }, trader)).rejects.toMatchObject({ code: 'INVALID_INPUT', issues: [{ field: 'limit' }] });
    await expect(invoke(op, r.deps, { limit: '0' }, trader)).rejects.toMatchObject({ code: 'INVALID_INPUT', issues: [{ field: 'limit' }] });
    const limit0 = await r.request('GET', '/api/v1/trades?limit=0');
    expect(limit0.status).toBe(400);
    expect(limit0.body.error).toMatchObject({ code: 'INVALID_INPUT', issues: [{ field: 'limit' }] });
  });
});
