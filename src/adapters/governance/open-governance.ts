/** Composes parameter governance on the control database: the store, the confirmation tokens and, with a job service, the gate backtests. */
import { listRecordings } from '../recorder/recording-files.js';
import { GovernanceStore } from '../store/governance-store.js';
import type { EventBus } from '../../app/events/event-bus.js';
import { ConfirmationTokens } from '../../app/governance/confirmations.js';
import { JobGate } from '../../app/governance/gate-jobs.js';
import { Governance, type GatePort, type GovernedEngine } from '../../app/governance/governance.js';
import type { JobService } from '../../app/jobs/job-service.js';
import type { Logger } from '../../core/ports.js';
import { LiveArming } from '../../app/live/live-arming.js';

export interface OpenGovernanceOptions {
  readonly controlPath: string;
  readonly engine: GovernedEngine;
  readonly mode: () => 'paper' | 'live';
  readonly now: () => number;
  readonly events?: EventBus;
  readonly jobs?: JobService;
  /** Where tick recordings are: the gate tests on the newest of them. */
  readonly recordingsDir: string;
  /** The simulator's window when there are no recordings. */
  readonly sim: () => { readonly seed: number; readonly after: string };
  readonly log?: Logger;
  /** Another gate instead of the job service's (a test's, which reports its verdict through gateEnded). */
  readonly gate?: GatePort;
  /** Whether live trading can be armed: a live broker exists (the daemon runs on OpenAlgo's feed). */
  readonly liveAvailable?: () => boolean;
}

export function openGovernance(o: OpenGovernanceOptions): { readonly governance: Governance; readonly liveArming: LiveArming; readonly settings: GovernanceStore; close(): void } {
  const store = GovernanceStore.open(o.controlPath);
  let governance: Governance | null = null;
  const gate =
    o.gate ??
    (o.jobs === undefined
      ? undefined
      : new JobGate({
          jobs: o.jobs,
          recordings: () => ({ dir: o.recordingsDir, dates: listRecordings(o.recordingsDir) }),
          sim: o.sim,
          onEnded: (id, result) => governance?.gateEnded(id, result),
        }));
  governance = new Governance({
    store,
    engine: o.engine,
    mode: o.mode,
    now: o.now,
    tokens: new ConfirmationTokens(o.now),
    ...(gate === undefined ? {} : { gate }),
    ...(o.events === undefined ? {} : { events: o.events }),
    ...(o.log === undefined ? {} : { log: (level, message, fields) => o.log!.log(level, message, fields) }),
  });
  // Proposals whose gate was running when the daemon stopped: their jobs ended (failed) with the restart.
  if (gate instanceof JobGate) for (const p of governance.list('gating', 1000)) if (p.gateJob !== null) gate.resume(p.id, p.gateJob, governance.settings());
  return { governance, liveArming: new LiveArming(store, o.now, o.liveAvailable), settings: store, close: () => store.close() };
}
