/**
 * Arming live over REST (issue 11): only the trader arms, for 1–375 minutes, on a daemon with a live broker;
 * anyone may disarm; status shows it; the kill switch disarms; and a live start is refused unarmed on REST
 * and MCP (with an agent's session refused by scope), an analyzer or live start without the OpenAlgo feed too.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createMcpServer } from '../../mcp-server/create-server.js';
import { restHarness, type RestHarness } from './rest-harness.js';

type Armed = { armed: boolean; armedBy: string | null; untilTs: number | null; lastEnd: { by: string; reason: string } | null };
let r: RestHarness | null = null;
afterEach(async () => {
  await r?.close();
  r = null;
});

describe('live arming over REST and MCP', () => {
  it('the trader arms for a bounded time; agents cannot arm but may disarm; status shows it; the kill switch disarms', async () => {
    r = await restHarness({ liveAvailable: () => true });
    const h = r;
    const live = async (token?: string) => (await h.request('GET', '/api/v1/engine/live', token === undefined ? {} : { token })).body.data as Armed;
    expect(await live(h.tokens.agent)).toMatchObject({ armed: false, lastEnd: null });
    expect((await h.request('POST', '/api/v1/engine/live/arm', { token: h.tokens.agent, json: { minutes: 10 } })).status).toBe(403);
    for (const minutes of [0, 376, 1.5]) {
      const bad = await h.request('POST', '/api/v1/engine/live/arm', { json: { minutes } });
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.body.error)).toContain('minutes');
    }
    expect((await live()).armed).toBe(false);
    const before = Date.now();
    const armed = (await h.request('POST', '/api/v1/engine/live/arm', { json: { minutes: 30, note: 'testing' } })).body.data as Armed;
    expect(armed.armed).toBe(true);
    expect(typeof armed.armedBy).toBe('string');
    expect(armed.untilTs! - before).toBeGreaterThanOrEqual(30 * 60_000 - 5);
    expect(armed.untilTs! - Date.now()).toBeLessThanOrEqual(30 * 60_000);
    const status = (await h.request('GET', '/api/v1/status', { token: h.tokens.agent })).body.data as { liveArming: { armed: boolean; untilTs: number } };
    expect(status.liveArming).toEqual({ armed: true, untilTs: armed.untilTs });

    // An agent may disarm: it only reduces risk.
    const disarmed = (await h.request('POST', '/api/v1/engine/live/disarm', { token: h.tokens.agent, json: { reason: 'drawdown' } })).body.data as Armed;
    expect(disarmed).toMatchObject({ armed: false, lastEnd: { by: 'agent-test', reason: 'drawdown' } });

    // Approving an agent's request arms for the minutes the trader gives.
    const req = (await h.request('POST', '/api/v1/engine/live/arming-requests', { token: h.tokens.agent, json: { reason: 'good paper week' } })).body.data as { id: number };
    const approved = await h.request('POST', `/api/v1/engine/live/arming-requests/${req.id}/decide`, { json: { approve: true, minutes: 5 } });
    expect(approved.status).toBe(200);
    const viaRequest = await live();
    expect(viaRequest.armed).toBe(true);
    expect(viaRequest.untilTs! - Date.now()).toBeLessThanOrEqual(5 * 60_000);

    // The kill switch ends it.
    expect((await h.request('POST', '/api/v1/engine/kill', {})).status).toBe(200);
    expect(await live()).toMatchObject({ armed: false, lastEnd: { by: 'kill switch', reason: 'kill switch' } });
  });

  it('a live start is refused unarmed on REST and MCP; analyzer and live need the OpenAlgo feed; arming needs a live broker', async () => {
    r = await restHarness();
    const h = r;
    await h.request('POST', '/api/v1/engine/stop', { json: {} });
    const unarmed = await h.request('POST', '/api/v1/engine/start', { json: { mode: 'live' } });
    expect(unarmed.status).toBe(403);
    expect(unarmed.body.error).toMatchObject({ code: 'FORBIDDEN', issues: [{ field: 'mode', rule: 'live is not armed' }] });
    const analyzer = await h.request('POST', '/api/v1/engine/start', { json: { mode: 'analyzer' } });
    expect(analyzer.status).toBe(400);
    expect(JSON.stringify(analyzer.body.error)).toContain('scalper serve --feed openalgo');
    expect((await h.request('POST', '/api/v1/engine/start', { token: h.tokens.agent, json: { mode: 'live' } })).status).toBe(403);
    // Without a live broker there is nothing to arm.
    const arm = await h.request('POST', '/api/v1/engine/live/arm', { json: { minutes: 10 } });
    expect(arm.status).toBe(503);
    expect(JSON.stringify(arm.body.error)).toContain('--feed openalgo');
    expect(h.deps.agent.status().state).toBe('stopped');

    for (const scope of ['trader', 'agent'] as const) {
      const server = createMcpServer({ deps: h.deps, principal: { name: `claude-${scope}`, scope, tokenId: null } });
      const [a, b] = InMemoryTransport.createLinkedPair();
      await server.connect(a);
      const client = new Client({ name: 't', version: '1' });
      await client.connect(b);
      const res = (await client.callTool({ name: 'start_engine', arguments: { mode: 'live' } })) as { isError?: boolean; content: { text: string }[] };
      expect(res.isError).toBe(true);
      expect(res.content[0]!.text).toMatch(scope === 'trader' ? /live trading is not armed/ : /agent/);
      await client.close();
    }
    expect(h.deps.agent.status().state).toBe('stopped');
  });
});
