/** Composes the tuner service on the control database: its runs table, its config beside the governance settings, the providers' SDK clients with keys from the environment, and the offline tuner on the job service. */
import type { Governance } from '../../app/governance/governance.js';
import type { JobService } from '../../app/jobs/job-service.js';
import { createOfflineTuner } from '../../app/tuners/offline/offline-tuner.js';
import { TunerService } from '../../app/tuners/tuner-service.js';
import type { ClosedTradeRecord } from '../../core/model/book-records.js';
import type { Logger } from '../../core/ports.js';
import type { SimConfig } from '../../sim/market/sim-config.js';
import { listRecordings } from '../recorder/recording-files.js';
import { llmTuners } from '../llm/llm-tuners.js';
import { loadTunerPrompts, tunerPromptsDir } from '../llm/prompt-files.js';
import { GovernanceStore } from '../store/governance-store.js';
import { TunerRunStore } from '../store/tuner-run-store.js';

export interface OpenTunerServiceOptions {
  readonly controlPath: string;
  readonly governance: Governance;
  /** The agent's book (never the manual one). */
  readonly book: { closedTrades(): ClosedTradeRecord[] };
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly now: () => number;
  /** The exchange's UTC offset, minutes (IST +330 before the feed says). */
  readonly utcOffsetMin: () => number;
  readonly log?: Logger;
  /** prompts/tuner of the package unless a test names another directory. */
  readonly promptsDir?: string;
  readonly backoffMs?: number;
  readonly checkEveryMs?: number;
  /** The offline tuner searches as a job on this service, on the recordings (or the simulator, as the gate does); without it, 'offline' is unavailable. */
  readonly offline?: {
    readonly jobs: JobService;
    readonly recordingsDir: string;
    readonly sim: () => { readonly seed: number; readonly after: string };
    readonly simConfig: SimConfig;
  };
}

export function openTunerService(o: OpenTunerServiceOptions): { readonly service: TunerService; close(): Promise<void> } {
  const runs = TunerRunStore.open(o.controlPath);
  const settings = GovernanceStore.open(o.controlPath);
  const promptsDir = o.promptsDir ?? tunerPromptsDir();
  const offline = o.offline;
  const service = new TunerService({
    governance: o.governance,
    book: o.book,
    runs,
    settings,
    // The prompts are read at each run, so an edited prompt takes effect (and is recorded as a new version) without a restart.
    tuners: llmTuners({
      env: o.env,
      prompts: () => loadTunerPrompts(promptsDir),
      now: o.now,
      ...(o.backoffMs === undefined ? {} : { backoffMs: o.backoffMs }),
      ...(offline === undefined
        ? {}
        : {
            offline: () =>
              createOfflineTuner({
                jobs: offline.jobs,
                recordings: () => ({ dir: offline.recordingsDir, dates: listRecordings(offline.recordingsDir) }),
                sim: offline.sim,
                simConfig: offline.simConfig,
                gateDays: () => o.governance.settings().gateDays,
                now: o.now,
              }),
          }),
    }),
    now: o.now,
    utcOffsetMin: o.utcOffsetMin,
    ...(o.log === undefined ? {} : { log: (level, message, fields) => o.log!.log(level, message, fields) }),
    ...(o.checkEveryMs === undefined ? {} : { checkEveryMs: o.checkEveryMs }),
  });
  service.start();
  return {
    service,
    async close() {
      await service.close();
      runs.close();
      settings.close();
    },
  };
}
