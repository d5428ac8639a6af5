/** Use case: one backtest, on the seeded simulator (no `data`) or on a dataset (a recording, CSV, panel, bars or sim:…); a run on a dataset is keyed by a deterministic run key and stored. */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { ReplayDataset } from '../../backtest/dataset.js';
import { datesInWindow, runDataset, sessionOverrides } from '../../backtest/run-dataset.js';
import { runColumns } from '../../backtest/run-days.js';
import { dateToDayNumber } from '../../core/calendar/exchange-time.js';
import type { CompiledRateCard } from '../../core/charges/rate-card.js';
import { paramsVersion } from '../../core/params/params-version.js';
import { PRESET_NAMES, presetParams, type PresetName } from '../../core/params/presets.js';
import { withOverrides } from '../../core/params/schema.js';
import type { SimConfig } from '../../sim/market/sim-config.js';
import { datasetWorld } from '../dataset-world.js';
import { DEFAULT_BACKTEST_DAYS, DEFAULT_CAPITAL, DEFAULT_FILL, DEFAULT_PRESET, DEFAULT_SEED, DEFAULT_START_DATE, defaultUnderlying } from '../defaults.js';
import { AppError } from '../errors.js';
import { createSimWorld } from '../sim-world.js';
import { toWireMetrics, toWireTrade } from '../trade-report.js';
import { toWireBacktestMetrics, type DataBacktestOutput, type SimBacktestOutput } from './backtest-result.js';

export { toWireBacktestMetrics, type DataBacktestOutput, type SimBacktestOutput, type WireBacktestMetrics } from './backtest-result.js';

function isCalendarDate(text: string): boolean {
  try {
    dateToDayNumber(text);
    return true;
  } catch {
    return false;
  }
}

const DATE = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'must be a date YYYY-MM-DD' })
  .refine(isCalendarDate, { error: 'must be a real calendar date' });

/** Fields of one form only: the simulator's and a dataset's. */
const SIM_ONLY = ['days', 'underlying', 'startDate', 'lotSize'] as const;
const DATA_ONLY = ['from', 'to', 'capital'] as const;

const Fields = z
  .object({
    data: z
      .string()
      .min(1)
      .optional()
      .describe('Dataset: a recording, tick/bar CSV or NDJSON, a panel CSV, or sim:UNDERLYING:SEED:START:DAYS. Leave it out to backtest on the seeded simulator.'),
    days: z
      .number()
      .int()
      .min(1)
      .max(250)
      .optional()
      .describe(`Simulator only: trading days to simulate, default ${DEFAULT_BACKTEST_DAYS} (weekends and exchange holidays are skipped).`),
    seed: z
      .number()
      .int()
      .min(0)
      .max(0xffffffff)
      .optional()
      .describe(
        `The run’s one seed, default ${DEFAULT_SEED}. On the simulator it seeds the market and the paper fills; for a sim: dataset it is the dataset’s own SEED (another value is refused), so sim:NIFTY:7:… trades as the simulator with seed 7; on other data it seeds the paper fills’ slippage draws.`,
      ),
    preset: z.enum(PRESET_NAMES as [string, ...string[]]).default(DEFAULT_PRESET).describe('Parameter preset to start from.'),
    underlying: z.enum(['NIFTY', 'SENSEX']).optional().describe('Simulator only: the underlying to simulate; default SENSEX for sensex_* presets, else NIFTY.'),
    startDate: DATE.optional().describe(
      `Simulator only: first simulated date, default ${DEFAULT_START_DATE} (a weekend or exchange holiday moves to the next trading day); lot size and expiry follow the contract tables in force on each date.`,
    ),
    lotSize: z.number().int().min(1).max(100_000).optional().describe('Simulator only: units per lot for every contract, instead of the lot size in force on each simulated date.'),
    from: DATE.optional().describe('Dataset only: first date of the window (inclusive).'),
    to: DATE.optional().describe('Dataset only: last date of the window (inclusive).'),
    capital: z
      .number()
      .positive()
      .max(1e12)
      .optional()
      .describe(`Dataset only: account size in the dataset’s currency, default ${DEFAULT_CAPITAL}; turns daily P&L into returns for Sharpe, Sortino, Calmar and drawdown %.`),
    overrides: z.record(z.string(), z.unknown()).default({}).describe('Parameter overrides on top of the preset, validated by the parameter schema.'),
    latencyMs: z.number().int().min(0).max(10_000).default(DEFAULT_FILL.latencyMs).describe('Paper fill latency: an order fills on the first tick at or after decision + latency, ms.'),
    slippageTicks: z.number().int().min(0).max(20).default(DEFAULT_FILL.slippageTicks).describe('Adverse ticks added to every paper fill.'),
    slippageProbability: z.number().min(0).max(1).default(DEFAULT_FILL.slippageProbability).describe('Chance of one more adverse tick on a paper fill (seeded).'),
    rateCard: z.string().optional().describe('Pin one charges rate card by id (default: the card in force for the exchange and date).'),
  })
  .strict();

