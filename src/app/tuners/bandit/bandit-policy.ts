/** The bandit's choice of arm from each arm's rewards: UCB1 (deterministic) or Thompson sampling (on the seeded RNG), both pure. */
import type { Rng } from '../../../core/ports.js';
import { createRng, normal } from '../../../core/rng.js';

export const BANDIT_ALGORITHMS = ['ucb1', 'thompson'] as const;
export type BanditAlgorithm = (typeof BANDIT_ALGORITHMS)[number];

/** An arm's rewards so far: one pull per closed trade, its reward the trade's net P&L per lot (paise). */
export interface ArmStats {
  readonly pulls: number;
  readonly rewardSum: number;
  readonly rewardSqSum: number;
}

export interface ArmChoice {
  readonly arm: number;
  /** Each arm's score (UCB index or Thompson draw); null for an arm chosen or skipped for having too few pulls. */
  readonly scores: readonly (number | null)[];
  /** Why this arm, in one line. */
  readonly why: string;
}

const mean = (s: ArmStats): number => s.rewardSum / s.pulls;

/** Sample standard deviation from the sums; 0 with fewer than 2 values. */
function sd(n: number, sum: number, sq: number): number {
  if (n < 2) return 0;
  return Math.sqrt(Math.max(0, (sq - (sum * sum) / n) / (n - 1)));
}

/** The standard deviation of every reward of every arm: the scale of the exploration terms (rewards are rupee amounts, not 0..1). */
function pooledSd(stats: readonly ArmStats[]): number {
  const n = stats.reduce((a, s) => a + s.pulls, 0);
  const value = sd(
    n,
    stats.reduce((a, s) => a + s.rewardSum, 0),
    stats.reduce((a, s) => a + s.rewardSqSum, 0),
  );
  // No spread yet (one reward, or all equal): one paisa, so the terms still order the arms by pulls.
  return value > 0 ? value : 1;
}

/** An arm with fewer than `min` pulls: the one in force if it is such (it gathers trades without a switch), else the lowest index; -1 when none. */
function firstFresh(stats: readonly ArmStats[], min: number, inForce: number): number {
  if (inForce >= 0 && inForce < stats.length && stats[inForce]!.pulls < min) return inForce;
  return stats.findIndex((s) => s.pulls < min);
}

/** The highest score, ties to the lowest index. */
function argmax(scores: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < scores.length; i++) if (scores[i]! > scores[best]!) best = i;
  return best;
}

/**
 * UCB1 with the bonus scaled by the pooled standard deviation: an arm never pulled is chosen first (the
 * arm in force if it is one, else the lowest index); then the arm maximising mean + sd · √(2 ln N / n).
 */
export function ucb1(stats: readonly ArmStats[], inForce = -1): ArmChoice {
  const fresh = firstFresh(stats, 1, inForce);
  if (fresh >= 0) return { arm: fresh, scores: stats.map(() => null), why: `arm ${fresh} has no trades yet` };
  const total = stats.reduce((a, s) => a + s.pulls, 0);
  const scale = pooledSd(stats);
  const scores = stats.map((s) => mean(s) + scale * Math.sqrt((2 * Math.log(total)) / s.pulls));
  const arm = argmax(scores);
  return { arm, scores, why: `arm ${arm} has the highest upper confidence bound (mean + ${scale.toFixed(0)} paise × √(2 ln ${total} / ${stats[arm]!.pulls}))` };
}

/**
 * Thompson sampling with a normal posterior per arm: an arm with fewer than 2 pulls is chosen first (the
 * arm in force if it is one, else the lowest index); then each arm draws mean + sd/√n · z (its own sd, the pooled one when it has no spread), z from
 * `rng` in arm order, and the highest draw wins.
 */
export function thompson(stats: readonly ArmStats[], rng: Rng, inForce = -1): ArmChoice {
  const fresh = firstFresh(stats, 2, inForce);
  if (fresh >= 0) return { arm: fresh, scores: stats.map(() => null), why: `arm ${fresh} has fewer than 2 trades` };
  const pooled = pooledSd(stats);
  const scores = stats.map((s) => {
    const own = sd(s.pulls, s.rewardSum, s.rewardSqSum);
    return mean(s) + ((own > 0 ? own : pooled) / Math.sqrt(s.pulls)) * normal(rng);
  });
  const arm = argmax(scores);
  return { arm, scores, why: `arm ${arm} drew the highest sample of its mean reward` };
}

/** The RNG of decision `step` under `seed`: each decision has its own stream, so a restart draws what it would have. */
export function stepRng(seed: number, step: number): Rng {
  return createRng((seed ^ Math.imul(step + 1, 0x9e3779b1)) >>> 0);
}

/** The arm to play next; `inForce` (the arm in force, or -1) is preferred among arms still short of trades. */
export function chooseArm(algorithm: BanditAlgorithm, stats: readonly ArmStats[], seed: number, step: number, inForce = -1): ArmChoice {
  return algorithm === 'ucb1' ? ucb1(stats, inForce) : thompson(stats, stepRng(seed, step), inForce);
}
