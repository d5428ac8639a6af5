/**
 * engine.start over REST while the simulator's days are planned (off the event loop, as in `scalper serve`):
 * status is answered meanwhile with the engine still stopped; a stop meanwhile cancels the start (409 for the
 * start, 200 stopped for the stop) with nothing traded; a second start meanwhile is refused (409).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planSimDaysInWorker } from '../../src/adapters/sim/plan-in-worker.js';
import type { AppDeps } from '../../src/app/app-deps.js';
import { OPERATIONS } from '../../src/app/registry/registry.js';
import type { DayPlan } from '../../src/sim/market/day-plan.js';
import { createRestApp } from '../../src/http/rest-app.js';
import { simConfig } from '../runtime/agent-harness.js';
import { restHarness, type RestHarness } from './rest-harness.js';

let r: RestHarness;
const internalErrors: string[][] = [];
beforeAll(async () => {
  r = await restHarness();
});
afterAll(async () => {
  await r.close();
  expect(internalErrors.flat()).toEqual([]);
});

/** The daemon's planner, held until the test releases it: what happens while it plans is decided by ordering alone. */
function heldPlanSim() {
  const calls: { days: number; signal: AbortSignal | undefined }[] = [];
  let release = (): void => undefined;
  const released = new Promise<void>((res) => (release = res));
  let calledBack = (): void => undefined;
  const called = new Promise<void>((res) => (calledBack = res));
  const planSim = async (p: { preset: string; startDate: string; days: number; seed: number }, signal?: AbortSignal): Promise<readonly DayPlan[] | undefined> => {
    calls.push({ days: p.days, signal });
    calledBack();
    // Held: only a release or an abort ends the wait.
    await Promise.race([released, new Promise<void>((_, reject) => signal?.addEventListener('abort', () => reject(new DOMException('planning was interrupted', 'AbortError')), { once: true }))]);
    return planSimDaysInWorker(simConfig, { underlying: 'NIFTY', startDate: p.startDate, days: p.days, seed: p.seed }, signal);
  };
  return { planSim, calls, called, release };
}

function appWith(planSim: NonNullable<NonNullable<AppDeps['startDefaults']>['planSim']>) {
  const deps: AppDeps = { ...r.deps, startDefaults: { ...r.deps.startDefaults!, simSpeed: Infinity, planSim } };
  const internal: string[] = [];
  const app = createRestApp({ ops: OPERATIONS, deps, access: r.access, now: () => Date.now(), log: { log: (level, message, fields) => void (level === 'error' && internal.push(`${message} ${JSON.stringify(fields)}`)) } });
  internalErrors.push(internal);
  return async (method: string, path: string, json?: unknown) => {
    const res = await app.request(path, { method, headers: { authorization: `Bearer ${r.tokens.trader}`, ...(json === undefined ? {} : { 'content-type': 'application/json' }) }, ...(json === undefined ? {} : { body: JSON.stringify(json) }) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
}

describe('POST /api/v1/engine/start while the days are planned', () => {
  it('answers status meanwhile; a stop meanwhile cancels the start with nothing traded; a second start is refused', async () => {
    await r.agent.agent.stop(false);
    const tradesBefore = r.agent.book.counts().trades;
    const held = heldPlanSim();
    const request = appWith(held.planSim);
    const start = request('POST', '/api/v1/engine/start', { days: 250 });
    await held.called;
    const status = await request('GET', '/api/v1/status');
    expect(status.status).toBe(200);
    expect(status.body.data).toMatchObject({ state: 'stopped' });
    const second = await request('POST', '/api/v1/engine/start', {});
    expect(second.status).toBe(409);
    expect(JSON.stringify(second.body)).toContain('another start is planning');
    const stop = await request('POST', '/api/v1/engine/stop', {});
    expect(stop.status).toBe(200);
    expect(stop.body.data).toMatchObject({ state: 'stopped' });
    const refused = await start;
    expect(refused.status).toBe(409);
    expect(JSON.stringify(refused.body)).toContain('the start was cancelled');
    expect(held.calls).toHaveLength(1);
    expect(held.calls[0]!.signal?.aborted).toBe(true);
    expect(r.deps.agent.status().state).toBe('stopped');
    expect(r.agent.book.counts().trades).toBe(tradesBefore);
  });

  it('a start left to plan runs on the planned days', async () => {
    const held = heldPlanSim();
    const request = appWith(held.planSim);
    const start = request('POST', '/api/v1/engine/start', { days: 1, seed: 2 });
    await held.called;
    expect((await request('GET', '/api/v1/status')).body.data).toMatchObject({ state: 'stopped' });
    held.release();
    const started = await start;
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    expect(started.body.data).toMatchObject({ state: 'running' });
    await r.agent.agent.done;
    expect(r.deps.agent.status().state).toBe('finished');
  });
});
