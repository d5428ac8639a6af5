import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

interface JsonFill {
  ts: number;
  action: 'BUY' | 'SELL';
  qty: number;
  price: number;
}
interface JsonTrade {
  id: string;
  side: string;
  symbol: string;
  qty: number;
  entryTs: number;
  entryPrice: number;
  exitTs: number;
  exitPrice: number;
  grossPnl: number;
  charges: number;
  netPnl: number;
  exitReason: string;
  fills: JsonFill[];
}
interface JsonOut {
  trades: JsonTrade[];
  metrics: { trades: number; grossPnl: number; charges: number; netPnl: number; winRate: number; profitFactor: number | null; maxDrawdown: number };
}

/** Rupees with 2 decimals → paise, exactly. */
const paise = (rupees: number): number => Math.round(rupees * 100);

describe('scalper backtest --sim --json', () => {
  const run = runCli(['backtest', '--sim', '--days', '2', '--seed', '11', '--preset', 'momentum_scalper', '--json']);
  const out = JSON.parse(run.stdout) as JsonOut;

  it('prints one JSON object with trades and metrics', () => {
    expect(run.status).toBe(0);
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    expect(out.trades.length).toBeGreaterThan(5);
    for (const t of out.trades) {
      expect(Object.keys(t)).toEqual([
        'id', 'side', 'symbol', 'qty', 'entryTs', 'entryPrice', 'exitTs', 'exitPrice', 'grossPnl', 'charges', 'netPnl', 'exitReason', 'fills',
      ]);
      expect(['CE', 'PE']).toContain(t.side);
    }
  });

  it('gross P&L is Σ SELL − Σ BUY over the fills and net = gross − charges, to the paisa', () => {
    for (const t of out.trades) {
      let gross = 0;
      let bought = 0;
      let boughtQty = 0;
      for (const f of t.fills) {
        expect(Number.isInteger(f.qty) && f.qty > 0).toBe(true);
        expect(paise(f.price) / 100).toBe(f.price); // two decimals at most
        if (f.action === 'SELL') gross += paise(f.price) * f.qty;
        else {
          gross -= paise(f.price) * f.qty;
          bought += paise(f.price) * f.qty;
          boughtQty += f.qty;
        }
      }
      expect(paise(t.grossPnl)).toBe(gross);
      expect(paise(t.netPnl)).toBe(paise(t.grossPnl) - paise(t.charges));
      expect(paise(t.entryPrice)).toBe(Math.round(bought / boughtQty));
      expect(t.fills.filter((f) => f.action === 'BUY').reduce((q, f) => q + f.qty, 0)).toBe(
        t.fills.filter((f) => f.action === 'SELL').reduce((q, f) => q + f.qty, 0),
      );
    }
  });

  it('the metrics equal the sums over the trades', () => {
    const m = out.metrics;
    const sum = (k: 'grossPnl' | 'charges' | 'netPnl'): number => out.trades.reduce((s, t) => s + paise(t[k]), 0);
    expect(m.trades).toBe(out.trades.length);
    expect(paise(m.grossPnl)).toBe(sum('grossPnl'));
    expect(paise(m.charges)).toBe(sum('charges'));
    expect(paise(m.netPnl)).toBe(sum('netPnl'));
    const wins = out.trades.filter((t) => t.netPnl > 0);
    expect(m.winRate).toBeCloseTo(wins.length / out.trades.length, 4);
    const winSum = wins.reduce((s, t) => s + paise(t.netPnl), 0);
    const lossSum = out.trades.filter((t) => t.netPnl <= 0).reduce((s, t) => s + paise(t.netPnl), 0);
    expect(m.profitFactor).toBeCloseTo(winSum / -lossSum, 2);
    let equity = 0;
    let peak = 0;
    let dd = 0;
    for (const t of out.trades) {
      equity += paise(t.netPnl);
      peak = Math.max(peak, equity);
      dd = Math.max(dd, peak - equity);
    }
    expect(paise(m.maxDrawdown)).toBe(dd);
  });

  it('is byte-identical when run again in another process', () => {
    const again = runCli(['backtest', '--sim', '--days', '2', '--seed', '11', '--preset', 'momentum_scalper', '--json']);
    expect(again.stdout).toBe(run.stdout);
  });

  it('prints a readable summary without --json', () => {
    const text = runCli(['backtest', '--sim', '--days', '1', '--seed', '11']);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/trades \d+ +win rate/);
    expect(text.stdout).toMatch(/net ₹-?\d+\.\d\d/);
  });
});

describe('bad input', () => {
  it.each([
    [['backtest', '--sim', '--days', 'two'], /--days: must be a whole number/],
    [['backtest', '--sim', '--days', '0'], /--days: .*(>=|at least|too small)/i],
    [['backtest', '--sim', '--preset', 'yolo'], /preset/],
    [['backtest', '--sim', '--start-date', '2026-13-01'], /--start-date: must be a real calendar date/],
    [['backtest', '--sim', '--slippage-prob', '2'], /--slippage-prob: .*<=1/],
    [['backtest', '--sim', '--bogus'], /bogus/],
    [['backtest'], /--sim: give --sim \(the simulator\) or --data/],
    [['frobnicate'], /unknown command/],
  ])('%j is refused with a message naming the field', (args, pattern) => {
    const r = runCli(args);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(pattern);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(r.stdout).toBe('');
  });
});
