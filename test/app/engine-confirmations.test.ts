/**
 * Live mode: stopping the engine and forcing an exit take a preview and the trader's single-use token,
 * bound to the step, its options and the open trade; paper and steps that would do nothing need none.
 * Through the registry (every surface's path) and through the MCP tools.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { describe, expect, it } from 'vitest';
import { createMcpServer } from '../../mcp-server/create-server.js';
import type { AgentControl, AppDeps } from '../../src/app/app-deps.js';
import { EventBus } from '../../src/app/events/event-bus.js';
import { ConfirmationTokens } from '../../src/app/governance/confirmations.js';
import type { Governance } from '../../src/app/governance/governance.js';
import type { CallContext, Principal } from '../../src/app/registry/operation.js';
import { invoke } from '../../src/app/registry/invoke.js';
import { forceExit, previewEngineOp, stopEngine } from '../../src/app/operations/engine-ops.js';
import type { AgentStatus } from '../../src/app/runtime/agent-manager.js';

const trader: Principal = { name: 'trader-a', scope: 'trader', tokenId: null };
const position = {
  tradeId: '2026-01-05#3',
  side: 'CE',
  symbol: 'NIFTY26JAN26000CE',
  qty: 65,
  avgEntry: '120.50',
  stop: '112.00',
  stage: 'trail',
  unrealisedNet: '-310.25',
  exitAttempts: 0,
  exitStuck: false,
};

/** An agent that only records the commands it gets, holding `position` until told otherwise. */
function fakeWorld(mode: 'paper' | 'live') {
  const calls: string[] = [];
  let state: AgentStatus['state'] = 'running';
  let held: typeof position | null = position;
  let clock = 1_000_000;
  const status = (): AgentStatus => ({
      state,
      mode: 'paper',
      feed: null,
      heartbeatAgeMs: null,
      simTime: null,
      tradingState: 'active',
      tradingDate: '2026-01-05',
      paramsVersion: null,
      preset: null,
      position: held,
      today: { realisedNet: '0.00', netIncludingOpen: '0.00', trades: 0 },
      risk: null,
      queue: { pending: 0, droppedNonTrade: 0 },
      instruments: [],
      locks: [],
      pausedReason: null,
      alarms: [],
    currency: 'INR',
  });
  const agent = {
    status,
    forceExit: () => {
      calls.push('forceExit');
      const had = held !== null;
      held = null;
      return had;
    },
    stop: (flatten: boolean) => {
      calls.push(`stop(${flatten})`);
      state = 'stopped';
      return Promise.resolve();
    },
  } as unknown as AgentControl;
  const tokens = new ConfirmationTokens(() => clock);
  const deps = {
    agent,
    mode: () => mode,
    version: 'test',
    events: new EventBus(() => clock),
    governance: { confirmations: tokens } as unknown as Governance,
  } as unknown as AppDeps;
  const ctx: CallContext = { principal: trader, mode };
  return {
    deps,
    ctx,
    calls,
    hold: (p: typeof position | null) => (held = p),
    setState: (s: AgentStatus['state']) => (state = s),
    later: (ms: number) => (clock += ms),
  };
}

const preview = async (w: ReturnType<typeof fakeWorld>, action: 'stop' | 'force-exit', flatten = false) => invoke(previewEngineOp, w.deps, { action, flatten }, w.ctx);

