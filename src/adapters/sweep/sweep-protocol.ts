/** Messages and start-up data between the sweep pool and its worker threads. */
import type { ReplayDataset } from '../../backtest/dataset.js';
import type { AxisValue } from '../../backtest/sweep/axis-rules.js';
import type { SweepResult } from '../../backtest/sweep/run-combo.js';
import type { RateCard } from '../../core/charges/rate-card.js';
import type { Params } from '../../core/params/schema.js';
import type { PaperFillConfig } from '../../sim/broker/paper-broker.js';
import type { SharedColumns } from './shared-columns.js';

/** What a worker needs to rebuild the world: the charges cards as JSON (recompiled there), fills, seed, preset. */
export interface SweepWorldSpec {
  readonly rateCards: readonly RateCard[];
  readonly rateCardId?: string;
  readonly fill: PaperFillConfig;
  readonly seed: number;
  readonly preset: string;
}

/** Sent once per worker: ticks by SharedArrayBuffer, the rest of the dataset and the world by structured clone. */
export interface SweepWorkerData {
  readonly columns: SharedColumns;
  readonly dataset: Omit<ReplayDataset, 'days'>;
  readonly world: SweepWorldSpec;
  readonly base: Params;
}

export type ToSweepWorker =
  | { readonly type: 'run'; readonly index: number; readonly overrides: Readonly<Record<string, AxisValue>> }
  | { readonly type: 'close' };

export type FromSweepWorker =
  | { readonly type: 'result'; readonly result: SweepResult }
  | { readonly type: 'error'; readonly index: number; readonly message: string };
