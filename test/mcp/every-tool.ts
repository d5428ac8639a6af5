/**
 * Every MCP tool called once with valid and once with invalid input, through whatever transport the client
 * uses (in-memory, Streamable HTTP, stdio through the bridge): a valid call answers structured content with
 * the mode and a one-line summary (or, where the engine's state decides, the domain refusal named here);
 * an invalid one a tool error `INVALID_INPUT` naming the field. Ends by stopping and starting the engine.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { expect } from 'vitest';
import { TOOLS } from '../../mcp-server/tool-table.js';

type Result = { isError?: boolean; content: { type: string; text?: string }[]; structuredContent?: { mode: string; data: Record<string, unknown> } };
type Args = Record<string, unknown>;

/** What earlier calls found out, for the calls that need an id. */
interface Found {
  jobId?: string;
  sweepJobId?: string;
  proposalId?: number;
  experimentId?: number;
  version?: string;
}

interface ToolCase {
  readonly tool: string;
  readonly valid: (f: Found) => Args;
  /** An error a valid call may answer when the engine's state decides (e.g. nothing approved to apply). */
  readonly mayRefuse?: RegExp;
  readonly invalid: Args;
  /** The field the refusal of `invalid` must name. */
  readonly field: string;
  readonly learn?: (data: Record<string, unknown>, f: Found) => void;
}

const SIM = 'sim:NIFTY:3:2026-01-05:2';
const manualFill = (eventId: string, type: 'ENTRY' | 'EXIT', price: number, minute: number) => ({
  eventId,
  tradeId: 'every-tool-1',
  type,
  source: 'chart',
  mode: 'LIVE',
  underlying: 'NIFTY',
  exchange: 'NFO',
  symbol: 'NIFTY06JAN2626000CE',
  side: 'CE',
  ts: Date.UTC(2026, 0, 5, 4, minute),
  qty: 65,
  price,
});

/** In call order: the manual book, reads, controls, research jobs, tuning, experiments, then the destructive steps and a start. */
const CASES: readonly ToolCase[] = [
  {
    tool: 'get_status',
    valid: () => ({}),
    invalid: { verbose: true },
    field: 'verbose',
    learn: (d, f) => {
      if (typeof d.paramsVersion === 'string') f.version = d.paramsVersion;
    },
  },
  { tool: 'list_positions', valid: () => ({}), invalid: { all: 1 }, field: 'all' },
  { tool: 'get_risk_state', valid: () => ({}), invalid: { date: 'today' }, field: 'date' },
  { tool: 'get_config', valid: () => ({}), invalid: { preset: 7 }, field: 'preset' },
  { tool: 'get_logs', valid: () => ({ limit: 5, level: 'info' }), invalid: { limit: 0 }, field: 'limit' },
  {
    tool: 'record_manual_trade',
    valid: () => ({ events: [manualFill('every-tool-e1', 'ENTRY', 100.05, 30), manualFill('every-tool-x1', 'EXIT', 103.4, 35)] }),
    invalid: { events: [] },
    field: 'events',
  },
  {
    tool: 'list_trades',
    valid: () => ({ limit: 5 }),
    invalid: { side: 'XX' },
    field: 'side',
  },
  // The manual trade recorded above: the agent's book may have none yet.
  { tool: 'explain_trade', valid: () => ({ id: 'every-tool-1', book: 'manual' }), invalid: { id: '' }, field: 'id' },
  { tool: 'get_performance', valid: () => ({ book: 'auto' }), invalid: { book: 'other' }, field: 'book' },
  // Without OpenAlgo configured the daemon cannot read the broker's tradebook.
  { tool: 'reconcile_day', valid: () => ({ book: 'manual', date: '2026-01-05' }), mayRefuse: /^UNAVAILABLE: reconciliation needs OpenAlgo/, invalid: { date: '2026-13-45' }, field: 'date' },
  { tool: 'get_pnl_series', valid: () => ({ period: 'week' }), invalid: { period: 'year' }, field: 'period' },
  { tool: 'get_execution_quality', valid: () => ({ side: 'CE' }), invalid: { side: 'XE' }, field: 'side' },
  { tool: 'set_entries', valid: () => ({ enabled: false, reason: 'every tool' }), invalid: { enabled: 'maybe' }, field: 'enabled' },
  { tool: 'manage_locks', valid: () => ({ action: 'lock', target: 'PE', minutes: 5, reason: 'every tool' }), invalid: { action: 'lock', target: 'XX', reason: 'r' }, field: 'target' },
  { tool: 'request_live_arming', valid: () => ({ reason: 'every tool is called once' }), invalid: { reason: '' }, field: 'reason' },
  { tool: 'run_backtest', valid: () => ({ days: 1, seed: 5 }), invalid: { days: 0 }, field: 'days', learn: (d, f) => (f.jobId = d.id as string) },
  {
    tool: 'run_sweep',
    valid: () => ({ data: SIM, space: { kind: 'grid', axes: { momentumTicks: [4, 6] } } }),
    invalid: { data: SIM, space: { kind: 'spiral', axes: {} } },
    field: 'space',
    learn: (d, f) => (f.sweepJobId = d.id as string),
  },
  {
    tool: 'run_walk_forward',
    valid: () => ({ data: SIM, space: { kind: 'grid', axes: { momentumTicks: [4, 6] } }, trainDays: 1, testDays: 1 }),
    invalid: { data: SIM, space: { kind: 'grid', axes: { momentumTicks: [4] } }, trainDays: 0, testDays: 1 },
    field: 'trainDays',
  },
  { tool: 'compare_runs', valid: () => ({ a: { backtest: { days: 1, seed: 5 } }, b: { backtest: { days: 1, seed: 6 } } }), invalid: { a: { run: 'x' }, b: { job: 'y' } }, field: 'a' },
  { tool: 'get_job', valid: (f) => ({ id: f.jobId }), invalid: { id: '' }, field: 'id' },
  // The sweep may have finished already: cancelling a finished job is refused as a conflict.
  { tool: 'cancel_job', valid: (f) => ({ id: f.sweepJobId }), mayRefuse: /^CONFLICT: /, invalid: { id: '' }, field: 'id' },
  {
    tool: 'propose_params',
    valid: () => ({ diff: { tpPoints: 11 }, rationale: 'every tool: a slightly wider target' }),
    invalid: { diff: { tpPoints: -5 }, rationale: 'r' },
    field: 'tpPoints',
    learn: (d, f) => (f.proposalId = (d.proposal as { id: number }).id),
  },
  { tool: 'list_proposals', valid: () => ({ limit: 5 }), invalid: { status: 'pondering' }, field: 'status' },
  // Only an approved proposal is applied; approving is the trader's REST or CLI step.
  { tool: 'apply_params', valid: (f) => ({ id: f.proposalId }), mayRefuse: /^CONFLICT: /, invalid: { id: 0 }, field: 'id' },
  { tool: 'rollback_params', valid: (f) => ({ version: f.version }), mayRefuse: /^CONFLICT: /, invalid: { version: '' }, field: 'version' },
  // The tuners need 30 closed trades in the agent's book, and allow one run at a time.
  { tool: 'run_tuner', valid: () => ({ provider: 'offline' }), mayRefuse: /^CONFLICT: /, invalid: { provider: 'oracle' }, field: 'provider' },
  {
    tool: 'submit_experiment',
    valid: () => ({ title: 'every tool experiment', hypothesis: 'a tighter momentum filter', overrides: { momentumTicks: 4 }, dataset: 'sim:NIFTY:7:2026-01-05:2' }),
    invalid: { title: 'x', overrides: {}, dataset: SIM },
    field: 'title',
    learn: (d, f) => (f.experimentId = (d.experiment as { id: number }).id),
  },
  { tool: 'list_experiments', valid: () => ({ limit: 5 }), invalid: { limit: 0 }, field: 'limit' },
  // An experiment still queued or running is not ready for review.
  { tool: 'review_experiment', valid: (f) => ({ id: f.experimentId, verdict: 'reject', note: 'every tool' }), mayRefuse: /^CONFLICT: /, invalid: { id: 1, verdict: 'maybe' }, field: 'verdict' },
  { tool: 'preview_action', valid: () => ({ action: 'stop', flatten: true }), invalid: { action: 'pause' }, field: 'action' },
  { tool: 'force_exit', valid: () => ({}), invalid: { confirmationToken: '' }, field: 'confirmationToken' },
  { tool: 'kill_switch', valid: () => ({}), invalid: { now: true }, field: 'now' },
  { tool: 'stop_engine', valid: () => ({ flatten: true }), invalid: { flatten: 'yes please' }, field: 'flatten' },
  { tool: 'start_engine', valid: () => ({}), invalid: { mode: 'real' }, field: 'mode' },
];

