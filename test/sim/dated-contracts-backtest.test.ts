/** A simulated backtest trades the contract in force on each simulated date: 2022 dates give NIFTY's 50 lot and Thursday weeklies. */
import { describe, expect, it } from 'vitest';
import { loadRateCards } from '../../src/adapters/rate-cards.js';
import { runBacktest } from '../../src/app/commands/run-backtest.js';
import { loadConfig } from './helpers.js';

const deps = { simConfig: loadConfig(), rateCards: loadRateCards() };

describe('simulated backtest over 2022 dates', () => {
  // Monday 2022-06-13 and Tuesday 2022-06-14: the nearest NIFTY expiry is Thursday 2022-06-16, lot 50.
  const out = runBacktest(deps, { startDate: '2022-06-13', days: 2, seed: 1, preset: 'nifty_normal' });

  it('trades whole lots of 50 in the 16 June 2022 weekly', () => {
    expect(out.dates).toEqual(['2022-06-13', '2022-06-14']);
    expect(out.trades.length).toBeGreaterThan(5);
    for (const t of out.trades) {
      expect(t.symbol).toMatch(/^NIFTY16JUN22\d+(CE|PE)$/);
      expect(t.qty % 50, `${t.id} qty ${t.qty}`).toBe(0);
      for (const f of t.fills) expect(f.qty % 50).toBe(0);
    }
    // Not also a multiple of 65 or 75 throughout: the lot really is 50.
    expect(out.trades.some((t) => t.qty % 75 !== 0 && t.qty % 65 !== 0)).toBe(true);
  });

  it('takes a fixed lot size when asked', () => {
    const fixed = runBacktest(deps, { startDate: '2022-06-13', days: 1, seed: 1, preset: 'nifty_normal', lotSize: 75 });
    expect(fixed.trades.length).toBeGreaterThan(0);
    for (const t of fixed.trades) expect(t.qty % 75).toBe(0);
  });

  it('skips an exchange holiday in the simulated dates', () => {
    // Thursday 2022-04-14 and Friday 2022-04-15 were closed.
    const around = runBacktest(deps, { startDate: '2022-04-13', days: 2, seed: 1, preset: 'nifty_normal' });
    expect(around.dates).toEqual(['2022-04-13', '2022-04-18']);
    expect(around.trades.length).toBeGreaterThan(0);
    for (const t of around.trades) expect(t.symbol).toMatch(/^NIFTY(13APR22|21APR22)/);
  });
});
