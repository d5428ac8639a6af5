/** Runs sweep combos on a pool of worker threads over one shared copy of the ticks: dynamic dispatch, progress, cancellation. */
import { Worker } from 'node:worker_threads';
import type { ReplayDataset } from '../../backtest/dataset.js';
import type { SweepCombo } from '../../backtest/sweep/param-space.js';
import type { SweepResult } from '../../backtest/sweep/run-combo.js';
import type { CompiledRateCard } from '../../core/charges/rate-card.js';
import { withOverrides, type Params } from '../../core/params/schema.js';
import type { PaperFillConfig } from '../../sim/broker/paper-broker.js';
import { packColumns } from './shared-columns.js';
import type { FromSweepWorker, SweepWorkerData, SweepWorldSpec, ToSweepWorker } from './sweep-protocol.js';
import { sweepWorld } from './sweep-world.js';

/** The world every combo trades in, as the single backtest takes it. */
export interface SweepWorldOptions {
  /** Loaded rate cards (e.g. `loadRateCards()`); workers receive their JSON and compile it again. */
  readonly rateCards: readonly CompiledRateCard[];
  /** Pin one card by id instead of the card in force on each fill's date. */
  readonly rateCardId?: string;
  readonly fill: PaperFillConfig;
  /** Seed of the paper broker's slippage draws (the same for every combo). */
  readonly seed: number;
  readonly preset: string;
}

export interface SweepInput {
  readonly dataset: ReplayDataset;
  readonly world: SweepWorldOptions;
  readonly base: Params;
  readonly combos: readonly SweepCombo[];
  /** Worker threads to start (1 or more; never more than there are combos). */
  readonly workers: number;
  /** Called with (0, total) at the start and after each finished combo. */
  readonly onProgress?: (done: number, total: number) => void;
  readonly signal?: AbortSignal;
}

/** The rejection of a cancelled sweep (`name === 'AbortError'`); `cause` is the signal's reason. */
export class SweepAbortedError extends Error {
  constructor(reason: unknown) {
    super('sweep cancelled', { cause: reason });
    this.name = 'AbortError';
  }
}

let liveWorkers = 0;

/** Sweep worker threads started and not yet exited, in this thread (0 once every sweep has settled). */
export function activeSweepWorkers(): number {
  return liveWorkers;
}

/** The worker entry: compiled JS next to this file, or (from TypeScript source) a bootstrap that registers tsx first. */
function workerEntry(): URL {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new URL('./sweep-worker.js', here);
  // Node 20 workers do not inherit the parent's loader hooks: register tsx before importing the worker module.
  const boot = `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))}; register(); await import(${JSON.stringify(new URL('./sweep-worker.ts', here).href)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(boot)}`);
}

/** Refuses bad input before any thread starts: worker count, duplicate indices, invalid combos, bad world. */
function checkInput(input: SweepInput): SweepWorldSpec {
  if (!Number.isSafeInteger(input.workers) || input.workers < 1) {
    throw new RangeError(`workers must be a whole number ≥ 1, got ${input.workers}`);
  }
  const seen = new Set<number>();
  for (const c of input.combos) {
    if (!Number.isSafeInteger(c.index) || c.index < 0) throw new RangeError(`combo index must be a whole number ≥ 0, got ${c.index}`);
    if (seen.has(c.index)) throw new RangeError(`combo index ${c.index} appears twice`);
    seen.add(c.index);
    withOverrides(input.base, c.overrides);
  }
  const w = input.world;
  const spec: SweepWorldSpec = {
    rateCards: w.rateCards.map((c) => c.card),
    fill: w.fill,
    seed: w.seed,
    preset: w.preset,
    ...(w.rateCardId === undefined ? {} : { rateCardId: w.rateCardId }),
  };
  sweepWorld(input.dataset, spec);
  return spec;
}

/**
 * Runs every combo and resolves with the results sorted by combo index. Each combo is independent and
 * deterministic, so the results are identical whatever the number of workers and whichever worker ran
 * which combo. On abort the workers are terminated and the promise rejects with SweepAbortedError
 * (name "AbortError") once they have exited; a failing combo rejects the same way with its error.
 */
export async function runSweep(input: SweepInput): Promise<SweepResult[]> {
  const { signal, onProgress, combos } = input;
  if (signal?.aborted === true) throw new SweepAbortedError(signal.reason);
  const spec = checkInput(input);
  const total = combos.length;
  onProgress?.(0, total);
  if (total === 0) return [];
  const { days, ...rest } = input.dataset;
  const workerData: SweepWorkerData = { columns: packColumns(days), dataset: rest, world: spec, base: input.base };
  const entry = workerEntry();

  return new Promise<SweepResult[]>((resolve, reject) => {
    const results: SweepResult[] = [];
    const pool: Worker[] = [];
    let next = 0;
    let settled = false;

    const finish = (error: Error | null): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      void Promise.all(pool.map((w) => w.terminate())).then(() => {
        if (error !== null) reject(error);
        else resolve(results.sort((a, b) => a.index - b.index));
      });
    };
    const onAbort = (): void => finish(new SweepAbortedError(signal?.reason));

    const dispatch = (worker: Worker, busy: { index: number | null }): void => {
      const combo = combos[next++];
      busy.index = combo?.index ?? null;
      const message: ToSweepWorker = combo === undefined ? { type: 'close' } : { type: 'run', index: combo.index, overrides: combo.overrides };
      worker.postMessage(message);
    };

    const spawn = (): void => {
      const worker = new Worker(entry, { workerData });
      const busy: { index: number | null } = { index: null };
      liveWorkers++;
      pool.push(worker);
      worker.on('message', (m: FromSweepWorker) => {
        if (settled) return;
        if (m.type === 'error') {
          finish(new Error(`sweep combo ${m.index}: ${m.message}`));
          return;
        }
        results.push(m.result);
        try {
          onProgress?.(results.length, total);
        } catch (e) {
          finish(e instanceof Error ? e : new Error(String(e)));
          return;
        }
        if (settled) return; // onProgress may have aborted the sweep
        if (results.length === total) finish(null);
        else dispatch(worker, busy);
      });
      worker.on('error', (e) => finish(new Error(`sweep worker failed: ${e.message}`, { cause: e })));
      worker.once('exit', (code) => {
        liveWorkers--;
        if (busy.index !== null) finish(new Error(`sweep worker exited (code ${code}) while running combo ${busy.index}`));
      });
      dispatch(worker, busy);
    };

    signal?.addEventListener('abort', onAbort, { once: true });
    const n = Math.min(input.workers, total);
    try {
      for (let i = 0; i < n && !settled; i++) spawn();
    } catch (e) {
      finish(e instanceof Error ? e : new Error(String(e)));
    }
  });
}
