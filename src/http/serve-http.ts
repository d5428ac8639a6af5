/** Starts the daemon's REST API next to the running agent: the composition the `serve` command calls. */
import { mountDashboard } from './dashboard-mount.js';
import { EodSchedule, type EodScheduleOptions } from '../app/live/eod-schedule.js';
import { reconcileDayOp } from '../app/operations/reconcile-ops.js';
import { readFileSync } from 'node:fs';
import { ApiAccessStore } from '../adapters/store/api-access-store.js';
import { InboundHookStore } from '../adapters/store/inbound-hook-store.js';
import { TradeBook } from '../adapters/store/trade-book.js';
import type { DbFiles } from '../adapters/store/db-paths.js';
import type { Logger } from '../core/ports.js';
import type { AgentControl, AppDeps, Book } from '../app/app-deps.js';
import type { ExperimentDeps } from '../app/commands/experiments.js';
import type { EventBus } from '../app/events/event-bus.js';
import { OPERATIONS } from '../app/registry/registry.js';
import { listen, type HttpListener } from './daemon.js';
import { createRestApp } from './rest-app.js';
import { mountMcp } from '../../mcp-server/http-mount.js';
import { findPackageRoot, loadRateCards } from '../adapters/rate-cards.js';
import { loadSimConfig } from '../adapters/sim-config-file.js';
import { ControlStore } from '../adapters/store/control-store.js';
import { chargesByExchange } from '../app/charges-wiring.js';
import { doctorChecks } from '../adapters/doctor.js';
import { dirname } from 'node:path';

export interface RestServerOptions {
  readonly address: { readonly host: string; readonly port: number };
  readonly allowRemote: boolean;
  readonly files: DbFiles;
  readonly agent: AgentControl;
  /** The agent's book connection (read on the main thread; the writer thread owns writes). */
  readonly autoBook: Book;
  readonly events: EventBus;
  readonly experiments?: ExperimentDeps;
  readonly webhooks?: AppDeps['webhooks'];
  readonly jobs?: AppDeps['jobs'];
  readonly startDefaults?: AppDeps['startDefaults'];
  readonly logs?: AppDeps['logs'];
  readonly premium?: AppDeps['premium'];
  readonly governance?: AppDeps['governance'];
  readonly liveArming?: AppDeps['liveArming'];
  readonly brokerBooks?: AppDeps['brokerBooks'];
  /** Reconcile the agent's book with the broker by itself after each close (with brokerBooks): the exchange's clock and calendar, and where the last run is kept. */
  readonly eod?: Pick<EodScheduleOptions, 'utcOffsetMin' | 'closeMinute' | 'isTradingDay' | 'store' | 'now'>;
  readonly tuner?: AppDeps['tuner'];
  readonly bandit?: AppDeps['bandit'];
  readonly log: Logger;
}

/** The package version, for health and the OpenAPI document. */
export function productVersion(): string {
  return (JSON.parse(readFileSync(`${findPackageRoot()}/package.json`, 'utf8')) as { version: string }).version;
}

/** Opens what the API needs besides the agent (the manual book, the token store) and listens. */
export async function startRestServer(o: RestServerOptions): Promise<HttpListener> {
  const manual = TradeBook.open(o.files.manual);
  const access = ApiAccessStore.open(o.files.control);
  const control = ControlStore.open(o.files.control);
  const hooks = InboundHookStore.open(o.files.control);
  // Scheduled runs call reconcile.day as any caller would (deps is read at run time, after it is built).
  const eodSchedule =
    o.eod === undefined || o.brokerBooks === undefined
      ? undefined
      : new EodSchedule({
          ...o.eod,
          events: o.events,
          log: (level, message, fields) => o.log.log(level, message, fields),
          reconcile: async (date) => reconcileDayOp.handler(deps, { date, book: 'auto' }, { principal: { name: 'eod-schedule', scope: 'trader', tokenId: null }, mode: deps.mode() }),
        });
  const deps: AppDeps = {
    ...(eodSchedule === undefined ? {} : { eodSchedule }),
    manual: { book: manual, charges: chargesByExchange(loadRateCards()), instruments: loadSimConfig().underlyings, now: () => Date.now() },
    audit: (limit) => control.listAudit(limit),
    doctor: () => doctorChecks({ dbDir: dirname(o.files.control), http: null, today: new Date().toISOString().slice(0, 10), env: process.env }),
    agent: o.agent,
    books: { auto: o.autoBook, manual },
    // Money is at risk only in live: OpenAlgo's analyzer is a sandbox, paper as far as every rule goes.
    mode: () => (o.agent.status().mode === 'live' ? 'live' : 'paper'),
    version: productVersion(),
    events: o.events,
    hooks,
    ...(o.experiments === undefined ? {} : { experiments: o.experiments }),
    ...(o.webhooks === undefined ? {} : { webhooks: o.webhooks }),
    ...(o.jobs === undefined ? {} : { jobs: o.jobs }),
    ...(o.startDefaults === undefined ? {} : { startDefaults: o.startDefaults }),
    ...(o.logs === undefined ? {} : { logs: o.logs }),
    ...(o.premium === undefined ? {} : { premium: o.premium }),
    ...(o.governance === undefined ? {} : { governance: o.governance }),
    ...(o.liveArming === undefined ? {} : { liveArming: o.liveArming }),
    ...(o.brokerBooks === undefined ? {} : { brokerBooks: o.brokerBooks }),
    ...(o.tuner === undefined ? {} : { tuner: o.tuner }),
    ...(o.bandit === undefined ? {} : { bandit: o.bandit }),
  };
  const app = createRestApp({ ops: OPERATIONS, deps, access, now: () => Date.now(), log: o.log });
  // The web dashboard at /, on the same origin and tokens.
  mountDashboard(app);
  // The MCP server's Streamable HTTP transport, on the same port and tokens as REST.
  const mcp = mountMcp(app, {
    deps,
    verify: (secret) => access.verify(secret),
    allowRemote: o.allowRemote,
    onInternal: (op, error) => o.log.log('error', 'internal error in an MCP tool', { operation: op, error: error instanceof Error ? error.stack : String(error) }),
  });
  try {
    const listener = await listen(app, o.address, o.allowRemote);
    eodSchedule?.start();
    return {
      url: listener.url,
      close: async () => {
        eodSchedule?.stop();
        await mcp.close();
        await listener.close();
        manual.close();
        access.close();
        control.close();
        hooks.close();
      },
    };
  } catch (e) {
    manual.close();
    access.close();
    control.close();
    hooks.close();
    throw e;
  }
}
