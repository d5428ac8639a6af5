/** Use case: backtest a preset (plus overrides) on N seeded simulated days; returns trades and metrics on the wire. */
import { z } from 'zod';
import { dateToDayNumber } from '../../core/calendar/exchange-time.js';
import { runColumns } from '../../backtest/run-days.js';
import type { CompiledRateCard } from '../../core/charges/rate-card.js';
import { paramsVersion } from '../../core/params/params-version.js';
import { PRESET_NAMES, presetParams } from '../../core/params/presets.js';
import { withOverrides } from '../../core/params/schema.js';
import type { SimConfig } from '../../sim/market/sim-config.js';
import { createSimWorld } from '../sim-world.js';
import { toWireMetrics, toWireTrade, type WireMetrics, type WireTrade } from '../trade-report.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function isCalendarDate(text: string): boolean {
  try {
    dateToDayNumber(text);
    return true;
  } catch {
    return false;
  }
}

export const RunSimBacktestInputSchema = z
  .object({
    days: z.number().int().min(1).max(250).default(3).describe('Trading days to simulate (weekends and exchange holidays are skipped).'),
    seed: z.number().int().min(0).max(0xffffffff).default(1).describe('Seed of the simulated market and of the paper fills.'),
    preset: z.enum(PRESET_NAMES as [string, ...string[]]).default('nifty_normal').describe('Parameter preset to start from.'),
    underlying: z.enum(['NIFTY', 'SENSEX']).optional().describe('Underlying to simulate; default SENSEX for sensex_* presets, else NIFTY.'),
    startDate: z
      .string()
      .regex(DATE, { error: 'must be a date YYYY-MM-DD' })
      .refine(isCalendarDate, { error: 'must be a real calendar date' })
      .default('2026-01-05')
      .describe('First simulated date (a weekend or exchange holiday moves to the next trading day); lot size and expiry follow the contract tables in force on each date.'),
    overrides: z.record(z.string(), z.unknown()).default({}).describe('Parameter overrides on top of the preset, validated by the parameter schema.'),
    latencyMs: z.number().int().min(0).max(10_000).default(100).describe('Paper fill latency: an order fills on the first tick at or after decision + latency.'),
    slippageTicks: z.number().int().min(0).max(20).default(0).describe('Adverse ticks added to every paper fill.'),
    slippageProbability: z.number().min(0).max(1).default(0.25).describe('Chance of one more adverse tick on a paper fill (seeded).'),
    rateCard: z.string().optional().describe('Pin one charges rate card by id (default: the card in force for the exchange and date).'),
    lotSize: z.number().int().min(1).max(100_000).optional().describe('Units per lot for every contract, instead of the lot size in force on each simulated date.'),
  })
  .strict();

export type RunSimBacktestInput = z.input<typeof RunSimBacktestInputSchema>;

export interface RunSimBacktestOutput {
  readonly preset: string;
  readonly paramsVersion: string;
  readonly underlying: string;
  readonly seed: number;
  readonly dates: readonly string[];
  readonly ticks: number;
  readonly currency: 'INR';
  readonly trades: readonly WireTrade[];
  readonly metrics: WireMetrics;
}

export interface SimBacktestDeps {
  readonly simConfig: SimConfig;
  readonly rateCards: readonly CompiledRateCard[];
  /** Told after each simulated day (and with 0 before the first), for a progress display. */
  readonly onProgress?: (daysDone: number, days: number) => void;
}

/** Runs the backtest; throws InvalidParamsError or a ZodError for bad input before doing any work. */
export function runSimBacktest(deps: SimBacktestDeps, rawInput: RunSimBacktestInput): RunSimBacktestOutput {
  const input = RunSimBacktestInputSchema.parse(rawInput);
  const params = withOverrides(presetParams(input.preset as (typeof PRESET_NAMES)[number]), input.overrides);
  const underlying = input.underlying ?? (input.preset.startsWith('sensex') ? 'SENSEX' : 'NIFTY');
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
  const result = runColumns(params, (function* () {
    for (const d of days) {
      yield market.columnsForDay(d);
      deps.onProgress?.(d + 1, days.length);
    }
  })(), world);
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
