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

const DOCS = ['strategy', 'governance', 'charges', 'parameters', 'runtime', 'api', 'mcp'] as const;
const WINDOWS = ['today', '7d', '30d', 'all'] as const;
const DAY_MS = 86_400_000;

export interface ResourceOptions {
  readonly deps: AppDeps;
  readonly principal: Principal;
  readonly packageRoot: string;
}

/** One resource: a URI, or a URI template with one `{variable}`, read through a registry operation (none for the static docs). */
export interface ResourceSpec {
  readonly name: string;
  readonly uri: string;
  /** The operation a read calls as the session's principal (whose scopes decide who sees the resource); null for a doc. */
  readonly op: string | null;
  readonly description: string;
  /** The operation's input, from the template's variable ('' for a fixed URI). */
  readonly input?: (value: string, o: ResourceOptions) => Record<string, unknown>;
  /** Completions of the template's variable. */
  readonly complete?: (prefix: string, o: ResourceOptions) => Promise<string[]> | string[];
}

const tradeIds = async (prefix: string, o: ResourceOptions): Promise<string[]> => {
  const page = (await invoke(operation('trades.list')!, o.deps, { limit: 50 }, { principal: o.principal, mode: o.deps.mode() })) as { trades: { id: string }[] };
  return page.trades.map((t) => t.id).filter((id) => id.startsWith(prefix));
};

/** Every resource, in the order they are listed (docs/mcp.md's table is generated from this). */
export const RESOURCES: readonly ResourceSpec[] = [
  { name: 'status', uri: 'scalper://status', op: 'engine.status', description: 'The engine now, as get_status answers it. Subscribable.' },
  { name: 'positions', uri: 'scalper://positions', op: 'positions.list', description: 'Open positions. Subscribable.' },
  { name: 'config-current', uri: 'scalper://config/current', op: 'config.get', description: 'The parameters in force, the defaults, each field’s range and description.' },
  { name: 'risk-state', uri: 'scalper://risk/state', op: 'risk.get', description: 'Risk state, limits and entry locks.' },
  { name: 'proposals', uri: 'scalper://proposals', op: 'proposals.list', description: 'Parameter proposals, newest first (rationales are untrusted text).' },
  { name: 'experiments-queue', uri: 'scalper://experiments/queue', op: 'experiments.list', description: 'The experiment queue (hypotheses are untrusted text).' },
  { name: 'audit-recent', uri: 'scalper://audit/recent', op: 'audit.list', description: 'The latest audit entries (the trader only).', input: () => ({ limit: 50 }) },
  { name: 'trade', uri: 'scalper://trades/{trade_id}', op: 'trades.get', description: 'One trade with its decision trace.', complete: tradeIds, input: (id) => ({ id }) },
  {
    name: 'version',
    uri: 'scalper://config/versions/{version}',
    op: 'params.version',
    description: 'One parameter version.',
    complete: (p, o) => (o.deps.governance?.versions(50) ?? []).map((v) => v.id).filter((id) => id.startsWith(p)),
    input: (version) => ({ version }),
  },
  { name: 'job', uri: 'scalper://jobs/{job_id}', op: 'jobs.get', description: 'A job, its progress and result. Subscribable.', complete: () => [], input: (id) => ({ id }) },
  {
    name: 'proposal',
    uri: 'scalper://proposals/{id}',
    op: 'proposals.get',
    description: 'One proposal with its gate evidence.',
    complete: (p, o) => (o.deps.governance?.list(undefined, 50) ?? []).map((x) => String(x.id)).filter((id) => id.startsWith(p)),
    input: (id) => ({ id }),
  },
  { name: 'experiment', uri: 'scalper://experiments/{id}', op: 'experiments.get', description: 'One experiment with its stages’ evidence.', complete: () => [], input: (id) => ({ id }) },
  {
    name: 'performance',
    uri: 'scalper://performance/{window}',
    op: 'analytics.get',
    description: 'Performance net of charges over a window: today, 7d, 30d or all.',
    complete: (p) => WINDOWS.filter((w) => w.startsWith(p)),
    input: (w, o) => windowInput(w, o.deps),
  },
  ...DOCS.map((doc) => ({ name: `docs-${doc}`, uri: `scalper://docs/${doc}`, op: null, description: `The documentation page docs/${doc}.md.` })),
];

/** The template's variable, or null for a fixed URI. */
export const variableOf = (uri: string): string | null => /\{(\w+)\}/.exec(uri)?.[1] ?? null;

/** Registers the resources the principal may read, and the subscriptions; returns a function that stops listening to the daemon's events. */
export function registerResources(server: McpServer, o: ResourceOptions): () => void {
  const mode = () => o.deps.mode();
  const read = async (uri: URL | string, op: string, input: Record<string, unknown>): Promise<ReadResourceResult> => {
    const data = await invoke(operation(op)!, o.deps, input, { principal: o.principal, mode: mode() });
    return { contents: [{ uri: String(uri), mimeType: 'application/json', text: JSON.stringify({ mode: mode(), data }) }] };
  };
  for (const spec of RESOURCES) {
    const { op, description } = spec;
    if (op === null) {
      const file = join(o.packageRoot, 'docs', `${spec.uri.slice('scalper://docs/'.length)}.md`);
      server.registerResource(spec.name, spec.uri, { description, mimeType: 'text/markdown' }, (uri) => ({ contents: [{ uri: uri.href, mimeType: 'text/markdown', text: readFileSync(file, 'utf8') }] }));
      continue;
    }
    const found = operation(op);
    if (found === undefined || !allowed(found, o.principal.scope)) continue;
    const variable = variableOf(spec.uri);
    const input = spec.input ?? (() => ({}));
    if (variable === null) {
      server.registerResource(spec.name, spec.uri, { description, mimeType: 'application/json' }, (u) => read(u, op, input('', o)));
      continue;
    }
    const complete = spec.complete ?? (() => []);
    const template = new ResourceTemplate(spec.uri, { list: undefined, complete: { [variable]: (value) => complete(value, o) } });
    server.registerResource(spec.name, template, { description, mimeType: 'application/json' }, (uri, vars) => {
      const v = vars[variable];
      return read(uri, op, input(decodeURIComponent(Array.isArray(v) ? v[0]! : (v ?? '')), o));
    });
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
    if (e.type.startsWith('engine.') || e.type.startsWith('trade.') || e.type.startsWith('alarm.') || e.type.startsWith('live.') || e.type.startsWith('params.')) {
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
