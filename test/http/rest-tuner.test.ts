/** The tuner over REST: only the trader runs it or changes its config; a run answers at once and ends by itself; its proposal reaches governance through the real OpenAI SDK; too few trades is a recorded skip; a missing key or bad input is refused naming it. */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMcpServer } from '../../mcp-server/create-server.js';
import { dbFiles } from '../../src/adapters/store/db-paths.js';
import { TradeBook } from '../../src/adapters/store/trade-book.js';
import { fakeLlmServer, type FakeLlmServer } from '../tuners/fake-llm-server.js';
import { closedTrades } from '../tuners/tuner-harness.js';
import { restHarness, type RestHarness } from './rest-harness.js';

type Run = { id: number; status: string; outcome: string | null; provider: string; model: string; notes: string[]; proposals: { id: number | null }[]; assessment: { untrusted: boolean; text: string } | null };

let r: RestHarness;
let fake: FakeLlmServer;
beforeAll(async () => {
  fake = await fakeLlmServer('openai');
  r = await restHarness({ gate: { start: () => ({ jobId: 'manual' }) }, tunerEnv: { OPENAI_API_KEY: 'sk-test' } });
});
afterAll(async () => {
  await r.close();
  await fake.close();
});

const data = <T>(res: { body: Record<string, unknown> }): T => res.body.data as T;

