import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRateCards } from '../../src/adapters/rate-cards.js';
import { loadSimConfig } from '../../src/adapters/sim-config-file.js';
import { runBacktest } from '../../src/app/commands/run-backtest.js';

/**
 * A seeded simulated day must give the same trade log byte for byte, on every run and in every
 * commit, unless a change is meant to alter trading. After such a change, regenerate the file with
 * `UPDATE_GOLDEN=1 npx vitest run test/golden` and review the diff like code.
 */
const goldenPath = resolve(import.meta.dirname, 'sim-nifty_normal-seed1-day1.json');
const deps = { simConfig: loadSimConfig(), rateCards: loadRateCards() };
const input = { days: 1, seed: 1, preset: 'nifty_normal', startDate: '2026-01-05' } as const;

describe('golden simulated day', () => {
  const first = `${JSON.stringify(runBacktest(deps, input), null, 1)}\n`;

  it('is byte-identical when run again', () => {
    expect(`${JSON.stringify(runBacktest(deps, input), null, 1)}\n`).toBe(first);
  });

  it('matches the committed trade log', () => {
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(goldenPath, first);
    expect(existsSync(goldenPath), 'golden file missing: run with UPDATE_GOLDEN=1').toBe(true);
    expect(first).toBe(readFileSync(goldenPath, 'utf8'));
    expect((JSON.parse(first) as { trades: unknown[] }).trades.length).toBeGreaterThan(10);
  });
});
