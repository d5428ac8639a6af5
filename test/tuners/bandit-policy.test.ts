/** The bandit's policies (UCB1, Thompson sampling on the seeded RNG) and its rewards (net P&L per lot of the trades made with each arm's version). */
import { describe, expect, it } from 'vitest';
import { chooseArm, type ArmStats } from '../../src/app/tuners/bandit/bandit-policy.js';
import { armStats, rewardPerLot } from '../../src/app/tuners/bandit/bandit-rewards.js';
import type { ClosedTradeRecord } from '../../src/core/model/book-records.js';
import { createRng, normal } from '../../src/core/rng.js';

const stat = (rewards: readonly number[]): ArmStats => ({ pulls: rewards.length, rewardSum: rewards.reduce((a, b) => a + b, 0), rewardSqSum: rewards.reduce((a, b) => a + b * b, 0) });

/** Plays `steps` decisions against arms whose rewards are normal(mean, sd) draws from a seeded stream; returns the pulls per arm and the choices. */
function play(algorithm: 'ucb1' | 'thompson', seed: number, means: readonly number[], steps: number): { pulls: number[]; choices: number[] } {
  const market = createRng(99);
  const rewards: number[][] = means.map(() => []);
  const choices: number[] = [];
  for (let k = 0; k < steps; k++) {
    const { arm } = chooseArm(algorithm, rewards.map(stat), seed, k);
    choices.push(arm);
    rewards[arm]!.push(means[arm]! + 2000 * normal(market));
  }
  return { pulls: rewards.map((r) => r.length), choices };
}

describe('the policies', () => {
  it('try every arm first: the arm in force when it is short of trades, else the lowest index', () => {
    const stats = [stat([100, 200]), stat([]), stat([])];
    expect(chooseArm('ucb1', stats, 1, 0).arm).toBe(1);
    expect(chooseArm('ucb1', stats, 1, 0, 2).arm).toBe(2);
    expect(chooseArm('thompson', [stat([5, 6]), stat([1]), stat([])], 1, 0).arm).toBe(1);
  });

  it('UCB1 is deterministic and explores an arm with few trades before exploiting the best mean', () => {
    const a = [stat([500, 520, 480, 510]), stat([495])];
    expect(chooseArm('ucb1', a, 1, 0)).toEqual(chooseArm('ucb1', a, 7, 3));
    // The second arm's lower mean is outweighed by its wide bound with a single trade.
    expect(chooseArm('ucb1', a, 1, 0).arm).toBe(1);
    const b = [stat(Array(50).fill(500) as number[]), stat([...(Array(49).fill(400) as number[]), 401])];
    expect(chooseArm('ucb1', b, 1, 0).arm).toBe(0);
  });

  it('Thompson sampling makes the same choices for the same seed, and other choices for another seed', () => {
    const means = [0, 300, 600];
    const one = play('thompson', 5, means, 200);
    expect(play('thompson', 5, means, 200)).toEqual(one);
    expect(play('thompson', 6, means, 200).choices).not.toEqual(one.choices);
  });

  it.each(['ucb1', 'thompson'] as const)('%s ends up playing the best arm most', (algorithm) => {
    const { pulls } = play(algorithm, 3, [0, 300, 1500], 300);
    expect(pulls[2]).toBeGreaterThan(pulls[0]! + pulls[1]!);
  });
});

const trade = (over: Partial<ClosedTradeRecord>): ClosedTradeRecord => ({
  tradeId: 't',
  mode: 'PAPER',
  source: 'agent',
  underlying: 'NIFTY',
  exchange: 'NFO',
  symbol: 'NIFTY26JAN26000CE',
  side: 'CE',
  qty: 130,
  entryTs: 0,
  exitTs: 1,
  entryPrice: 0,
  exitPrice: 0,
  grossPnl: 0,
  charges: 0,
  netPnl: 0,
  exitReason: 'trail_stop',
  preset: 'nifty_normal',
  paramsVersion: 'v-a',
  regime: 'UNKNOWN',
  tradingDate: '2026-01-05',
  utcOffsetMin: 330,
  ...over,
});

describe('the rewards', () => {
  it('are each trade’s net P&L per lot, counted for the arm whose version made it', () => {
    expect(rewardPerLot({ netPnl: 13_000, qty: 130 }, 65)).toBe(6_500);
    const trades = [
      trade({ paramsVersion: 'v-a', netPnl: 13_000, qty: 130 }), // 2 lots: 6 500 paise per lot
      trade({ paramsVersion: 'v-a', netPnl: -6_500, qty: 65 }), // 1 lot
      trade({ paramsVersion: 'v-b', netPnl: 39_000, qty: 195 }), // 3 lots
      trade({ paramsVersion: 'v-other', netPnl: 1_000_000 }), // no arm's version: ignored
      trade({ paramsVersion: null, netPnl: 1_000_000 }),
    ];
    const { stats, skipped } = armStats(['v-a', 'v-b', 'v-c'], trades, () => 65);
    expect(skipped).toBe(0);
    expect(stats).toEqual([
      { pulls: 2, rewardSum: 0, rewardSqSum: 6_500 ** 2 * 2 },
      { pulls: 1, rewardSum: 13_000, rewardSqSum: 13_000 ** 2 },
      { pulls: 0, rewardSum: 0, rewardSqSum: 0 },
    ]);
  });

  it('leave out a trade whose lot size is unknown, and count it', () => {
    const { stats, skipped } = armStats(['v-a'], [trade({ netPnl: 100 })], () => {
      throw new RangeError('no lot size');
    });
    expect(stats[0]!.pulls).toBe(0);
    expect(skipped).toBe(1);
  });
});
