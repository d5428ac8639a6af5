/** Composes the tuner service on the control database: its runs table, its config beside the governance settings, the providers' SDK clients with keys from the environment. */
import type { Governance } from '../../app/governance/governance.js';
import { TunerService } from '../../app/tuners/tuner-service.js';
import type { ClosedTradeRecord } from '../../core/model/book-records.js';
import type { Logger } from '../../core/ports.js';
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
}

export function openTunerService(o: OpenTunerServiceOptions): { readonly service: TunerService; close(): Promise<void> } {
  const runs = TunerRunStore.open(o.controlPath);
  const settings = GovernanceStore.open(o.controlPath);
  const promptsDir = o.promptsDir ?? tunerPromptsDir();
  const service = new TunerService({
    governance: o.governance,
    book: o.book,
    runs,
    settings,
    // The prompts are read at each run, so an edited prompt takes effect (and is recorded as a new version) without a restart.
    tuners: llmTuners({ env: o.env, prompts: () => loadTunerPrompts(promptsDir), now: o.now, ...(o.backoffMs === undefined ? {} : { backoffMs: o.backoffMs }) }),
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
