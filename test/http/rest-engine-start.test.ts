/** engine.start over REST: the trader starts paper trading again after a stop; live, other scopes and a second start are refused and change nothing. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paramsVersion } from '../../src/core/params/params-version.js';
import { presetParams } from '../../src/core/params/presets.js';
import type { Params } from '../../src/core/params/schema.js';
import { restHarness, type RestHarness } from './rest-harness.js';

let r: RestHarness;
beforeAll(async () => {
  r = await restHarness();
});
afterAll(async () => {
  await r.close();
});

const state = () => r.deps.agent.status().state;

describe('POST /api/v1/engine/start', () => {
  it('refuses a start while running (409), live mode (403 naming mode), and the agent and automation scopes (403)', async () => {
    expect(state()).toBe('running');
    expect((await r.request('POST', '/api/v1/engine/start', { json: {} })).status).toBe(409);
    const live = await r.request('POST', '/api/v1/engine/start', { json: { mode: 'live' } });
    expect(live.status).toBe(403);
    expect(JSON.stringify(live.body)).toContain('mode');
    expect((await r.request('POST', '/api/v1/engine/start', { token: r.tokens.agent, json: {} })).status).toBe(403);
    expect((await r.request('POST', '/api/v1/engine/start', { token: r.tokens.automation, json: {} })).status).toBe(403);
    expect(state()).toBe('running');
  });

  it('starts again after a stop, with the trader’s own settings', async () => {
    const stopped = await r.request('POST', '/api/v1/engine/stop', { json: {} });
    expect(stopped.body.data).toMatchObject({ state: 'stopped' });
    const bad = await r.request('POST', '/api/v1/engine/start', { json: { startDate: '2010-01-04' } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('startDate');
    const badParam = await r.request('POST', '/api/v1/engine/start', { json: { overrides: { momentumTicks: 0 } } });
    expect(badParam.status).toBe(400);
    expect(JSON.stringify(badParam.body)).toContain('momentumTicks');
    expect(state()).toBe('stopped');
    const started = await r.request('POST', '/api/v1/engine/start', { json: { preset: 'nifty_expiry', seed: '2', simSpeed: 'max' } });
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    expect(started.body).toMatchObject({ mode: 'paper', data: { state: 'running' } });
    expect(r.deps.agent.status().preset).toBe('nifty_expiry');
    // The configuration shows the set in force: the preset started, with its version.
    const config = (await r.request('GET', '/api/v1/config')).body.data as { presetInForce: string; paramsVersionInForce: string; effective: Record<string, unknown> };
    expect(config.presetInForce).toBe('nifty_expiry');
    expect(paramsVersion(config.effective as unknown as Params)).toBe(config.paramsVersionInForce);
    expect(config.effective).toEqual(JSON.parse(JSON.stringify(presetParams('nifty_expiry'))));
  });
});
