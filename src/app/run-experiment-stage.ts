/** Runs one stage of an experiment in-process: candidate and baseline backtests on the stage's dates, and their comparison. */
import { runBacktest, type DataBacktestDeps, type DataBacktestOutput } from './commands/run-backtest.js';
import type { ClosedTrade } from '../core/model/events.js';
import { compareRuns } from '../backtest/validation/compare-runs.js';
import type { Experiment, StageMetrics, StageResult } from '../experiments/experiment-idea.js';

/** The quick window (the earliest days) and the out-of-sample validation window (the rest). */
export function stageDates(dates: readonly string[], quickFraction: number): { quick: string[]; validation: string[] } {
  const quickCount = Math.max(1, Math.floor(dates.length * quickFraction));
  return { quick: dates.slice(0, quickCount), validation: dates.slice(quickCount) };
}

function stageMetrics(out: DataBacktestOutput): StageMetrics {
  const m = out.metrics;
  const netPaise = Math.round(m.netPnl * 100);
  return {
    trades: m.trades,
    netPnl: netPaise,
    netPnlPerTrade: m.trades === 0 ? 0 : netPaise / m.trades,
    winRate: m.winRate,
    profitFactor: m.profitFactor,
    sharpe: m.sharpe,
    sqn: m.sqn,
    runKey: out.runKey,
  };
}

/** Net P&L per trade in paise, the only field the bootstrap comparison reads. */
const perTrade = (out: DataBacktestOutput): ClosedTrade[] => out.trades.map((t) => ({ netPnl: Math.round(t.netPnl * 100) }) as ClosedTrade);

export function runStage(deps: DataBacktestDeps, exp: Experiment, stage: 'quick' | 'validation'): StageResult {
  const dataset = deps.loadDataset(exp.dataset);
  const windows = stageDates(dataset.dates, exp.budget.quickFraction);
  const dates = windows[stage];
  if (dates.length === 0) throw new RangeError(`dataset: ${exp.dataset} has ${dataset.dates.length} day(s); validation needs days after the quick window`);
  const window = { from: dates[0]!, to: dates[dates.length - 1]! };
  const candidate = runBacktest(deps, { data: exp.dataset, preset: exp.basePreset, overrides: exp.overrides, ...window });
  const baseline = runBacktest(deps, { data: exp.dataset, preset: exp.basePreset, ...window });
  const a = perTrade(baseline);
  const b = perTrade(candidate);
  const cmp = a.length > 0 && b.length > 0 ? compareRuns(a, b, { seed: 1 }) : null;
  return {
    dates,
    candidate: stageMetrics(candidate),
    baseline: stageMetrics(baseline),
    difference: cmp === null ? null : { mean: cmp.difference, ci: cmp.ci, significant: cmp.significant },
  };
}
