/** The capital budget (seed 004): a fixed daily fraction of capital that sizes entries, and the stress levels of its use. */

/** At `usedPct` of the budget lost, an open winner sells `sellPct` of its quantity, and from 50% moves to breakeven, from 70% trails tight. */
export interface StressLevel {
  readonly usedPct: number;
  readonly sellPct: number;
  readonly breakeven: boolean;
  readonly tightTrail: boolean;
}

export const STRESS_LEVELS: readonly StressLevel[] = [
  { usedPct: 30, sellPct: 30, breakeven: false, tightTrail: false },
  { usedPct: 50, sellPct: 50, breakeven: true, tightTrail: false },
  { usedPct: 70, sellPct: 70, breakeven: true, tightTrail: true },
];

/** The day's budget in minor units (capital and percent as the parameters give them). */
export function dailyBudget(capital: number, pct: number): number {
  return Math.floor((capital * pct) / 100);
}

/** How many stress levels the day's losses have reached (0 to 3); the budget is what the day started with. */
export function stressLevel(realisedNet: number, budget: number): number {
  const lost = Math.max(0, -realisedNet);
  let level = 0;
  for (const s of STRESS_LEVELS) if (lost * 100 >= budget * s.usedPct) level++;
  return level;
}

/** Lots of `lotSize` at `price` that fit in what the day's losses left of the budget, at most `wanted`. */
export function lotsWithinBudget(budget: number, realisedNet: number, price: number, lotSize: number, wanted: number): number {
  const left = budget - Math.max(0, -realisedNet);
  if (left <= 0 || price <= 0) return 0;
  return Math.min(wanted, Math.floor(left / (price * lotSize)));
}
