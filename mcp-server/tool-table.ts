/** The MCP tools: each is one operation of the registry under the name a trader's assistant knows, with the hints its kind does not say. */
import type { Operation } from '../src/app/registry/operation.js';

export interface ToolSpec {
  /** The MCP tool name. */
  readonly tool: string;
  /** The registry operation it mounts (its schemas, scopes and handler). */
  readonly op: string;
  readonly title: string;
  /** The call may lose an open position or stop trading (destructiveHint). */
  readonly destructive?: boolean;
  /** The call reaches outside the product (an LLM provider). */
  readonly openWorld?: boolean;
  /** The toolset it belongs to (`--toolsets`). */
  readonly toolset: 'status' | 'analytics' | 'control' | 'research' | 'tuning' | 'experiments';
}

export const TOOLS: readonly ToolSpec[] = [
  { tool: 'get_status', op: 'engine.status', title: 'Engine status', toolset: 'status' },
  { tool: 'list_positions', op: 'positions.list', title: 'Open positions', toolset: 'status' },
  { tool: 'get_risk_state', op: 'risk.get', title: 'Risk state and limits', toolset: 'status' },
  { tool: 'get_config', op: 'config.get', title: 'Parameters in force', toolset: 'status' },
  { tool: 'get_logs', op: 'logs.list', title: 'Recent log lines', toolset: 'status' },
  { tool: 'list_trades', op: 'trades.list', title: 'Closed trades', toolset: 'analytics' },
  { tool: 'explain_trade', op: 'trades.get', title: 'Why a trade happened', toolset: 'analytics' },
  { tool: 'get_performance', op: 'analytics.get', title: 'Performance net of charges', toolset: 'analytics' },
  { tool: 'get_pnl_series', op: 'pnl.series', title: 'P&L by day, week or month', toolset: 'analytics' },
  { tool: 'get_execution_quality', op: 'analytics.execution', title: 'Slippage and latency', toolset: 'analytics' },
  { tool: 'reconcile_day', op: 'reconcile.day', title: 'Reconcile a day with the broker', openWorld: true, toolset: 'analytics' },
  { tool: 'record_manual_trade', op: 'manual-trades.ingest', title: 'Record manual trades', toolset: 'analytics' },
  { tool: 'start_engine', op: 'engine.start', title: 'Start paper trading', toolset: 'control' },
  { tool: 'set_entries', op: 'engine.entries', title: 'Pause or resume entries', toolset: 'control' },
  { tool: 'preview_action', op: 'engine.preview', title: 'Preview a stop or an exit', toolset: 'control' },
  { tool: 'stop_engine', op: 'engine.stop', title: 'Stop the engine', destructive: true, toolset: 'control' },
  { tool: 'force_exit', op: 'engine.force-exit', title: 'Exit the open position', destructive: true, toolset: 'control' },
  { tool: 'kill_switch', op: 'engine.kill', title: 'Kill switch', destructive: true, toolset: 'control' },
  { tool: 'manage_locks', op: 'locks.manage', title: 'Entry locks', toolset: 'control' },
  { tool: 'request_live_arming', op: 'live.request-arming', title: 'Ask the trader to arm live', toolset: 'control' },
  { tool: 'run_backtest', op: 'backtests.submit', title: 'Backtest (job)', toolset: 'research' },
  { tool: 'run_sweep', op: 'sweeps.submit', title: 'Parameter sweep (job)', toolset: 'research' },
  { tool: 'run_walk_forward', op: 'walkforward.submit', title: 'Walk-forward (job)', toolset: 'research' },
  { tool: 'compare_runs', op: 'runs.compare', title: 'Compare two runs (job)', toolset: 'research' },
  { tool: 'get_job', op: 'jobs.get', title: 'A job and its result', toolset: 'research' },
  { tool: 'cancel_job', op: 'jobs.cancel', title: 'Cancel a job', toolset: 'research' },
  { tool: 'propose_params', op: 'proposals.create', title: 'Propose a parameter change', toolset: 'tuning' },
  { tool: 'list_proposals', op: 'proposals.list', title: 'Parameter proposals', toolset: 'tuning' },
  { tool: 'apply_params', op: 'proposals.apply', title: 'Apply a proposal', destructive: true, toolset: 'tuning' },
  { tool: 'rollback_params', op: 'params.rollback', title: 'Roll back the parameters', destructive: true, toolset: 'tuning' },
  { tool: 'run_tuner', op: 'tuner.run', title: 'Run a tuner', openWorld: true, toolset: 'tuning' },
  { tool: 'submit_experiment', op: 'experiments.submit', title: 'Submit an experiment', toolset: 'experiments' },
  { tool: 'list_experiments', op: 'experiments.list', title: 'Experiments', toolset: 'experiments' },
  { tool: 'review_experiment', op: 'experiments.review', title: 'Review an experiment', toolset: 'experiments' },
];

export const TOOLSETS = ['status', 'analytics', 'control', 'research', 'tuning', 'experiments'] as const;

/** The four hints a tool lists (tools/list and docs/mcp.md): read-only is the operation's kind, idempotent its own flag, the other two the table's. */
export function toolAnnotations(spec: ToolSpec, op: Pick<Operation, 'kind' | 'idempotent'>): { readOnlyHint: boolean; destructiveHint: boolean; idempotentHint: boolean; openWorldHint: boolean } {
  return { readOnlyHint: op.kind === 'query', destructiveHint: spec.destructive === true, idempotentHint: op.idempotent, openWorldHint: spec.openWorld === true };
}
