/** Use case: backtest on a dataset (recording, CSV, panel, bars, or the simulator), keyed by a deterministic run key and stored. */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { ReplayDataset } from '../../backtest/dataset.js';
import type { BacktestMetrics } from '../../backtest/metrics/backtest-metrics.js';
import { datesInWindow, runDataset, sessionOverrides } from '../../backtest/run-dataset.js';
import type { CompiledRateCard } from '../../core/charges/rate-card.js';
import { paramsVersion } from '../../core/params/params-version.js';
import { PRESET_NAMES, presetParams, type PresetName } from '../../core/params/presets.js';
import { withOverrides } from '../../core/params/schema.js';
import { datasetWorld } from '../dataset-world.js';
import { AppError } from '../errors.js';
import { toWireMetrics, toWireTrade, type WireMetrics, type WireTrade } from '../trade-report.js';

const DATE = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'must be a date YYYY-MM-DD' });

export const RunBacktestInputSchema = z
  .object({
    data: z.string().min(1).describe('Dataset: a recording, tick/bar CSV or NDJSON, a panel CSV, or sim:UNDERLYING:SEED:START:DAYS.'),
    preset: z.enum(PRESET_NAMES as [string, ...string[]]).default('nifty_normal').describe('Parameter preset to start from.'),
    overrides: z.record(z.string(), z.unknown()).default({}).describe('Parameter overrides, validated by the parameter schema.'),
    seed: z
      .number()
      .int()
      .min(0)
      .max(0xffffffff)
      .optional()
      .describe('Seed of the paper fills’ slippage draws. For a sim: dataset it is the dataset’s own SEED (one seed for the market and the fills; another value is refused); default 1 for other data.'),
    from: DATE.optional().describe('First date of the window (inclusive).'),
    to: DATE.optional().describe('Last date of the window (inclusive).'),
    capital: z.number().positive().max(1e12).default(500_000).describe('Account size in the dataset’s currency; turns daily P&L into returns for Sharpe, Sortino, Calmar and drawdown %.'),
    latencyMs: z.number().int().min(0).max(10_000).default(100).describe('Paper fill latency, ms.'),
    slippageTicks: z.number().int().min(0).max(20).default(0).describe('Adverse ticks on every paper fill.'),
    slippageProbability: z.number().min(0).max(1).default(0.25).describe('Chance of one more adverse tick (seeded).'),
    rateCard: z.string().optional().describe('Pin one charges rate card by id.'),
  })
  .strict();

export type RunBacktestInput = z.input<typeof RunBacktestInputSchema>;

/** Stored results, by run key. */
export interface RunCache {
  get(runKey: string): { resultJson: string } | undefined;
  put(run: { runKey: string; createdTs: number; dataset: string; dataHash: string; paramsVersion: string; seed: number; codeVersion: string; resultJson: string }): void;
}

export interface BacktestDeps {
  readonly loadDataset: (ref: string) => ReplayDataset;
  readonly rateCards: readonly CompiledRateCard[];
  readonly runs: RunCache;
  readonly codeVersion: string;
  readonly now: () => number;
}

export interface WireBacktestMetrics extends WireMetrics {
  readonly tradesPerDay: number;
  readonly expectancy: number;
  readonly avgWin: number;
  readonly avgLoss: number;
  readonly sqn: number | null;
  readonly sharpe: number | null;
  readonly sortino: number | null;
  readonly calmar: number | null;
  readonly cagr: number | null;
  readonly maxDrawdownPct: number;
  readonly exposure: number;
  readonly annualization: number;
}

export interface RunBacktestOutput {
  readonly runKey: string;
  readonly cached: boolean;
  readonly dataset: { readonly name: string; readonly description: string; readonly synthetic: boolean; readonly dataHash: string };
  readonly preset: string;
  readonly paramsVersion: string;
  readonly seed: number;
  readonly dates: readonly string[];
  readonly ticks: number;
  readonly currency: string;
  /** The exchange's UTC offset for the dataset's dates (for printing local times). */
  readonly utcOffsetMin: number;
  readonly chargesModel: string;
  readonly trades: readonly WireTrade[];
  readonly metrics: WireBacktestMetrics;
}

const r4 = (x: number | null): number | null => (x === null ? null : Math.round(x * 10_000) / 10_000);

export function toWireBacktestMetrics(m: BacktestMetrics, base: WireMetrics): WireBacktestMetrics {
  return {
    ...base,
    tradesPerDay: r4(m.tradesPerDay) ?? 0,
    expectancy: Math.round(m.expectancy) / 100,
    avgWin: Math.round(m.avgWin) / 100,
    avgLoss: Math.round(m.avgLoss) / 100,
    sqn: r4(m.sqn),
    sharpe: r4(m.sharpe),
    sortino: r4(m.sortino),
    calmar: r4(m.calmar),
    cagr: r4(m.cagr),
    maxDrawdownPct: r4(m.maxDrawdownPct) ?? 0,
    exposure: r4(m.exposure) ?? 0,
    annualization: m.annualization,
  };
}

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
  if (own === undefined) return seed ?? 1;
  if (seed !== undefined && seed !== Number(own)) {
    const rule = `must be ${own}, the seed of ${data}, or be left out: a simulated dataset's seed also seeds its paper fills`;
    throw new AppError('INVALID_INPUT', `seed: ${rule}`, { issues: [{ field: 'seed', rule }] });
  }
  return Number(own);
}

export function runBacktest(deps: BacktestDeps, raw: RunBacktestInput): RunBacktestOutput {
  const parsed = RunBacktestInputSchema.parse(raw);
  const input = { ...parsed, seed: fillSeedOf(parsed.data, parsed.seed) };
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
  if (stored !== undefined) return { ...(JSON.parse(stored.resultJson) as RunBacktestOutput), cached: true };
  const run = runDataset(dataset, params, world, { dates, capital: capitalMinor });
  const out: RunBacktestOutput = {
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
