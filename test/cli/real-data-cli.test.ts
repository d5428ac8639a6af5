import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const data = resolve(import.meta.dirname, '../../../shared/data');
const present = existsSync(data);
if (!present) console.warn(`real-data backtests skipped: ${data} is absent`);
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Runs a backtest in a fresh database directory, so nothing comes from the run cache. */
function fresh(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const dir = mkdtempSync(join(tmpdir(), 'scalper-real-'));
  dirs.push(dir);
  return runCli([...args, '--db-dir', dir, '--json']);
}

describe.skipIf(!present)('backtests on the real data in ../shared/data', () => {
  it.each([
    ['SPX + SPXW 3700 0DTE panel', ['backtest', '--data', join(data, 'lean_spx_spxw/normalized/panel_20210104_spxw3700_0dte.csv'), '--params', 'config/params/spx-1min-panel.json'], false],
    ['SPY trade ticks with synthetic options', ['backtest', '--data', join(data, 'lean_spy_ticks/normalized/spy_trades_20131007.csv.gz'), '--synthetic-options', 'iv=0.15', '--params', 'config/params/spy-synthetic-ticks.json'], true],
  ])('%s: runs, is labelled honestly, and is byte-identical when repeated', (_, args, synthetic) => {
    const a = fresh(args);
    expect(a.status, a.stderr).toBe(0);
    const out = JSON.parse(a.stdout) as { dataset: { synthetic: boolean }; currency: string; trades: unknown[]; ticks: number; runKey: string; cached: boolean };
    expect(out.dataset.synthetic).toBe(synthetic);
    expect(out.currency).toBe('USD');
    expect(out.ticks).toBeGreaterThan(1000);
    expect(out.trades.length).toBeGreaterThan(0);
    expect(out.cached).toBe(false);
    const b = fresh(args);
    expect(b.stdout).toBe(a.stdout);
  });
});