type Fields = z.output<typeof Fields>;

/** A backtest on the simulator, as validated: every default filled in (and stored so by a job). */
export interface SimBacktestSpec {
  readonly days: number;
  readonly seed: number;
  readonly preset: string;
  readonly underlying?: 'NIFTY' | 'SENSEX';
  readonly startDate: string;
  readonly overrides: Record<string, unknown>;
  readonly latencyMs: number;
  readonly slippageTicks: number;
  readonly slippageProbability: number;
  readonly rateCard?: string;
  readonly lotSize?: number;
}

/** A backtest on a dataset, as validated; its seed is resolved by fillSeedOf (a sim: dataset's own). */
export interface DataBacktestSpec {
  readonly data: string;
  readonly preset: string;
  readonly overrides: Record<string, unknown>;
  readonly seed?: number;
  readonly from?: string;
  readonly to?: string;
  readonly capital: number;
  readonly latencyMs: number;
  readonly slippageTicks: number;
  readonly slippageProbability: number;
  readonly rateCard?: string;
}

export type BacktestSpec = SimBacktestSpec | DataBacktestSpec;

/** True for a backtest on a dataset. */
export const isDataSpec = (spec: BacktestSpec): spec is DataBacktestSpec => 'data' in spec;

/** The given ones of `o`'s fields, in the order listed (a job stores the spec as JSON: the same input, the same text). */
const given = <T>(o: Record<string, unknown>, keys: readonly string[]): T => Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]])) as T;

function toSpec(f: Fields): BacktestSpec {
  if (f.data !== undefined) {
    return given<DataBacktestSpec>({ ...f, capital: f.capital ?? DEFAULT_CAPITAL }, [
      'data', 'preset', 'overrides', 'seed', 'from', 'to', 'capital', 'latencyMs', 'slippageTicks', 'slippageProbability', 'rateCard',
    ]);
  }
  return given<SimBacktestSpec>({ ...f, days: f.days ?? DEFAULT_BACKTEST_DAYS, seed: f.seed ?? DEFAULT_SEED, startDate: f.startDate ?? DEFAULT_START_DATE }, [
    'days', 'seed', 'preset', 'underlying', 'startDate', 'overrides', 'latencyMs', 'slippageTicks', 'slippageProbability', 'rateCard', 'lotSize',
  ]);
}

/**
 * One schema for both forms: with `data` a backtest on that dataset, without it one on the simulator.
 * A field of the other form is refused by name; the defaults of each form are filled in.
 */
export const RunBacktestInputSchema = Fields.superRefine((f, ctx) => {
  const other = f.data === undefined ? DATA_ONLY : SIM_ONLY;
  const rule =
    f.data === undefined
      ? 'applies to a backtest on a dataset (with data), not to one on the simulator'
      : 'applies to a backtest on the simulator (without data); a dataset sets its own underlying and dates (narrow them with from and to)';
  for (const k of other) if (f[k] !== undefined) ctx.addIssue({ code: 'custom', path: [k], message: rule });
  if (f.from !== undefined && f.to !== undefined && f.from > f.to) ctx.addIssue({ code: 'custom', path: ['from'], message: `must not be after to (${f.to}), got ${f.from}` });
}).transform(toSpec);

