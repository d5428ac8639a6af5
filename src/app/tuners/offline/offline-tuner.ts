/**
 * The offline tuner: the default when no model provider is set up, so proposals need no keys. It runs its
 * search as a `tune-offline` job on the worker pool (never on the daemon's event loop) and turns the job's
 * result into a proposal fitted to the last date it searched, so governance's gate tests after it.
 */
import { presetParams, PRESET_NAMES, type PresetName } from '../../../core/params/presets.js';
import type { Params } from '../../../core/params/schema.js';
import type { SimConfig } from '../../../sim/market/sim-config.js';
import { toAppError } from '../../errors.js';
import { paramsDiff } from '../../governance/proposal-checks.js';
import type { JobService } from '../../jobs/job-service.js';
import type { JobDetail } from '../../jobs/job-types.js';
import type { Tuner, TunerContext, TunerProposal, TunerRunRecord } from '../tuner.js';
import type { OfflineTuneInput, OfflineTuneOutput } from './offline-tune-job.js';
import { searchWindow } from './search-window.js';

/** The search's knobs (the job's input fields), and how many dates it searches. */
export type OfflineSearchOptions = Partial<Pick<OfflineTuneInput, 'fields' | 'trainDays' | 'testDays' | 'stepDays' | 'objective' | 'minTrades' | 'requireOutOfSampleGain'>> & {
  /** Trading dates searched; default 20 (about a month). */
  readonly searchDays?: number;
};

export interface OfflineTunerDeps {
  readonly jobs: Pick<JobService, 'submit' | 'get' | 'on' | 'cancel'>;
  /** Trading dates with a tick recording (the daemon's db/recordings), ascending, and their directory. */
  readonly recordings: () => { readonly dir: string; readonly dates: readonly string[] };
  /** The simulator the gate uses when there are no recordings: its seed, and the date to end on when the context has none. */
  readonly sim: () => { readonly seed: number; readonly after: string };
  readonly simConfig: SimConfig;
  /** Governance's gateDays: the newest recorded dates are left for the gate. */
  readonly gateDays: () => number;
  readonly now: () => number;
  readonly search?: OfflineSearchOptions;
}

export const DEFAULT_SEARCH_DAYS = 20;
const DEFAULT_TRAIN_DAYS = 10;
const DEFAULT_TEST_DAYS = 5;

/** The parameters as overrides on their preset (what a job's input takes). */
function overridesOf(preset: PresetName, params: Params): Record<string, unknown> {
  return Object.fromEntries(Object.entries(paramsDiff(presetParams(preset), params)).map(([k, [, to]]) => [k, to]));
}

/** The job's own fields of the options (all but searchDays, which picks the data). */
function knobsOf(o: OfflineSearchOptions): Partial<OfflineTuneInput> {
  return Object.fromEntries(Object.entries(o).filter(([k]) => k !== 'searchDays'));
}

const TERMINAL = new Set(['done', 'failed', 'cancelled']);

/** Resolves with the job once it has ended; cancels it when `signal` aborts. */
function settled(jobs: OfflineTunerDeps['jobs'], id: string, signal: AbortSignal): Promise<JobDetail> {
  return new Promise((resolve) => {
    let off = (): void => undefined;
    const check = (): boolean => {
      const job = jobs.get(id);
      if (!TERMINAL.has(job.state)) return false;
      off();
      signal.removeEventListener('abort', abort);
      resolve(job);
      return true;
    };
    const abort = (): void => {
      try {
        jobs.cancel(id);
      } catch {
        // It ended meanwhile: check() reads how.
      }
      check();
    };
    off = jobs.on((e) => {
      if (e.job.id === id && TERMINAL.has(e.job.state)) check();
    });
    signal.addEventListener('abort', abort, { once: true });
    if (!check() && signal.aborted) abort();
  });
}

/** `₹x in n trades` of a figure pair. */
const side = (f: { readonly netPnl: string; readonly trades: number }): string => `₹${f.netPnl} in ${f.trades} trades`;

export function createOfflineTuner(deps: OfflineTunerDeps): Tuner {
  const o = deps.search ?? {};
  return {
    provider: 'offline',
    async run(ctx: TunerContext, signal: AbortSignal) {
      const startedTs = deps.now();
      const notes: string[] = [];
      const done = (outcome: TunerRunRecord['outcome'], proposals: readonly TunerProposal[] = []) => ({
        proposals,
        record: { provider: 'offline' as const, model: null, promptVersion: null, startedTs, latencyMs: deps.now() - startedTs, tokens: null, outcome, notes },
      });
      if (!(PRESET_NAMES as readonly string[]).includes(ctx.preset)) {
        notes.push(`the set in force derives from "${ctx.preset}", not a preset: the search starts from a preset's set`);
        return done('skipped');
      }
      const trainDays = o.trainDays ?? DEFAULT_TRAIN_DAYS;
      const testDays = o.testDays ?? DEFAULT_TEST_DAYS;
      let job: JobDetail;
      try {
        const where = searchWindow({
          recordings: deps.recordings(),
          gateDays: deps.gateDays(),
          searchDays: o.searchDays ?? DEFAULT_SEARCH_DAYS,
          need: trainDays + testDays,
          sim: { config: deps.simConfig, seed: deps.sim().seed, preset: ctx.preset, endDate: ctx.lastDate ?? deps.sim().after },
        });
        notes.push(where.note);
        const input: OfflineTuneInput = {
          ...knobsOf(o),
          trainDays,
          testDays,
          data: where.data,
          ...(where.from === undefined ? {} : { from: where.from }),
          ...(where.to === undefined ? {} : { to: where.to }),
          preset: ctx.preset,
          current: overridesOf(ctx.preset as PresetName, ctx.params),
          maxStepFraction: ctx.maxStepFraction,
        };
        const submitted = deps.jobs.submit('tune-offline', input, 'offline-tuner');
        notes.push(`search job ${submitted.id}`);
        job = await settled(deps.jobs, submitted.id, signal);
      } catch (e) {
        notes.push(`the search could not start: ${toAppError(e).message}`);
        return done('failed');
      }
      if (job.state !== 'done') {
        notes.push(`the search job ${job.state}${job.error === null ? '' : `: ${job.error.message}`}`);
        return done('failed');
      }
      const out = job.result as OfflineTuneOutput;
      notes.push(`searched ${out.dataset} ${out.dates.first}..${out.dates.last}: ${out.candidates.length} candidates over ${out.windows.length} walk-forward window(s)`);
      notes.push(`in sample: search ${side(out.inSample.tuned)}, set in force ${side(out.inSample.current)}`);
      notes.push(`out of sample: search ${side(out.outOfSample.tuned)}, set in force ${side(out.outOfSample.current)}`);
      notes.push(out.decision);
      if (out.proposal === null) return done('nothing');
      return done('proposed', [{ diff: out.proposal.diff, rationale: out.proposal.rationale, fittedTo: out.proposal.fittedTo }]);
    },
  };
}
