/** What each job kind takes: its input validated at submit (cheaply, without reading the data), its run key, and the task a worker runs. */
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { canonicalJson } from '../../adapters/data/canonical-json.js';
import type { CompiledRateCard } from '../../core/charges/rate-card.js';
import type { SimConfig } from '../../sim/market/sim-config.js';
import { checkBacktest } from '../commands/check-backtest.js';
import { fillSeedOf, isDataSpec, RunBacktestInputSchema, runKeyOf } from '../commands/run-backtest.js';
import { AppError, invalidInput, zodIssues } from '../errors.js';
import { isSimRef } from '../sim-dataset.js';
import { checkOverrides } from '../param-checks.js';
import { checkSimRef } from '../sim-checks.js';
import { JOB_KINDS, type JobKind } from './job-types.js';
import { CompareRunsInputSchema, type CompareSideTask, type CompareTask } from './compare-job.js';
import { checkSweepSpace, RunSweepInputSchema } from './sweep-job.js';
import { WalkForwardInputSchema } from './walk-forward-job.js';
import { OfflineTuneInputSchema } from '../tuners/offline/offline-tune-job.js';

/** What a worker thread runs; `input` is already validated (a comparison's is its CompareTask, sides resolved). */
export interface JobTask {
  /**
   * `sweep-plan` and `sweep-cell`, `walk-forward-plan` and `walk-forward-window`: a sweep or a walk-forward
   * split over a queue's workers (sweep-cells.ts, walk-forward-cells.ts); `experiment-stage`: a stage of the
   * experiment queue on a queue's worker. Never jobs of their own.
   */
  readonly work:
    | 'sim-backtest'
    | 'data-backtest'
    | 'sweep'
    | 'sweep-plan'
    | 'sweep-cell'
    | 'walk-forward'
    | 'walk-forward-plan'
    | 'walk-forward-window'
    | 'compare'
    | 'tune-offline'
    | 'experiment-stage';
  readonly input: unknown;
}

export interface PreparedJob {
  readonly kind: JobKind;
  /** The validated input with its defaults: what is stored and run. */
  readonly input: unknown;
  readonly runKey: string;
  readonly task: JobTask;
}

/** A stored job as a comparison needs it (to use a finished backtest as one side). */
export interface StoredJobRef {
  readonly kind: string;
  readonly state: string;
  readonly runKey: string;
}

/** What submit needs to know about the world a job will run in. */
export interface JobEnv {
  readonly codeVersion: string;
  readonly simConfig: SimConfig;
  readonly rateCards: readonly CompiledRateCard[];
  /**
   * Identity of a data file or directory without reading its content (e.g. path, size, modification
   * time); throws INVALID_INPUT on field `data` when it cannot be read.
   */
  readonly fingerprint: (path: string) => string;
  /** A job of the same store by id (for a comparison's `job` sides); undefined when there is none. */
  readonly findJob: (id: string) => StoredJobRef | undefined;
}


const refuse = (field: string, rule: string): AppError => new AppError('INVALID_INPUT', `${field}: ${rule}`, { issues: [{ field, rule }] });

/** Parses with a zod schema; a failure is INVALID_INPUT naming each field. */
function parseWith<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw invalidInput(zodIssues(parsed.error));
  return parsed.data;
}

/** Runs `check`, naming its INVALID_INPUT fields under `prefix` (a comparison's side: `a.backtest.days`). */
function under<T>(prefix: string, check: () => T): T {
  try {
    return check();
  } catch (e) {
    if (!(e instanceof AppError) || e.code !== 'INVALID_INPUT') throw e;
    throw invalidInput(e.issues.map((i) => ({ field: i.field === '(root)' ? prefix : `${prefix}.${i.field}`, rule: i.rule })));
  }
}

