/** Market exposure: the share of the replayed regular-session time during which a position was open. */
import type { ClosedTrade } from '../../core/model/events.js';

/**
 * Time covered by the union of the holding intervals [entryTs, exitTs] / (sessionMs × days), clamped to 0..1.
 * With one position at a time (the kernel's case) the union is Σ (exitTs − entryTs); overlapping trades count once.
 */
export function exposure(trades: readonly ClosedTrade[], sessionMs: number, days: number): number {
  if (trades.length === 0 || days === 0) return 0;
  const spans = trades.map((t) => [t.entryTs, t.exitTs] as const).sort((a, b) => a[0] - b[0]);
  let held = 0;
  let [from, to] = spans[0]!;
  for (let i = 1; i < spans.length; i++) {
    const [s, e] = spans[i]!;
    if (s > to) {
      held += to - from;
      from = s;
      to = e;
    } else if (e > to) {
      to = e;
    }
  }
  held += to - from;
  return Math.min(1, held / (sessionMs * days));
}
