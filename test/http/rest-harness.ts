/** Test harness: the REST mount over a real agent on the simulator, real SQLite books and a real token store. */
import { readFileSync } from 'node:fs';
import type { Hono } from 'hono';
import { ApiAccessStore } from '../../src/adapters/store/api-access-store.js';
import { TradeBook } from '../../src/adapters/store/trade-book.js';
import { ExperimentStore } from '../../src/adapters/store/experiment-store.js';
import { WebhookStore } from '../../src/adapters/store/webhook-store.js';
import { InboundHookStore } from '../../src/adapters/store/inbound-hook-store.js';
import { openJobService } from '../../src/adapters/jobs/open-job-service.js';
import { WebhookDispatcher } from '../../src/app/webhooks/webhook-dispatcher.js';
import { datasetChecker } from '../../src/adapters/experiments/dataset-loader.js';
import type { AppDeps } from '../../src/app/app-deps.js';
import { EventBus } from '../../src/app/events/event-bus.js';
import { LogRing } from '../../src/app/logs/log-ring.js';
import { openGovernance } from '../../src/adapters/governance/open-governance.js';
import { openTunerService } from '../../src/adapters/tuners/open-tuner-service.js';
import { openBandit } from '../../src/adapters/governance/open-bandit.js';
import type { GatePort } from '../../src/app/governance/governance.js';
import type { BrokerBooks } from '../../src/app/app-deps.js';
import { join } from 'node:path';
import type { Scope } from '../../src/app/registry/operation.js';
import { OPERATIONS } from '../../src/app/registry/registry.js';
import { createRestApp } from '../../src/http/rest-app.js';
import { mountMcp } from '../../mcp-server/http-mount.js';
import type { RateLimit } from '../../src/http/rate-limit.js';
import { harness, rateCards, simConfig, tempDbDir, type Harness } from '../runtime/agent-harness.js';
import { chargesByExchange } from '../../src/app/charges-wiring.js';
import { doctorChecks } from '../../src/adapters/doctor.js';
import { firstPremium, runSourcePremium } from '../../src/app/runtime/premium-ticks.js';
import { recordedPremium } from '../../src/adapters/recorder/recorded-premium.js';

export interface RestHarness {
  readonly app: Hono;
  readonly deps: AppDeps;
  /** The database directory (for a CLI run on the same databases). */
  readonly dbDir: string;
  readonly agent: Harness;
  readonly access: ApiAccessStore;
  readonly inboundHooks: InboundHookStore;
  readonly tokens: Record<Scope, string>;
  readonly internalErrors: string[];
  request(method: string, path: string, opts?: { token?: string | null; body?: string; json?: unknown; headers?: Record<string, string> }): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }>;
  close(): Promise<void>;
}