export type RunBacktestInput = z.input<typeof RunBacktestInputSchema>;
/** The input of a backtest on the simulator / on a dataset, as a caller writes it. */
export type SimBacktestInput = RunBacktestInput & { readonly data?: undefined };
export type DataBacktestInput = RunBacktestInput & { readonly data: string };

export type BacktestOutput = SimBacktestOutput | DataBacktestOutput;

/** Stored results, by run key. */
export interface RunCache {
  get(runKey: string): { resultJson: string } | undefined;
  put(run: { runKey: string; createdTs: number; dataset: string; dataHash: string; paramsVersion: string; seed: number; codeVersion: string; resultJson: string }): void;
}

/** What a backtest on the simulator needs. */
export interface SimBacktestDeps {
  readonly simConfig: SimConfig;
  readonly rateCards: readonly CompiledRateCard[];
  /** Told after each simulated day (and with 0 before the first), for a progress display. */
  readonly onProgress?: (daysDone: number, days: number) => void;
}

/** What a backtest on a dataset needs. */
export interface DataBacktestDeps {
  readonly loadDataset: (ref: string) => ReplayDataset;
  readonly rateCards: readonly CompiledRateCard[];
  readonly runs: RunCache;
  /** Told after each day of the window (and with 0 before the first), for a progress display. */
  readonly onProgress?: (daysDone: number, days: number) => void;
  readonly codeVersion: string;
  readonly now: () => number;
}

/** What a backtest of either form needs. */
export type BacktestDeps = SimBacktestDeps & DataBacktestDeps;

/** The deterministic key of a run: same data, parameters, seed, fill and charges models, capital and code → same key. */
export function runKeyOf(parts: Record<string, unknown>): string {
  return `rk-${createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 24)}`;
}

/**
 * The one seed of a run on `data`: a simulated dataset's own SEED drives its market and its paper fills
 * (so `sim:NIFTY:7:…` trades as the simulator with seed 7); `seed` may repeat it, a different value is
 * refused. Other data: `seed` (default 1) seeds the fills.
 */
export function fillSeedOf(data: string, seed: number | undefined): number {
  const own = /^sim:[^:]*:(\d+):/.exec(data)?.[1];
  if (own === undefined) return seed ?? DEFAULT_SEED;
  if (seed !== undefined && seed !== Number(own)) {
    const rule = `must be ${own}, the seed of ${data}, or be left out: a simulated dataset's seed also seeds its paper fills`;
    throw new AppError('INVALID_INPUT', `seed: ${rule}`, { issues: [{ field: 'seed', rule }] });
  }
  return Number(own);
}

/** Runs a validated backtest on the simulator, day after day. */
export function runOnSimulator(deps: SimBacktestDeps, input: SimBacktestSpec): SimBacktestOutput {
  const params = withOverrides(presetParams(input.preset as PresetName), input.overrides);
  const underlying = input.underlying ?? defaultUnderlying(input.preset);
  const { market, world } = createSimWorld(deps.simConfig, deps.rateCards, {
    underlying,
    startDate: input.startDate,
    days: input.days,
    seed: input.seed,
    preset: input.preset,
    fill: { latencyMs: input.latencyMs, slippageTicks: input.slippageTicks, slippageProbability: input.slippageProbability },
    ...(input.rateCard === undefined ? {} : { rateCardId: input.rateCard }),
    ...(input.lotSize === undefined ? {} : { lotSize: input.lotSize }),
  });
  const days = market.tradingDates.map((_, i) => i);
  deps.onProgress?.(0, days.length);
  const result = runColumns(
    params,
    (function* () {
      for (const d of days) {
        yield market.columnsForDay(d);
        deps.onProgress?.(d + 1, days.length);
      }
    })(),
    world,
  );
  return {
    preset: input.preset,
    paramsVersion: paramsVersion(params),
    underlying,
    seed: input.seed,
    dates: market.tradingDates,
    ticks: result.ticks,
    currency: 'INR',
    trades: result.trades.map(toWireTrade),
    metrics: toWireMetrics(result.metrics),
  };
}