async function ended(id: number): Promise<Run> {
  for (;;) {
    const run = data<Run>(await r.request('GET', `/api/v1/tuner/runs/${id}`, { token: r.tokens.agent }));
    if (run.status === 'ended') return run;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('tuner over REST', () => {
  it('an agent or automation token cannot run the tuner or change its config; both may read', async () => {
    for (const token of [r.tokens.agent, r.tokens.automation]) {
      expect((await r.request('POST', '/api/v1/tuner/run', { token, json: { provider: 'openai' } })).status).toBe(403);
      expect((await r.request('POST', '/api/v1/tuner/config', { token, json: { provider: 'openai' } })).status).toBe(403);
      expect((await r.request('GET', '/api/v1/tuner/runs', { token })).status).toBe(200);
      expect((await r.request('GET', '/api/v1/tuner/config', { token })).status).toBe(200);
    }
    expect(data<{ runs: Run[] }>(await r.request('GET', '/api/v1/tuner/runs')).runs).toEqual([]);
  });

  it('with too few trades in the agent’s book the run is recorded as skipped', async () => {
    const res = await r.request('POST', '/api/v1/tuner/run', { json: { provider: 'openai', baseUrl: fake.baseUrl } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(data<Run>(res)).toMatchObject({ status: 'ended', outcome: 'skipped', notes: [expect.stringMatching(/closed trade\(s\); a tuner runs on at least 30/)] });
    expect(fake.requests).toHaveLength(0);
  });

  it('MCP: the trader’s run_tuner answers with the run; an agent session has no such tool', async () => {
    const connect = async (scope: 'trader' | 'agent') => {
      const server = createMcpServer({ deps: r.deps, principal: { name: `${scope}-mcp`, scope, tokenId: null } });
      const [a, b] = InMemoryTransport.createLinkedPair();
      await server.connect(a);
      const client = new Client({ name: 'test', version: '1' });
      await client.connect(b);
      return client;
    };
    const trader = await connect('trader');
    const res = (await trader.callTool({ name: 'run_tuner', arguments: { provider: 'openai', baseUrl: fake.baseUrl } })) as { isError?: boolean; structuredContent?: { data: Run } };
    expect(res.isError).toBeFalsy();
    expect(res.structuredContent!.data).toMatchObject({ provider: 'openai', requestedBy: 'trader-mcp', outcome: 'skipped' });
    await trader.close();
    const agent = await connect('agent');
    expect((await agent.listTools()).tools.map((t) => t.name)).not.toContain('run_tuner');
    const refused = (await agent.callTool({ name: 'run_tuner', arguments: { provider: 'openai' } })) as { isError?: boolean; content: { text: string }[] };
    expect(refused.isError).toBe(true);
    expect(refused.content[0]!.text).toMatch(/FORBIDDEN.*agent scope/);
    await agent.close();
  });

  it('with 30+ trades the run answers at once, ends by itself, and its proposal is in governance (source llm, untrusted rationale)', async () => {
    // The agent's book gets 40 closed trades besides what the simulator made (the manual book never counts).
    const book = TradeBook.open(dbFiles(r.dbDir).auto);
    book.insert({ events: [], trades: closedTrades(40, r.deps.agent.status().paramsVersion!), others: [] });
    book.close();
    fake.script({ answer: { assessment: 'Stop-outs dominate.', proposals: [{ changes: [{ field: 'tpPoints', value: 9 }], rationale: 'A little more room.' }] } });
    const res = await r.request('POST', '/api/v1/tuner/run', { json: { provider: 'openai', model: 'gpt-test', baseUrl: fake.baseUrl } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const started = data<Run>(res);
    expect(['running', 'ended']).toContain(started.status);
    const run = await ended(started.id);
    expect(run).toMatchObject({ outcome: 'proposed', provider: 'openai', model: 'gpt-test', assessment: { untrusted: true, text: 'Stop-outs dominate.' } });
    const p = data<{ id: number; source: string; author: string; status: string; rationale: { untrusted: boolean } }>(await r.request('GET', `/api/v1/proposals/${run.proposals[0]!.id}`, { token: r.tokens.agent }));
    expect(p).toMatchObject({ source: 'llm', author: 'tuner:openai', status: 'gating', rationale: { untrusted: true } });
    expect(data<{ runs: Run[] }>(await r.request('GET', '/api/v1/tuner/runs?limit=1', { token: r.tokens.automation })).runs[0]!.id).toBe(started.id);
  });

  it('a provider whose key is not set answers 503 naming the variable', async () => {
    const res = await r.request('POST', '/api/v1/tuner/run', { json: { provider: 'anthropic' } });
    expect(res.status).toBe(503);
    expect(JSON.stringify(res.body.error)).toContain('ANTHROPIC_API_KEY');
  });

  it.each([
    [{ provider: 'gemini' }, 'provider'],
    [{ provider: 'openai', baseUrl: 'file:///etc/passwd' }, 'baseUrl'],
    [{ provider: 'openai', temperature: 2 }, 'temperature'],
  ])('bad input %j is refused naming %s', async (json, field) => {
    const res = await r.request('POST', '/api/v1/tuner/run', { json });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.error)).toContain(field);
  });

  it('the trader changes the config and schedule; fields left out keep their value; bad values name the field', async () => {
    const res = await r.request('POST', '/api/v1/tuner/config', { json: { provider: 'ollama', model: 'qwen3', schedule: { kind: 'daily', at: '15:45' } } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const cfg = data<{ provider: string; model: string; timeoutSeconds: number; nextRunTs: number }>(res);
    expect(cfg).toMatchObject({ provider: 'ollama', model: 'qwen3', timeoutSeconds: 60, schedule: { kind: 'daily', at: '15:45' } });
    expect(cfg.nextRunTs).toBeGreaterThan(Date.now() - 86_400_000);
    expect(data<{ provider: string }>(await r.request('GET', '/api/v1/tuner/config', { token: r.tokens.agent }))).toMatchObject({ provider: 'ollama', model: 'qwen3' });
    const bad = await r.request('POST', '/api/v1/tuner/config', { json: { timeoutSeconds: 5 } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error)).toContain('timeoutSeconds');
    const off = await r.request('POST', '/api/v1/tuner/config', { json: { schedule: { kind: 'off' } } });
    expect(data<{ nextRunTs: null; model: string }>(off)).toMatchObject({ nextRunTs: null, model: 'qwen3' });
  });
});

describe('the offline tuner over REST', () => {
  it('runs its search as a tune-offline job on the pool; a shutdown cancels the job and records the run as failed', async () => {
    const o = await restHarness({ jobs: true, gate: { start: () => ({ jobId: 'manual' }) } });
    try {
      const book = TradeBook.open(dbFiles(o.dbDir).auto);
      book.insert({ events: [], trades: closedTrades(40, o.deps.agent.status().paramsVersion!), others: [] });
      book.close();
      const res = await o.request('POST', '/api/v1/tuner/run', { json: { provider: 'offline' } });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const run = data<Run>(res);
      expect(run).toMatchObject({ provider: 'offline', model: null, status: 'running' });
      const jobs = data<{ items: { id: string; kind: string; state: string }[] }>(await o.request('GET', '/api/v1/jobs'));
      const job = jobs.items.find((j) => j.kind === 'tune-offline');
      expect(job).toBeDefined();
      await o.deps.tuner!.close();
      const after = o.deps.tuner!.get(run.id);
      expect(after).toMatchObject({ status: 'ended', outcome: 'failed' });
      expect(after.notes.join('\n')).toContain(`search job ${job!.id}`);
      expect(after.notes.join('\n')).toMatch(/the search job cancelled/);
      expect(o.deps.jobs!.get(job!.id).state).toBe('cancelled');
    } finally {
      await o.close();
    }
  });
});
