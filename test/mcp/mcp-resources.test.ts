/** MCP resources and prompts through the SDK's client: reads as the session's principal, templates with completions, subscriptions that send resources/updated, prompts from prompts/mcp. */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMcpServer } from '../../mcp-server/create-server.js';
import type { Principal } from '../../src/app/registry/operation.js';
import { restHarness, type RestHarness } from '../http/rest-harness.js';

let r: RestHarness;
beforeAll(async () => {
  r = await restHarness({ simSpeed: 600, jobs: true });
});
afterAll(async () => {
  await r.close();
});

async function connect(principal: Principal): Promise<Client> {
  const server = createMcpServer({ deps: r.deps, principal });
  const [a, b] = InMemoryTransport.createLinkedPair();
  await server.connect(a);
  const client = new Client({ name: 'test', version: '1' });
  await client.connect(b);
  return client;
}
const trader: Principal = { name: 'trader-test', scope: 'trader', tokenId: null };
const agent: Principal = { name: 'agent-test', scope: 'agent', tokenId: null };
const json = (res: { contents: readonly object[] }): { mode: string; data: Record<string, unknown> } => JSON.parse(String((res.contents[0] as { text?: string }).text)) as { mode: string; data: Record<string, unknown> };

describe('MCP resources', () => {
  it('lists the resources and templates the principal may read; the agent does not see the audit log', async () => {
    const t = await connect(trader);
    const uris = (await t.listResources()).resources.map((x) => x.uri);
    expect(uris).toEqual(expect.arrayContaining(['scalper://status', 'scalper://positions', 'scalper://config/current', 'scalper://risk/state', 'scalper://audit/recent', 'scalper://docs/governance']));
    const templates = (await t.listResourceTemplates()).resourceTemplates.map((x) => x.uriTemplate);
    expect(templates).toEqual(expect.arrayContaining(['scalper://trades/{trade_id}', 'scalper://jobs/{job_id}', 'scalper://performance/{window}', 'scalper://proposals/{id}']));
    const a = await connect(agent);
    expect((await a.listResources()).resources.map((x) => x.uri)).not.toContain('scalper://audit/recent');
    await t.close();
    await a.close();
  });

  it('reads status, a performance window and a trade (completed from the book), each saying the mode', async () => {
    const c = await connect(trader);
    expect(json(await c.readResource({ uri: 'scalper://status' }))).toMatchObject({ mode: 'paper', data: { state: 'running' } });
    expect(json(await c.readResource({ uri: 'scalper://performance/all' })).data).toHaveProperty('summary');
    const windows = await c.complete({ ref: { type: 'ref/resource', uri: 'scalper://performance/{window}' }, argument: { name: 'window', value: '3' } });
    expect(windows.completion.values).toEqual(['30d']);
    const doc = await c.readResource({ uri: 'scalper://docs/governance' });
    expect(String((doc.contents[0] as { text?: string }).text)).toContain('# Parameter governance');
    await expect(c.readResource({ uri: 'scalper://trades/none' })).rejects.toThrow(/no closed trade/);
    await c.close();
  });

  it('a subscribed status sends resources/updated when the engine changes', async () => {
    const c = await connect(trader);
    const updated = new Promise<string>((resolve) => c.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => resolve(n.params.uri)));
    await c.subscribeResource({ uri: 'scalper://status' });
    r.deps.agent.pause('subscription test');
    expect(await updated).toBe('scalper://status');
    r.deps.agent.resume();
    await c.close();
  });

  it('subscribed positions and a subscribed job send resources/updated; an unsubscribed one does not', async () => {
    const c = await connect(trader);
    const seen: string[] = [];
    let notify: (() => void) | null = null;
    c.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => {
      seen.push(n.params.uri);
      notify?.();
    });
    const next = (uri: string): Promise<void> =>
      new Promise((resolve) => {
        notify = () => {
          if (seen.includes(uri)) resolve();
        };
        notify();
      });
    await c.subscribeResource({ uri: 'scalper://positions' });
    r.deps.agent.pause('subscription test');
    await next('scalper://positions');
    r.deps.agent.resume();
    const job = r.deps.jobs!.submit('backtest', { days: 2, seed: 41 }, 'test');
    await c.subscribeResource({ uri: `scalper://jobs/${job.id}` });
    await next(`scalper://jobs/${job.id}`);
    const read = json(await c.readResource({ uri: `scalper://jobs/${job.id}` }));
    expect(read.data).toMatchObject({ id: job.id });
    expect(seen).not.toContain('scalper://status');
    await c.unsubscribeResource({ uri: 'scalper://positions' });
    const before = seen.length;
    r.deps.agent.pause('after unsubscribe');
    r.deps.agent.resume();
    await c.readResource({ uri: 'scalper://status' });
    expect(seen.slice(before).filter((u) => u === 'scalper://positions')).toEqual([]);
    await c.close();
  });
});

describe('MCP prompts', () => {
  it('every prompt file is offered, renders its arguments, and explain_trade’s trade id completes', async () => {
    const c = await connect(trader);
    const prompts = (await c.listPrompts()).prompts.map((p) => p.name).sort();
    const files = readdirSync(new URL('../../prompts/mcp/', import.meta.url)).map((f) => f.replace(/\.md$/, '')).sort();
    expect(prompts).toEqual(files);
    expect(prompts).toEqual(expect.arrayContaining(['daily_review', 'diagnose_drawdown', 'tune_parameters', 'design_experiment', 'review_experiment_queue', 'go_live_checklist', 'incident_response', 'explain_trade']));
    const got = await c.getPrompt({ name: 'explain_trade', arguments: { trade_id: '2026-01-05#1' } });
    const text = (got.messages[0]!.content as { text: string }).text;
    expect(text).toContain('Explain trade 2026-01-05#1.');
    const review = await c.getPrompt({ name: 'daily_review', arguments: {} });
    expect((review.messages[0]!.content as { text: string }).text).toContain('(not given)');
    const done = await c.complete({ ref: { type: 'ref/prompt', name: 'explain_trade' }, argument: { name: 'trade_id', value: '2026' } });
    expect(Array.isArray(done.completion.values)).toBe(true);
    await c.close();
  });
});
