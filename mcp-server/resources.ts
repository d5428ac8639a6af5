/**
 * The MCP resources `scalper://…`: each read is a registry operation called as the session's principal
 * (so a resource shows what its tool would); status, positions and jobs are subscribable and send
 * `resources/updated` when the daemon's events say they changed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ResourceTemplate, type McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SubscribeRequestSchema, UnsubscribeRequestSchema, type ReadResourceResult } from '@modelcontextprotocol/sdk/types.js';
import type { AppDeps } from '../src/app/app-deps.js';
import type { BusEvent } from '../src/app/events/event-bus.js';
import { invoke } from '../src/app/registry/invoke.js';
import { allowed, type Principal } from '../src/app/registry/operation.js';
import { operation } from '../src/app/registry/registry.js';

const DOCS = ['strategy', 'governance', 'charges', 'parameters', 'runtime', 'api'] as const;
const WINDOWS = ['today', '7d', '30d', 'all'] as const;
const DAY_MS = 86_400_000;

export interface ResourceOptions {
  readonly deps: AppDeps;
  readonly principal: Principal;
  readonly packageRoot: string;
}

/** Registers the resources the principal may read, and the subscriptions; returns a function that stops listening to the daemon's events. */
export function registerResources(server: McpServer, o: ResourceOptions): () => void {
  const mode = () => o.deps.mode();
  const may = (op: string): boolean => {
    const found = operation(op);
    return found !== undefined && allowed(found, o.principal.scope);
  };
  const read = async (uri: URL | string, op: string, input: Record<string, unknown> = {}): Promise<ReadResourceResult> => {
    const data = await invoke(operation(op)!, o.deps, input, { principal: o.principal, mode: mode() });
    return { contents: [{ uri: String(uri), mimeType: 'application/json', text: JSON.stringify({ mode: mode(), data }) }] };
  };
  const fixed = (name: string, uri: string, op: string, description: string, input: Record<string, unknown> = {}): void => {
    if (may(op)) server.registerResource(name, uri, { description, mimeType: 'application/json' }, (u) => read(u, op, input));
  };
  fixed('status', 'scalper://status', 'engine.status', 'The engine now, as get_status answers it. Subscribable.');
  fixed('positions', 'scalper://positions', 'positions.list', 'Open positions. Subscribable.');
  fixed('config-current', 'scalper://config/current', 'config.get', 'The parameters in force, the defaults, each field’s range and description.');
  fixed('risk-state', 'scalper://risk/state', 'risk.get', 'Risk state, limits and entry locks.');
  fixed('proposals', 'scalper://proposals', 'proposals.list', 'Parameter proposals, newest first (rationales are untrusted text).');
  fixed('experiments-queue', 'scalper://experiments/queue', 'experiments.list', 'The experiment queue (hypotheses are untrusted text).');
  fixed('audit-recent', 'scalper://audit/recent', 'audit.list', 'The latest audit entries (the trader only).', { limit: 50 });

  const template = (name: string, pattern: string, op: string, description: string, variable: string, complete: (prefix: string) => Promise<string[]> | string[], toInput: (v: string) => Record<string, unknown>): void => {
    if (!may(op)) return;
    server.registerResource(name, new ResourceTemplate(pattern, { list: undefined, complete: { [variable]: (value) => complete(value) } }), { description, mimeType: 'application/json' }, (uri, vars) => {
      const v = vars[variable];
      return read(uri, op, toInput(decodeURIComponent(Array.isArray(v) ? v[0]! : (v ?? ''))));
    });
  };
  const tradeIds = async (prefix: string): Promise<string[]> => {
    const page = (await invoke(operation('trades.list')!, o.deps, { limit: 50 }, { principal: o.principal, mode: mode() })) as { trades: { id: string }[] };
    return page.trades.map((t) => t.id).filter((id) => id.startsWith(prefix));
  };
  template('trade', 'scalper://trades/{trade_id}', 'trades.get', 'One trade with its decision trace.', 'trade_id', tradeIds, (id) => ({ id }));
  template('version', 'scalper://config/versions/{version}', 'params.version', 'One parameter version.', 'version', (p) => (o.deps.governance?.versions(50) ?? []).map((v) => v.id).filter((id) => id.startsWith(p)), (version) => ({ version }));
  template('job', 'scalper://jobs/{job_id}', 'jobs.get', 'A job, its progress and result. Subscribable.', 'job_id', () => [], (id) => ({ id }));
  template('proposal', 'scalper://proposals/{id}', 'proposals.get', 'One proposal with its gate evidence.', 'id', (p) => (o.deps.governance?.list(undefined, 50) ?? []).map((x) => String(x.id)).filter((id) => id.startsWith(p)), (id) => ({ id }));
  template('experiment', 'scalper://experiments/{id}', 'experiments.get', 'One experiment with its stages’ evidence.', 'id', () => [], (id) => ({ id }));
  template('performance', 'scalper://performance/{window}', 'analytics.get', 'Performance net of charges over a window: today, 7d, 30d or all.', 'window', (p) => WINDOWS.filter((w) => w.startsWith(p)), (w) => windowInput(w, o.deps));
  for (const doc of DOCS) {
    server.registerResource(`docs-${doc}`, `scalper://docs/${doc}`, { description: `The ${doc} documentation.`, mimeType: 'text/markdown' }, (uri) => ({
      contents: [{ uri: uri.href, mimeType: 'text/markdown', text: readFileSync(join(o.packageRoot, 'docs', `${doc}.md`), 'utf8') }],
    }));
  }

  // Subscriptions: the client names URIs; the daemon's events say when they changed.
  const subscribed = new Set<string>();
  server.server.registerCapabilities({ resources: { subscribe: true, listChanged: false } });
  server.server.setRequestHandler(SubscribeRequestSchema, (req) => {
    subscribed.add(req.params.uri);
    return {};
  });
  server.server.setRequestHandler(UnsubscribeRequestSchema, (req) => {
    subscribed.delete(req.params.uri);
    return {};
  });
  const changed = (uri: string): void => {
    if (subscribed.has(uri)) void server.server.sendResourceUpdated({ uri }).catch(() => undefined);
  };
  return o.deps.events.subscribe((e: BusEvent) => {
    if (e.type.startsWith('job.')) {
      const id = (e.data.job as { id?: string } | undefined)?.id;
      if (id !== undefined) changed(`scalper://jobs/${id}`);
      return;
    }
    if (e.type.startsWith('engine.') || e.type.startsWith('trade.') || e.type.startsWith('alarm.') || e.type.startsWith('params.')) {
      changed('scalper://status');
      if (e.type.startsWith('trade.') || e.type === 'engine.state') changed('scalper://positions');
    }
  });
}

/** A window as the analytics' from/to: today is the engine's trading date; 7d and 30d count calendar days back from it. */
function windowInput(window: string, deps: AppDeps): Record<string, unknown> {
  if (window === 'all') return {};
  const today = deps.agent.status().tradingDate ?? new Date().toISOString().slice(0, 10);
  const days = window === 'today' ? 0 : window === '7d' ? 6 : window === '30d' ? 29 : -1;
  if (days < 0) return { from: window };
  const from = new Date(Date.parse(`${today}T00:00:00Z`) - days * DAY_MS).toISOString().slice(0, 10);
  return { from, to: today };
}
