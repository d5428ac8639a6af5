/**
 * In live mode no source applies a proposal without the trader's single-use token, on any surface: a
 * proposal from each source (human, agent, llm, offline, bandit) passes its gate with auto-apply on and
 * stays waiting; REST, MCP and the CLI each refuse to apply it without a token (and an agent token or
 * session never may); it is applied only with a token, through a surface in turn. Single use and expiry
 * are in rest-governance.test.ts.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMcpServer } from '../../mcp-server/create-server.js';
import type { ProposalSource } from '../../src/adapters/store/governance-store.js';
import type { GateResult } from '../../src/app/governance/governance.js';
import type { Principal } from '../../src/app/registry/operation.js';
import { listen, type HttpListener } from '../../src/http/daemon.js';
import { scalper } from '../cli/in-process.js';
import { restHarness, type RestHarness } from './rest-harness.js';

const MANUAL_GATE = { start: () => ({ jobId: 'manual' }) };
const PASS: GateResult = { passed: true, reason: 'test: the gate passed', evidence: { test: true } };

type Proposal = { id: number; status: string; source: string };
type Result = { isError?: boolean; content: { type: string; text?: string }[]; structuredContent?: { mode: string; data: unknown } };
const text = (res: Result): string => res.content.map((c) => c.text ?? '').join('');

let mode: 'paper' | 'live' = 'paper';
let r: RestHarness;
let http: HttpListener;
const trader: Principal = { name: 'trader-test', scope: 'trader', tokenId: null };
const agent: Principal = { name: 'agent-test', scope: 'agent', tokenId: null };

async function mcp(principal: Principal): Promise<Client> {
  const server = createMcpServer({ deps: r.deps, principal });
  const [a, b] = InMemoryTransport.createLinkedPair();
  await server.connect(a);
  const client = new Client({ name: 'matrix', version: '1' });
  await client.connect(b);
  return client;
}

beforeAll(async () => {
  r = await restHarness({ mode: () => mode, gate: MANUAL_GATE });
  r.deps.governance!.updateSettings({ autoApplyPaper: true, cooloffMinutes: 0 });
  // The CLI finds "the daemon" of the directory through daemon.json: here, the harness's app on a port.
  http = await listen(r.app, { host: '127.0.0.1', port: 0 }, false);
  writeFileSync(join(r.dbDir, 'daemon.json'), JSON.stringify({ url: http.url, pid: process.pid, startedTs: Date.now() }));
}, 120_000);

afterAll(async () => {
  await http.close();
  await r.close();
});

/** A proposal of tpPoints to `to` from `source`, made in paper and gated in live. */
async function proposeFrom(source: ProposalSource, to: number): Promise<Proposal> {
  mode = 'paper';
  const body = { diff: { tpPoints: to }, rationale: `${source} thinks ${to}` };
  let p: Proposal;
  if (source === 'human' || source === 'agent') {
    const res = await r.request('POST', '/api/v1/proposals', { token: source === 'human' ? r.tokens.trader : r.tokens.agent, json: body });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    p = (res.body.data as { proposal: Proposal }).proposal;
  } else {
    p = r.deps.governance!.propose(body, source, `tuner:${source}`).proposal;
  }
  expect(p.source).toBe(source);
  mode = 'live';
  r.deps.governance!.gateEnded(p.id, PASS);
  return p;
}

