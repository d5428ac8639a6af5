/** Over REST in live mode: the trader previews a stop, gets the token and stops with it; without it the stop is refused and the engine runs on. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restHarness, type RestHarness } from './rest-harness.js';

let r: RestHarness;
beforeAll(async () => {
  r = await restHarness({ mode: () => 'live' });
});
afterAll(async () => {
  await r.close();
});

describe('REST, live mode: engine stop takes a preview and a confirmation token', () => {
  it('refuses a bare stop naming the field, previews, and stops with the token; an agent may not preview', async () => {
    // Kill first so that no position opens or closes between the preview and the stop (the token is bound to the open trade).
    expect((await r.request('POST', '/api/v1/engine/kill', { json: {} })).status).toBe(200);
    const bare = await r.request('POST', '/api/v1/engine/stop', { json: { flatten: true } });
    expect(bare.status).toBe(403);
    expect(JSON.stringify(bare.body)).toMatch(/confirmationToken: live mode: engine.stop/);
    expect((await r.request('GET', '/api/v1/status', { token: r.tokens.agent })).body.data).toMatchObject({ state: 'killed' });
    expect((await r.request('POST', '/api/v1/engine/preview', { token: r.tokens.agent, json: { action: 'stop' } })).status).toBe(403);
    const preview = await r.request('POST', '/api/v1/engine/preview', { json: { action: 'stop', flatten: true } });
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    const p = preview.body.data as { confirmationToken: string; effect: string; position: unknown };
    expect(p).toMatchObject({ effect: 'stops the run; no position is open', position: null });
    expect(preview.body.mode).toBe('live');
    const stopped = await r.request('POST', '/api/v1/engine/stop', { json: { flatten: true, confirmationToken: p.confirmationToken } });
    expect(stopped.status, JSON.stringify(stopped.body)).toBe(200);
    expect(stopped.body.data).toMatchObject({ state: 'stopped' });
  });
});