/** Runs a validated backtest on a dataset, or answers with the stored result of the same run key. */
export function runOnDataset(deps: DataBacktestDeps, spec: DataBacktestSpec): DataBacktestOutput {
  const input = { ...spec, seed: fillSeedOf(spec.data, spec.seed) };
  const dataset = deps.loadDataset(input.data);
  const dates = datesInWindow(dataset, input.from, input.to);
  if (dates.length === 0) {
    const rule = `no dates of ${dataset.name} in the window (it has ${dataset.dates[0] ?? '—'}..${dataset.dates[dataset.dates.length - 1] ?? '—'})`;
    throw new AppError('INVALID_INPUT', `from/to: ${rule}`, { issues: [{ field: input.from === undefined ? 'to' : 'from', rule }] });
  }
  // The market's session applies unless the caller set the session parameters.
  const params = withOverrides(presetParams(input.preset as PresetName), { ...sessionOverrides(dataset), ...input.overrides });
  const fill = { latencyMs: input.latencyMs, slippageTicks: input.slippageTicks, slippageProbability: input.slippageProbability };
  const { world, chargesModel } = datasetWorld(dataset, deps.rateCards, {
    seed: input.seed,
    preset: input.preset,
    fill,
    ...(input.rateCard === undefined ? {} : { rateCardId: input.rateCard }),
  });
  const version = paramsVersion(params);
  const capitalMinor = Math.round(input.capital * 100);
  const runKey = runKeyOf({ data: dataset.dataHash, dates, params: version, seed: input.seed, fill, chargesModel, capital: capitalMinor, code: deps.codeVersion });
  const stored = deps.runs.get(runKey);
  if (stored !== undefined) return { ...(JSON.parse(stored.resultJson) as DataBacktestOutput), cached: true };
  const run = runDataset(dataset, params, world, { dates, capital: capitalMinor, ...(deps.onProgress === undefined ? {} : { onDay: deps.onProgress }) });
  const out: DataBacktestOutput = {
    runKey,
    cached: false,
    dataset: { name: dataset.name, description: dataset.description, synthetic: dataset.synthetic, dataHash: dataset.dataHash },
    preset: input.preset,
    paramsVersion: version,
    seed: input.seed,
    dates,
    ticks: run.ticks,
    currency: dataset.profile.currency,
    utcOffsetMin: dataset.profile.utcOffsetMin,
    chargesModel,
    trades: run.trades.map(toWireTrade),
    metrics: toWireBacktestMetrics(run.metrics, toWireMetrics(run.metrics)),
  };
  deps.runs.put({
    runKey,
    createdTs: deps.now(),
    dataset: dataset.name,
    dataHash: dataset.dataHash,
    paramsVersion: version,
    seed: input.seed,
    codeVersion: deps.codeVersion,
    resultJson: JSON.stringify(out),
  });
  return out;
}

/**
 * Validates `raw` (a ZodError for bad input, before any work) and runs it: with `data` on that dataset,
 * without on the simulator. Each form needs only its own deps.
 */
export function runBacktest(deps: SimBacktestDeps, raw: SimBacktestInput): SimBacktestOutput;
export function runBacktest(deps: DataBacktestDeps, raw: DataBacktestInput): DataBacktestOutput;
export function runBacktest(deps: BacktestDeps, raw: RunBacktestInput): BacktestOutput;
export function runBacktest(deps: SimBacktestDeps | DataBacktestDeps, raw: RunBacktestInput): BacktestOutput {
  const spec = RunBacktestInputSchema.parse(raw);
  // The overloads pair each form with its deps.
  return isDataSpec(spec) ? runOnDataset(deps as DataBacktestDeps, spec) : runOnSimulator(deps as SimBacktestDeps, spec);
}