describe('engine steps in live mode take a preview and a confirmation token', () => {
  it('paper: no token is given or needed', async () => {
    const w = fakeWorld('paper');
    const p = await preview(w, 'force-exit');
    expect(p).toMatchObject({ action: 'force-exit', confirmationToken: null, expiresTs: null, position: { tradeId: '2026-01-05#3' } });
    expect(p.effect).toMatch(/exits CE NIFTY26JAN26000CE × 65 \(trade 2026-01-05#3, open P&L ₹-310.25/);
    expect(await invoke(forceExit, w.deps, {}, w.ctx)).toMatchObject({ exited: true });
    expect(w.calls).toEqual(['forceExit']);
  });

  it('live: a forced exit without a token is refused naming the field and the preview, and nothing is done', async () => {
    const w = fakeWorld('live');
    await expect(invoke(forceExit, w.deps, {}, w.ctx)).rejects.toThrow(/confirmationToken: live mode: engine.force-exit .*preview/);
    await expect(invoke(forceExit, w.deps, { confirmationToken: 'confirm_guess' }, w.ctx)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(w.calls).toEqual([]);
    const p = await preview(w, 'force-exit');
    expect(p.confirmationToken).toMatch(/^confirm_/);
    expect(p.expiresTs).toBe(1_000_000 + 60_000);
    expect(await invoke(forceExit, w.deps, { confirmationToken: p.confirmationToken! }, w.ctx)).toMatchObject({ exited: true });
    expect(w.calls).toEqual(['forceExit']);
  });

  it('live: a token is single use, lapses after 60 s, belongs to the trader who asked, and is bound to the open trade and the options', async () => {
    const w = fakeWorld('live');
    const t1 = (await preview(w, 'force-exit')).confirmationToken!;
    // Another trader cannot use it.
    await expect(invoke(forceExit, w.deps, { confirmationToken: t1 }, { principal: { ...trader, name: 'trader-b' }, mode: 'live' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // The position it was made for closed and another opened: the token is no good for the new one.
    w.hold({ ...position, tradeId: '2026-01-05#4' });
    await expect(invoke(forceExit, w.deps, { confirmationToken: t1 }, w.ctx)).rejects.toThrow(/not valid for engine.force-exit exit:2026-01-05#4/);
    // A stop token does not force an exit, and a keep-open stop token does not flatten.
    const stopKeep = (await preview(w, 'stop', false)).confirmationToken!;
    await expect(invoke(forceExit, w.deps, { confirmationToken: stopKeep }, w.ctx)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(invoke(stopEngine, w.deps, { flatten: true, confirmationToken: stopKeep }, w.ctx)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // Expiry.
    const t2 = (await preview(w, 'force-exit')).confirmationToken!;
    w.later(60_001);
    await expect(invoke(forceExit, w.deps, { confirmationToken: t2 }, w.ctx)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // Single use.
    const t3 = (await preview(w, 'stop', true)).confirmationToken!;
    const p3 = await preview(w, 'stop', true);
    expect(p3.effect).toMatch(/^exits CE .* at market, then stops the run$/);
    await expect(invoke(stopEngine, w.deps, { flatten: true, confirmationToken: t3 }, w.ctx)).rejects.toMatchObject({ code: 'FORBIDDEN' }); // replaced by the newer preview
    expect(await invoke(stopEngine, w.deps, { flatten: true, confirmationToken: p3.confirmationToken! }, w.ctx)).toMatchObject({ state: 'stopped' });
    expect(w.calls).toEqual(['stop(true)']);
  });

  it('live: a stop that keeps the position open says so; steps that would do nothing need no token', async () => {
    const w = fakeWorld('live');
    expect((await preview(w, 'stop')).effect).toMatch(/leaves CE NIFTY26JAN26000CE × 65 .* open with no stop managing it/);
    w.hold(null);
    const flat = await preview(w, 'force-exit');
    expect(flat).toMatchObject({ effect: 'nothing: no position is open', confirmationToken: null });
    expect(await invoke(forceExit, w.deps, {}, w.ctx)).toMatchObject({ exited: false });
    w.setState('stopped');
    expect(await preview(w, 'stop')).toMatchObject({ effect: 'nothing: the engine is stopped', confirmationToken: null });
  });

  it('MCP: preview_action gives the token, stop_engine and force_exit refuse without it as a tool error naming the field', async () => {
    const w = fakeWorld('live');
    const server = createMcpServer({ deps: w.deps, principal: trader });
    const [a, b] = InMemoryTransport.createLinkedPair();
    await server.connect(a);
    const client = new Client({ name: 'confirm', version: '1' });
    await client.connect(b);
    const text = (r: unknown): string => (r as { content: { text?: string }[] }).content.map((c) => c.text ?? '').join('');
    const bare = await client.callTool({ name: 'force_exit', arguments: {} });
    expect(bare.isError).toBe(true);
    expect(text(bare)).toMatch(/FORBIDDEN.*confirmationToken/);
    const p = await client.callTool({ name: 'preview_action', arguments: { action: 'force-exit' } });
    expect(p.isError).toBeFalsy();
    const data = (p.structuredContent as { mode: string; data: { confirmationToken: string; effect: string } });
    expect(data.mode).toBe('live');
    expect(data.data.effect).toMatch(/^exits CE/);
    const done = await client.callTool({ name: 'force_exit', arguments: { confirmationToken: data.data.confirmationToken } });
    expect(done.isError).toBeFalsy();
    expect((done.structuredContent as { data: { exited: boolean } }).data.exited).toBe(true);
    await client.close();
  });
});