const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** A running agent (simulated NIFTY at 1× speed, so it stays running) behind the REST app. */
export async function restHarness(
  opts: { rateLimit?: RateLimit; now?: () => number; simSpeed?: number; jobs?: boolean; mode?: () => 'paper' | 'live'; gate?: GatePort; tunerEnv?: Record<string, string>; brokerBooks?: BrokerBooks; liveAvailable?: () => boolean } = {},
): Promise<RestHarness> {
  const t = tempDbDir();
  const events = new EventBus(() => Date.now());
  // The agent's kill switch ends live arming, kept by governance (opened below), as in serve.
  let arming: { armed(): boolean; disarm(by: string, reason: string): boolean } | null = null;
  const h = await harness(t.files, { events, liveArming: { armed: () => arming?.armed() ?? false, disarm: (by, reason) => arming?.disarm(by, reason) ?? false } });
  const startDefaults = { preset: 'nifty_normal', seed: 1, days: 1, startDate: '2026-01-05', simSpeed: opts.simSpeed ?? 1 };
  h.agent.start({ mode: 'paper', ...startDefaults });
  const manual = TradeBook.open(t.files.manual);
  const access = ApiAccessStore.open(t.files.control);
  const store = ExperimentStore.open(t.files.control);
  const experiments = { store, now: () => Date.now(), checkDataset: datasetChecker(simConfig, rateCards) };
  const hooks = WebhookStore.open(t.files.control);
  const dispatcher = new WebhookDispatcher(hooks, { now: () => Date.now(), log: { log: () => undefined }, mode: () => 'paper', backoffMs: [20, 20] });
  dispatcher.start(events);
  const inboundHooks = InboundHookStore.open(t.files.control);
  const jobs = opts.jobs === true ? openJobService({ controlPath: t.files.control, poolSize: 1 }) : undefined;
  jobs?.on((e) => events.publish(e.type, { job: e.job }));
  const logs = new LogRing(1_000, () => Date.now());
  const mode = opts.mode ?? (() => 'paper' as const);
  const gov = openGovernance({
    controlPath: t.files.control,
    engine: h.agent,
    mode,
    now: () => Date.now(),
    events,
    ...(jobs === undefined ? {} : { jobs }),
    ...(opts.gate === undefined ? {} : { gate: opts.gate }),
    recordingsDir: join(t.dir, 'recordings'),
    sim: () => ({ seed: 1, after: h.agent.feedClock()?.tradingDate ?? startDefaults.startDate }),
    ...(opts.liveAvailable === undefined ? {} : { liveAvailable: opts.liveAvailable }),
  });
  arming = gov.liveArming;
  // The tuner on the agent's book, with the keys the test gives (none by default); its retries wait 5 ms.
  const tuner = openTunerService({
    controlPath: t.files.control,
    governance: gov.governance,
    book: h.book,
    env: opts.tunerEnv ?? {},
    now: () => Date.now(),
    utcOffsetMin: () => h.agent.feedClock()?.utcOffsetMin ?? 330,
    backoffMs: 5,
    ...(jobs === undefined ? {} : { offline: { jobs, recordingsDir: join(t.dir, 'recordings'), sim: () => ({ seed: 1, after: h.agent.feedClock()?.tradingDate ?? startDefaults.startDate }), simConfig } }),
  });
  // The bandit on the agent's book, deciding on its trade events when a test enables it.
  const bandit = openBandit({ controlPath: t.files.control, governance: gov.governance, book: h.book, simConfig, engine: h.agent, mode, now: () => Date.now(), events });
  const deps: AppDeps = {
    governance: gov.governance,
    tuner: tuner.service,
    bandit: bandit.bandit,
    liveArming: gov.liveArming,
    ...(opts.brokerBooks === undefined ? {} : { brokerBooks: opts.brokerBooks }),
    logs,
    // A trade's premium as serve looks it up: the run's own days, then the recordings.
    premium: firstPremium([runSourcePremium(() => h.agent.runSource(), () => h.agent.feedClock()?.ts ?? null), recordedPremium(join(t.dir, 'recordings'))]),
    agent: h.agent,
    books: { auto: h.book, manual },
    mode,
    version,
    events,
    startDefaults,
    experiments,
    webhooks: { store: hooks, dispatcher },
    hooks: inboundHooks,
    manual: { book: manual, charges: chargesByExchange(rateCards), instruments: simConfig.underlyings, now: () => Date.now() },
    audit: (limit) => h.control.listAudit(limit),
    doctor: () => doctorChecks({ dbDir: t.dir, http: null, today: '2026-12-03' }),
    ...(jobs === undefined ? {} : { jobs }),
  };
  const internalErrors: string[] = [];
  const app = createRestApp({
    ops: OPERATIONS,
    deps,
    access,
    now: opts.now ?? (() => Date.now()),
    ...(opts.rateLimit === undefined ? {} : { rateLimit: opts.rateLimit }),
    log: logs.tee({ log: (level, message, fields) => void (level === 'error' && internalErrors.push(`${message} ${JSON.stringify(fields)}`)) }),
  });
  // The MCP server's HTTP transport on the same app, as the daemon mounts it.
  const mcp = mountMcp(app, { deps, verify: (secret) => access.verify(secret), allowRemote: false, onInternal: (op, e) => internalErrors.push(`${op} ${String(e)}`) });
  const tokens = {
    trader: access.createToken('trader-test', 'trader', 1).secret,
    agent: access.createToken('agent-test', 'agent', 1).secret,
    automation: access.createToken('automation-test', 'automation', 1).secret,
  };
  return {
    app,
    deps,
    dbDir: t.dir,
    agent: h,
    access,
    inboundHooks,
    tokens,
    internalErrors,
    async request(method, path, opts = {}) {
      const headers: Record<string, string> = { ...opts.headers };
      const token = opts.token === undefined ? tokens.trader : opts.token;
      if (token !== null) headers.authorization = `Bearer ${token}`;
      let body = opts.body;
      if (opts.json !== undefined) {
        body = JSON.stringify(opts.json);
        headers['content-type'] ??= 'application/json';
      }
      const res = await app.request(path, { method, headers, ...(body === undefined ? {} : { body }) });
      const text = await res.text();
      let parsed: Record<string, unknown>;
      try {
        parsed = JSON.parse(text) as Record<string, unknown>;
      } catch {
        parsed = { raw: text };
      }
      return { status: res.status, body: parsed, headers: res.headers };
    },
    async close() {
      if (['running', 'paused', 'killed'].includes(h.agent.status().state)) await h.agent.stop(false);
      manual.close();
      access.close();
      store.close();
      await mcp.close();
      await jobs?.close();
      await tuner.close();
      bandit.close();
      gov.close();
      dispatcher.close();
      await dispatcher.idle();
      hooks.close();
      inboundHooks.close();
      await h.close();
      t.cleanup();
    },
  };
}
