/** The CLI replays a 2022 NIFTY index file with synthetic options at the 2022 lot (50) and expiry; --lot-size overrides, also with --sim. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

interface Out {
  readonly dates: string[];
  readonly trades: { symbol: string; qty: number; fills: { qty: number }[] }[];
  readonly dataset?: { synthetic: boolean; description: string };
}

/** Runs a backtest in a fresh database directory and parses its JSON. */
function backtest(args: string[]): Out {
  const dir = mkdtempSync(join(tmpdir(), 'scalper-dated-'));
  dirs.push(dir);
  // Only a --data backtest stores its result (in --db-dir); --sim refuses the flag.
  const r = runCli(['backtest', ...args, ...(args.includes('--data') ? ['--db-dir', dir] : []), '--json']);
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Out;
}

const REPLAY = ['--data', 'test/fixtures/nifty-index-2022.csv', '--synthetic-options', 'iv=0.15,expiry=weekly'];

describe('contract terms by date on the command line', () => {
  it('replays the 2022 index file with lot 50 and the holiday-moved Wednesday expiry', () => {
    const out = backtest(REPLAY);
    expect(out.dataset!.synthetic).toBe(true);
    expect(out.dates).toEqual(['2022-04-13', '2022-04-18']);
    expect(out.trades.length).toBeGreaterThan(5);
    for (const t of out.trades) {
      expect(t.symbol).toMatch(/^NIFTY(13APR22|21APR22)\d+(CE|PE)$/);
      expect(t.qty % 50).toBe(0);
      for (const f of t.fills) expect(f.qty % 50).toBe(0);
    }
    expect(out.trades.some((t) => t.symbol.startsWith('NIFTY13APR22'))).toBe(true);
  });

  it('--lot-size overrides the table on a replay', () => {
    const out = backtest([...REPLAY, '--lot-size', '75']);
    expect(out.trades.length).toBeGreaterThan(0);
    for (const t of out.trades) expect(t.qty % 75).toBe(0);
  });

  it('--lot-size also overrides on the simulator', () => {
    const out = backtest(['--sim', '--start-date', '2022-06-13', '--days', '1', '--lot-size', '75']);
    expect(out.trades.length).toBeGreaterThan(0);
    for (const t of out.trades) expect(t.qty % 75).toBe(0);
  });

  it('refuses a data-file flag with --sim instead of ignoring it', () => {
    const r = runCli(['backtest', '--sim', '--strike', '3700']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--strike: applies to --data backtests, not --sim');
  });
});
