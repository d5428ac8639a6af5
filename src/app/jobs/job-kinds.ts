/** What each job kind takes: its input validated at submit (cheaply, without reading the data), its run key, and the task a worker runs. */
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { canonicalJson } from '../../adapters/data/canonical-json.js';
import type { CompiledRateCard } from '../../core/charges/rate-card.js';
import { presetParams, type PresetName } from '../../core/params/presets.js';
import { InvalidParamsError, ParamOverridesSchema, withOverrides } from '../../core/params/schema.js';
import type { SimConfig } from '../../sim/market/sim-config.js';
import { fillSeedOf, RunBacktestInputSchema, runKeyOf } from '../commands/run-backtest.js';
import { RunSimBacktestInputSchema } from '../commands/run-sim-backtest.js';
import { AppError, invalidInput, zodIssues } from '../errors.js';
import { isSimRef } from '../sim-dataset.js';
import { checkSimRef, checkSimStart } from '../sim-checks.js';
import { JOB_KINDS, type JobKind } from './job-types.js';
import { checkSweepSpace, RunSweepInputSchema } from './sweep-job.js';

/** What a worker thread runs: a simulated backtest, a backtest on a dataset, or a sweep; `input` is already validated. */
export interface JobTask {
  readonly work: 'sim-backtest' | 'data-backtest' | 'sweep';
  readonly input: unknown;
}

export interface PreparedJob {
  readonly kind: JobKind;
  /** The validated input with its defaults: what is stored and run. */
  readonly input: unknown;
  readonly runKey: string;
  readonly task: JobTask;
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
}


const refuse = (field: string, rule: string): AppError => new AppError('INVALID_INPUT', `${field}: ${rule}`, { issues: [{ field, rule }] });

/** Parses with a zod schema; a failure is INVALID_INPUT naming each field. */
function parseWith<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw invalidInput(zodIssues(parsed.error));
  return parsed.data;
}

/** INVALID_INPUT for bad parameter overrides, each named `overrides.<param>`. */
const badOverrides = (issues: readonly { field: string; rule: string }[]): AppError =>
  invalidInput(issues.map((i) => ({ field: i.field === '(root)' ? 'overrides' : `overrides.${i.field}`, rule: i.rule })));

/** Checks the overrides field by field (a data backtest's cross-field rules need the dataset's session: checked when it runs). */
function checkOverrides(overrides: unknown): void {
  const parsed = ParamOverridesSchema.safeParse(overrides);
  if (!parsed.success) throw badOverrides(zodIssues(parsed.error));
}

/** Checks the full parameter set of a preset plus overrides, cross-field rules included. */
function checkParams(preset: string, overrides: unknown): void {
  try {
    withOverrides(presetParams(preset as PresetName), overrides);
  } catch (e) {
    if (!(e instanceof InvalidParamsError)) throw e;
    throw badOverrides(e.issues.map((i) => ({ field: i.field, rule: i.message })));
  }
}

/** Builds the submit-time preparation of every kind for one environment (its hash is computed once). */
export function jobPreparer(env: JobEnv): (kind: string, raw: unknown) => PreparedJob {
  const world = createHash('sha256')
    .update(canonicalJson({ sim: env.simConfig, cards: env.rateCards.map((c) => c.card) }))
    .digest('hex');
  const cardIds = new Set(env.rateCards.map((c) => c.id));

  const checkCard = (id: string | undefined): void => {
    if (id !== undefined && !cardIds.has(id)) throw refuse('rateCard', `no rate card with id "${id.slice(0, 40)}"; known: ${[...cardIds].join(', ')}`);
  };

  /** The data's identity for the run key: a sim: reference names its ticks (with the sim config in the world hash); a file is fingerprinted. */
  const dataIdentity = (ref: string): string => {
    if (!isSimRef(ref)) return env.fingerprint(ref);
    checkSimRef('data', ref, env.simConfig, env.rateCards);
    return ref;
  };

  const keyOf = (work: JobTask['work'], input: unknown, data: string): string => runKeyOf({ job: canonicalJson({ work, input, data, world, code: env.codeVersion }) });

  const prepare = (kind: JobKind, raw: unknown): PreparedJob => {
    if (kind === 'sweep') {
      const input = parseWith(RunSweepInputSchema, raw);
      fillSeedOf(input.data, input.seed);
      checkSweepSpace(input);
      return { kind, input, runKey: keyOf('sweep', input, dataIdentity(input.data)), task: { work: 'sweep', input } };
    }
    // A backtest on data names its dataset; without `data` it is a simulated backtest.
    if (typeof raw === 'object' && raw !== null && Object.hasOwn(raw, 'data')) {
      const input = parseWith(RunBacktestInputSchema, raw);
      fillSeedOf(input.data, input.seed);
      checkOverrides(input.overrides);
      checkCard(input.rateCard);
      return { kind, input, runKey: keyOf('data-backtest', input, dataIdentity(input.data)), task: { work: 'data-backtest', input } };
    }
    const input = parseWith(RunSimBacktestInputSchema, raw);
    checkParams(input.preset, input.overrides);
    checkCard(input.rateCard);
    const underlying = input.underlying ?? (input.preset.startsWith('sensex') ? 'SENSEX' : 'NIFTY');
    checkSimStart('startDate', underlying, input.startDate, env.simConfig, input.rateCard === undefined ? env.rateCards : undefined);
    return { kind, input, runKey: keyOf('sim-backtest', input, 'sim'), task: { work: 'sim-backtest', input } };
  };

  return (kind, raw) => {
    if (!(JOB_KINDS as readonly string[]).includes(kind)) throw refuse('kind', `must be one of ${JOB_KINDS.join(', ')}`);
    return prepare(kind as JobKind, raw);
  };
}
