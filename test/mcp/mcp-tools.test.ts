/** The MCP tools through the SDK's own Client over the in-memory transport: listing by scope, every tool called with invalid input (a tool error naming the field) and with valid input (every-tool.ts), results with the mode. */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMcpServer } from '../../mcp-server/create-server.js';
import { TOOLS } from '../../mcp-server/tool-table.js';
import { exerciseEveryTool } from './every-tool.js';
import type { Principal } from '../../src/app/registry/operation.js';
import { restHarness, type RestHarness } from '../http/rest-harness.js';

let r: RestHarness;
beforeAll(async () => {
  r = await restHarness({ jobs: true });
});
afterAll(async () => {
  await r.close();
});

const principals: Record<'trader' | 'agent', Principal> = {
  trader: { name: 'trader-test', scope: 'trader', tokenId: null },
  agent: { name: 'agent-test', scope: 'agent', tokenId: null },
};

async function connect(principal: Principal, o: { readOnly?: boolean; toolsets?: string[] } = {}): Promise<Client> {
  const server = createMcpServer({ deps: r.deps, principal, ...o });
  const [a, b] = InMemoryTransport.createLinkedPair();
  await server.connect(a);
  const client = new Client({ name: 'test', version: '1' });
  await client.connect(b);
  return client;
}

type Result = { isError?: boolean; content: { type: string; text?: string }[]; structuredContent?: { mode: string; data: unknown } };
const text = (res: Result): string => res.content.map((c) => c.text ?? '').join('');

describe('MCP tools', () => {
  it('the trader sees every mounted tool with all four hints; the instructions state the mode', async () => {
    const client = await connect(principals.trader);
    const { tools } = await client.listTools();
    const names = tools.map((t) => t.name);
    for (const t of TOOLS) expect(names, t.tool).toContain(t.tool);
    for (const t of tools) {
      for (const hint of ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const) expect(typeof t.annotations?.[hint], `${t.name} ${hint}`).toBe('boolean');
      expect(t.inputSchema.type).toBe('object');
      expect(t.outputSchema?.type).toBe('object');
    }
    expect(client.getInstructions()).toMatch(/Mode in force: PAPER/);
    await client.close();
  });

  it('an agent session lists no tool that applies, rolls back, stops, starts or forces an exit, and calling one is refused naming the scope', async () => {
    const client = await connect(principals.agent);
    const names = (await client.listTools()).tools.map((t) => t.name);
    for (const t of ['apply_params', 'rollback_params', 'stop_engine', 'start_engine', 'force_exit', 'review_experiment', 'run_tuner']) expect(names).not.toContain(t);
    expect(names).toEqual(expect.arrayContaining(['get_status', 'propose_params', 'submit_experiment', 'run_backtest', 'kill_switch']));
    const res = (await client.callTool({ name: 'apply_params', arguments: { id: 1 } })) as unknown as Result;
    expect(res.isError).toBe(true);
    expect(text(res)).toMatch(/FORBIDDEN.*agent scope.*paper/);
    await client.close();
  });

  it('the read-only profile and toolsets narrow the list', async () => {
    const ro = await connect(principals.trader, { readOnly: true });
    const roNames = (await ro.listTools()).tools.map((t) => t.name);
    expect(roNames).toContain('get_status');
    expect(roNames).not.toContain('kill_switch');
    const only = await connect(principals.trader, { toolsets: ['status'] });
    expect((await only.listTools()).tools.map((t) => t.name).sort()).toEqual(['get_config', 'get_logs', 'get_risk_state', 'get_status', 'list_positions']);
    await ro.close();
    await only.close();
  });

  it('every tool called with an unknown field answers a tool error naming it, never a crash; nothing changes', async () => {
    const client = await connect(principals.trader);
    const before = r.deps.agent.status().state;
    for (const t of (await client.listTools()).tools) {
      const res = (await client.callTool({ name: t.name, arguments: { zzUnknown: 1 } })) as unknown as Result;
      expect(res.isError, t.name).toBe(true);
      expect(text(res), t.name).toMatch(/^[A-Z_]+: /);
      expect(text(res), t.name).toMatch(/zzUnknown|action|invalid input/);
    }
    expect(r.deps.agent.status().state).toBe(before);
    await client.close();
  });

  it('valid calls answer structured content with the mode and a one-line summary; bad values name the field', async () => {
    const client = await connect(principals.trader);
    const status = (await client.callTool({ name: 'get_status', arguments: {} })) as unknown as Result;
    expect(status.structuredContent).toMatchObject({ mode: 'paper', data: { state: 'running' } });
    expect(text(status)).toMatch(/running.*\[paper\]$/);
    const trades = (await client.callTool({ name: 'list_trades', arguments: { limit: '5' } })) as unknown as Result;
    expect(trades.isError).toBeFalsy();
    const bad = (await client.callTool({ name: 'list_trades', arguments: { limit: 0 } })) as unknown as Result;
    expect(bad.isError).toBe(true);
    expect(text(bad)).toMatch(/INVALID_INPUT.*limit/);
    const perf = (await client.callTool({ name: 'get_performance', arguments: {} })) as unknown as Result;
    expect(perf.structuredContent?.mode).toBe('paper');
    await client.close();
  });

  it('a backtest returns its job at once, or with a progress token waits and reports progress', async () => {
    const client = await connect(principals.agent);
    const quick = (await client.callTool({ name: 'run_backtest', arguments: { days: 2, seed: 21 } })) as unknown as Result;
    expect(quick.isError).toBeFalsy();
    const job = (quick.structuredContent!.data as { id: string; state: string });
    expect(['queued', 'running', 'done']).toContain(job.state);
    const progress: number[] = [];
    const waited = (await client.callTool({ name: 'run_backtest', arguments: { days: 2, seed: 22 } }, undefined, { onprogress: (p) => progress.push(p.progress), resetTimeoutOnProgress: true })) as unknown as Result;
    expect(waited.isError, text(waited)).toBeFalsy();
    expect((waited.structuredContent!.data as { state: string; result: { trades: unknown[] } }).state).toBe('done');
    expect(progress.length).toBeGreaterThan(0);
    const polled = (await client.callTool({ name: 'get_job', arguments: { id: job.id } })) as unknown as Result;
    expect(text(polled)).toMatch(new RegExp(`job ${job.id}`));
    await client.close();
  });

  // Last: it ends by stopping and starting the engine.
  it('every tool called with valid input answers (or refuses as the engine’s state decides) and with invalid input names the field', async () => {
    const client = await connect(principals.trader);
    const { called, refused } = await exerciseEveryTool(client);
    expect(called).toHaveLength(TOOLS.length);
    // OpenAlgo is not configured here, nothing is approved to apply, the version in force cannot be rolled
    // back to itself; the rest answer (the sweep may have finished before its cancel, which is then refused).
    expect(refused.map((x) => x.split(':')[0]).filter((t) => t !== 'cancel_job')).toEqual(['reconcile_day', 'apply_params', 'rollback_params']);
    // The kill switch holds across the stop and the start until the trader resumes.
    expect(r.deps.agent.status().state).toBe('killed');
    expect(((await client.callTool({ name: 'set_entries', arguments: { enabled: true } })) as unknown as Result).structuredContent?.data).toMatchObject({ state: 'running' });
    await client.close();
  });
});