const text = (r: Result): string => r.content.map((c) => c.text ?? '').join('');

/** Calls every tool the client lists (a trader session sees them all), invalid then valid; returns the tools called and those whose valid call was refused by the engine's state. */
export async function exerciseEveryTool(client: Client, o: { timeoutMs?: number } = {}): Promise<{ called: string[]; refused: string[] }> {
  expect(CASES.map((c) => c.tool).sort(), 'a case for every tool of the table').toEqual(TOOLS.map((t) => t.tool).sort());
  const listed = new Set((await client.listTools()).tools.map((t) => t.name));
  const found: Found = {};
  const called: string[] = [];
  const refused: string[] = [];
  const options = { timeout: o.timeoutMs ?? 120_000 };
  for (const c of CASES) {
    if (!listed.has(c.tool)) continue;
    const bad = (await client.callTool({ name: c.tool, arguments: c.invalid }, undefined, options)) as unknown as Result;
    expect(bad.isError, `${c.tool} invalid`).toBe(true);
    expect(text(bad), `${c.tool} invalid`).toMatch(new RegExp(`^INVALID_INPUT: .*${c.field}`));
    const res = (await client.callTool({ name: c.tool, arguments: c.valid(found) }, undefined, options)) as unknown as Result;
    const line = res.content[0]?.text ?? '';
    if (res.isError === true) {
      expect(c.mayRefuse, `${c.tool}: ${text(res)}`).toBeDefined();
      expect(line, c.tool).toMatch(c.mayRefuse!);
      expect(line, c.tool).toMatch(/\[paper\]$/);
      refused.push(`${c.tool}: ${line}`);
    } else {
      expect(res.structuredContent?.mode, c.tool).toBe('paper');
      expect(line, c.tool).not.toContain('\n');
      expect(line, c.tool).toMatch(/\[paper\]$/);
      c.learn?.(res.structuredContent!.data, found);
    }
    called.push(c.tool);
  }
  return { called, refused };
}