/** Builds the submit-time preparation of every kind for one environment (its hash is computed once). */
export function jobPreparer(env: JobEnv): (kind: string, raw: unknown) => PreparedJob {
  const world = createHash('sha256')
    .update(canonicalJson({ sim: env.simConfig, cards: env.rateCards.map((c) => c.card) }))
    .digest('hex');

  /** The data's identity for the run key: a sim: reference names its ticks (with the sim config in the world hash); a file is fingerprinted. */
  const dataIdentity = (ref: string): string => {
    if (!isSimRef(ref)) return env.fingerprint(ref);
    checkSimRef('data', ref, env.simConfig, env.rateCards);
    return ref;
  };

  const keyOf = (work: JobTask['work'], input: unknown, data: string): string => runKeyOf({ job: canonicalJson({ work, input, data, world, code: env.codeVersion }) });

  /** A comparison's side: a done backtest job's key, or the backtest's own preparation (its key is that of the same backtest job). */
  const compareSide = (label: 'a' | 'b', side: { job: string } | { backtest: unknown }): CompareSideTask => {
    if ('backtest' in side) {
      const prepared = under(`${label}.backtest`, () => prepare('backtest', side.backtest));
      return { runKey: prepared.runKey, task: prepared.task };
    }
    const field = `${label}.job`;
    const job = env.findJob(side.job);
    if (job === undefined) throw refuse(field, `no job ${side.job.slice(0, 40)}`);
    if (job.kind !== 'backtest') throw refuse(field, `job ${side.job} is a ${job.kind} job; compare backtest jobs`);
    if (job.state !== 'done') throw refuse(field, `job ${side.job} is ${job.state}; only a done backtest job has a run to compare`);
    return { runKey: job.runKey, job: side.job };
  };

  const prepare = (kind: JobKind, raw: unknown): PreparedJob => {
    if (kind === 'walk-forward') {
      const input = parseWith(WalkForwardInputSchema, raw);
      fillSeedOf(input.data, input.seed);
      checkOverrides(input.overrides);
      checkSweepSpace(input);
      if (isSimRef(input.data)) {
        const { days } = checkSimRef('data', input.data, env.simConfig, env.rateCards);
        const need = input.trainDays + input.testDays;
        if (need > days) throw refuse('trainDays', `trainDays + testDays = ${need} trading dates, but ${input.data} has ${days}`);
      }
      return { kind, input, runKey: keyOf('walk-forward', input, dataIdentity(input.data)), task: { work: 'walk-forward', input } };
    }
    if (kind === 'tune-offline') {
      const input = parseWith(OfflineTuneInputSchema, raw);
      fillSeedOf(input.data, input.seed);
      try {
        checkOverrides(input.current);
      } catch (e) {
        // The same rules as a backtest's overrides, named after this input's field.
        if (!(e instanceof AppError) || e.code !== 'INVALID_INPUT') throw e;
        throw invalidInput(e.issues.map((i) => ({ field: i.field.replace(/^overrides/, 'current'), rule: i.rule })));
      }
      if (isSimRef(input.data)) {
        const { days } = checkSimRef('data', input.data, env.simConfig, env.rateCards);
        const need = input.trainDays + input.testDays;
        if (need > days) throw refuse('trainDays', `trainDays + testDays = ${need} trading dates, but ${input.data} has ${days}`);
      }
      return { kind, input, runKey: keyOf('tune-offline', input, dataIdentity(input.data)), task: { work: 'tune-offline', input } };
    }
    if (kind === 'compare') {
      const input = parseWith(CompareRunsInputSchema, raw);
      const task: CompareTask = { a: compareSide('a', input.a), b: compareSide('b', input.b), seed: input.seed, resamples: input.resamples, confidence: input.confidence };
      // Keyed by the sides' backtest run keys: a done job and the same backtest as a spec are the same side.
      const work = { a: task.a.runKey, b: task.b.runKey, seed: task.seed, resamples: task.resamples, confidence: task.confidence };
      return { kind, input, runKey: keyOf('compare', work, ''), task: { work: 'compare', input: task } };
    }
    if (kind === 'sweep') {
      const input = parseWith(RunSweepInputSchema, raw);
      fillSeedOf(input.data, input.seed);
      checkSweepSpace(input);
      return { kind, input, runKey: keyOf('sweep', input, dataIdentity(input.data)), task: { work: 'sweep', input } };
    }
    // One schema: with `data` a backtest on that dataset, without it one on the simulator (the work tag keeps their run keys apart).
    const input = parseWith(RunBacktestInputSchema, raw);
    checkBacktest(env, input);
    if (isDataSpec(input)) return { kind, input, runKey: keyOf('data-backtest', input, dataIdentity(input.data)), task: { work: 'data-backtest', input } };
    return { kind, input, runKey: keyOf('sim-backtest', input, 'sim'), task: { work: 'sim-backtest', input } };
  };

  return (kind, raw) => {
    if (!(JOB_KINDS as readonly string[]).includes(kind)) throw refuse('kind', `must be one of ${JOB_KINDS.join(', ')}`);
    return prepare(kind as JobKind, raw);
  };
}
