/** Index ticks: the underlying level sampled about once a second at jittered times, rounded to the index tick. */
import { createRng } from '../../core/rng.js';
import type { TickBuffer } from './tick-buffer.js';
import type { DayPath } from './underlying-path.js';

export interface IndexTickSpec {
  readonly id: number;
  readonly rank: number;
  readonly tick: number;
  readonly ticksPerSecond: number;
  readonly sessionMs: number;
}

/** Appends the index ticks of one session; quotes are absent (bid = ask = 0, quantities 0). */
export function appendIndexTicks(seed: number, path: DayPath, spec: IndexTickSpec, out: TickBuffer): void {
  const rng = createRng(seed);
  const meanMs = 1000 / spec.ticksPerSecond;
  let j = 0;
  // A first print within the first interval after the open, then a floor plus an exponential gap.
  let ms = Math.floor(rng.next() * meanMs);
  while (ms < spec.sessionMs) {
    while (j + 1 < path.count && (path.t[j + 1] ?? Infinity) <= ms) j++;
    const level = Math.max(spec.tick, Math.round((path.price[j] ?? 0) / spec.tick) * spec.tick);
    out.push(ms, spec.rank, spec.id, level, 0, 0, 0, 0);
    ms += Math.max(1, Math.round(meanMs * (0.4 - 0.6 * Math.log(1 - rng.next()))));
  }
}