describe('live mode: applying needs the trader’s single-use token, whatever the source and the surface', () => {
  const sources: ProposalSource[] = ['human', 'agent', 'llm', 'offline', 'bandit'];
  const surfaces = ['REST', 'MCP', 'CLI'] as const;

  it.each(sources.map((s, i) => [s, surfaces[i % surfaces.length]!, i] as const))('a %s proposal: refused without a token on every surface; applied with one through %s', async (source, surface, i) => {
    const to = i % 2 === 0 ? 9 : 8;
    const p = await proposeFrom(source, to);
    const g = r.deps.governance!;
    // Auto-apply is on, but the mode in force is live: the passed gate waits for the trader.
    expect(g.get(p.id).status).toBe('gate_passed');
    expect((await r.request('POST', `/api/v1/proposals/${p.id}/approve`, { token: r.tokens.agent, json: {} })).status).toBe(403);
    expect((await r.request('POST', `/api/v1/proposals/${p.id}/approve`, { json: {} })).status).toBe(200);

    // REST: the trader without a token, a wrong one, and an agent token with a real one.
    const bare = await r.request('POST', `/api/v1/proposals/${p.id}/apply`, { json: {} });
    expect(bare.status).toBe(403);
    expect(JSON.stringify(bare.body)).toMatch(/confirmationToken/);
    expect((await r.request('POST', `/api/v1/proposals/${p.id}/apply`, { json: { confirmationToken: 'confirm_wrong' } })).status).toBe(403);
    const forAgent = (await r.request('POST', `/api/v1/proposals/${p.id}/confirm`, { json: {} })).body.data as { confirmationToken: string };
    expect((await r.request('POST', `/api/v1/proposals/${p.id}/apply`, { token: r.tokens.agent, json: { confirmationToken: forAgent.confirmationToken } })).status).toBe(403);

    // MCP: the trader's session without a token; an agent session has no such tool and is refused.
    const t = await mcp(trader);
    const mcpBare = (await t.callTool({ name: 'apply_params', arguments: { id: p.id } })) as unknown as Result;
    expect(mcpBare.isError).toBe(true);
    expect(text(mcpBare)).toMatch(/FORBIDDEN.*confirmationToken.*\[live\]/);
    const a = await mcp(agent);
    expect((await a.listTools()).tools.map((x) => x.name)).not.toContain('apply_params');
    const agentTry = (await a.callTool({ name: 'apply_params', arguments: { id: p.id, confirmationToken: forAgent.confirmationToken } })) as unknown as Result;
    expect(text(agentTry)).toMatch(/FORBIDDEN: apply_params: not available to the agent scope \(mode live\)/);
    await a.close();

    // CLI: without a token it is refused (the token the agent tried was never consumed: it still works once).
    const cliBare = await scalper(['proposals', 'apply', String(p.id), '--db-dir', r.dbDir]);
    expect(cliBare.code).not.toBe(0);
    expect(cliBare.stderr).toMatch(/confirmation/);
    expect(g.get(p.id).status).toBe('approved');

    // With a token, once, through this row's surface (a token is bound to the trader who asked for it).
    const token = (await r.request('POST', `/api/v1/proposals/${p.id}/confirm`, { json: {} })).body.data as { confirmationToken: string };
    if (surface === 'REST') {
      expect((await r.request('POST', `/api/v1/proposals/${p.id}/apply`, { json: { confirmationToken: token.confirmationToken } })).status).toBe(200);
    } else if (surface === 'MCP') {
      const done = (await t.callTool({ name: 'apply_params', arguments: { id: p.id, confirmationToken: token.confirmationToken } })) as unknown as Result;
      expect(done.isError, text(done)).toBeFalsy();
      expect(done.structuredContent?.mode).toBe('live');
    } else {
      const other = await scalper(['proposals', 'apply', String(p.id), '--confirmation-token', token.confirmationToken, '--db-dir', r.dbDir]);
      expect(other.stderr).toMatch(/--confirmation-token: must be the unexpired token issued for this step/);
      const confirmed = await scalper(['proposals', 'confirm', String(p.id), '--json', '--db-dir', r.dbDir]);
      expect(confirmed.code, confirmed.stderr).toBe(0);
      const own = (JSON.parse(confirmed.stdout) as { confirmationToken: string }).confirmationToken;
      const done = await scalper(['proposals', 'apply', String(p.id), '--confirmation-token', own, '--json', '--db-dir', r.dbDir]);
      expect(done.code, done.stderr).toBe(0);
    }
    await t.close();
    expect(g.get(p.id).status).toBe('applied');
    expect(r.deps.agent.currentParams()?.tpPoints).toBe(to);
  });
});
