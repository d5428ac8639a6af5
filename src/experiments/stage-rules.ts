/** The stated rules that move an experiment from quick test to validation: what "passed" means at each stage. */
import type { StageMetrics, StageResult, TargetMetric } from './experiment-idea.js';

/** The value of the target metric (null metrics count as −∞: an undefined Sharpe cannot beat anything). */
export function targetValue(m: StageMetrics, metric: TargetMetric): number {
  const v = m[metric];
  return v === null ? Number.NEGATIVE_INFINITY : v;
}

/**
 * Quick test (the earliest days): passes when the candidate trades at all, makes money per trade net of
 * charges, and its target metric is at least the baseline's on the same days.
 */
export function quickVerdict(r: StageResult, metric: TargetMetric): { passed: boolean; reason: string } {
  const c = r.candidate;
  if (c.trades === 0) return { passed: false, reason: 'no trades in the quick window' };
  if (!(c.netPnlPerTrade > 0)) return { passed: false, reason: `net P&L per trade ${c.netPnlPerTrade.toFixed(2)} paise is not positive` };
  const cv = targetValue(c, metric);
  const bv = targetValue(r.baseline, metric);
  if (cv < bv) return { passed: false, reason: `${metric} ${cv} is below the baseline's ${bv}` };
  return { passed: true, reason: `${metric} ${cv} ≥ baseline ${bv}, net per trade positive` };
}

/**
 * Validation (the later, out-of-sample days): passes when the candidate still makes money per trade and
 * strictly beats the baseline's target metric there. The bootstrap interval is reported, not required.
 */
export function validationVerdict(r: StageResult, metric: TargetMetric): { passed: boolean; reason: string } {
  const c = r.candidate;
  if (c.trades === 0) return { passed: false, reason: 'no trades out of sample' };
  if (!(c.netPnlPerTrade > 0)) return { passed: false, reason: `out-of-sample net P&L per trade ${c.netPnlPerTrade.toFixed(2)} paise is not positive` };
  const cv = targetValue(c, metric);
  const bv = targetValue(r.baseline, metric);
  if (!(cv > bv)) return { passed: false, reason: `out-of-sample ${metric} ${cv} does not beat the baseline's ${bv}` };
  return { passed: true, reason: `out-of-sample ${metric} ${cv} > baseline ${bv}` };
}
