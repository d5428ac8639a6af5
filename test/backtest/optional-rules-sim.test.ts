import { describe, expect, it } from 'vitest';
import { loadRateCards } from '../../src/adapters/rate-cards.js';
import { loadSimConfig } from '../../src/adapters/sim-config-file.js';
import { runBacktest, type SimBacktestOutput } from '../../src/app/commands/run-backtest.js';

/**
 * Each of the seeds' optional rules, switched on in a simulated backtest, changes the trades, and the
 * P&L identities still hold to the paisa: per trade gross = Σ sells − Σ buys and net = gross − charges,
 * and the totals are the sums of the trades.
 */
const deps = { simConfig: loadSimConfig(), rateCards: loadRateCards() };
const base = { days: 2, seed: 3, preset: 'nifty_normal', startDate: '2026-01-05' } as const;
const paise = (rupees: number): number => Math.round(rupees * 100);

function checkIdentities(out: SimBacktestOutput): void {
  let gross = 0;
  let charges = 0;
  let net = 0;
  for (const t of out.trades) {
    let flow = 0;
    for (const f of t.fills) flow += (f.action === 'SELL' ? 1 : -1) * f.qty * paise(f.price);
    expect(paise(t.grossPnl), t.id).toBe(flow);
    expect(paise(t.netPnl), t.id).toBe(paise(t.grossPnl) - paise(t.charges));
    const bought = t.fills.filter((f) => f.action === 'BUY').reduce((q, f) => q + f.qty, 0);
    const sold = t.fills.filter((f) => f.action === 'SELL').reduce((q, f) => q + f.qty, 0);
    expect(sold, t.id).toBe(bought);
    gross += paise(t.grossPnl);
    charges += paise(t.charges);
    net += paise(t.netPnl);
  }
  expect(paise(out.metrics.grossPnl)).toBe(gross);
  expect(paise(out.metrics.charges)).toBe(charges);
  expect(paise(out.metrics.netPnl)).toBe(net);
  expect(out.metrics.trades).toBe(out.trades.length);
}

const RULES: Record<string, Record<string, unknown>> = {
  atrStops: { atrStopsEnabled: true },
  signalExitPersistence: { signalExitPersistence: 3 },
  calibrationGate: { calibrationGateEnabled: true, calibrationMinTrades: 10, calibrationMinProb: 0.5 },
  skipWeekdays: { skipWeekdays: ['MON'] },
  capitalBudgetPct: { capitalBudgetPct: 5, accountCapital: 200_000 },
  maxTickAgeMs: { maxTickAgeMs: 500 },
};

describe('the optional rules in a simulated backtest', () => {
  const off = runBacktest(deps, base);

  it('with every rule off the run has trades and its identities hold', () => {
    expect(off.trades.length).toBeGreaterThan(20);
    checkIdentities(off);
  });

  for (const [rule, overrides] of Object.entries(RULES)) {
    it(`${rule}: on differs from off, and the identities still hold`, () => {
      const on = runBacktest(deps, { ...base, overrides });
      expect(on.paramsVersion).not.toBe(off.paramsVersion);
      expect(JSON.stringify(on.trades)).not.toBe(JSON.stringify(off.trades));
      expect(on.trades.length).toBeGreaterThan(0);
      checkIdentities(on);
      if (rule === 'skipWeekdays') expect(on.trades.every((t) => !t.id.startsWith('2026-01-05'))).toBe(true);
      if (rule === 'atrStops') expect(on.trades.some((t) => t.fills.filter((f) => f.action === 'SELL').length > 1)).toBe(true);
      if (rule === 'capitalBudgetPct') expect(Math.max(...on.trades.map((t) => t.qty))).toBeLessThan(Math.max(...off.trades.map((t) => t.qty)));
    });
  }
});
