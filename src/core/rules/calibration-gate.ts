/** The calibration gate (seed 003): the posterior P(profit) of an entry's bucket (side × regime × hour) from the trades closed so far. */
import type { Regime, Side } from '../model/events.js';

const REGIMES: readonly Regime[] = ['TRENDING', 'RANGING', 'VOLATILE', 'UNKNOWN'];
const BUCKETS = 2 * REGIMES.length * 24;

/** Beta(1, 1) prior: a bucket with no trades has posterior 1/2. */
const PRIOR_WINS = 1;
const PRIOR_LOSSES = 1;

function bucket(side: Side, regime: Regime, hour: number): number {
  return ((side === 'CE' ? 0 : 1) * REGIMES.length + REGIMES.indexOf(regime)) * 24 + hour;
}

/**
 * Wins and trades per bucket. It learns only from trades the kernel has closed, so in a backtest an
 * entry never sees its own or any later outcome (no look-ahead).
 */
export class CalibrationBuckets {
  private readonly wins = new Int32Array(BUCKETS);
  private readonly trades = new Int32Array(BUCKETS);
  closed = 0;

  /** Books a closed trade under the bucket of its entry; a win is net P&L > 0. */
  record(side: Side, regime: Regime, entryHour: number, netPnl: number): void {
    const b = bucket(side, regime, entryHour);
    this.trades[b]!++;
    if (netPnl > 0) this.wins[b]!++;
    this.closed++;
  }

  /** Posterior mean P(profit) of the bucket: (wins + α) / (trades + α + β). */
  posterior(side: Side, regime: Regime, hour: number): number {
    const b = bucket(side, regime, hour);
    return (this.wins[b]! + PRIOR_WINS) / (this.trades[b]! + PRIOR_WINS + PRIOR_LOSSES);
  }
}
