import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';
import { loadSimConfig } from '../../src/adapters/sim-config-file.js';
import { readRecording } from '../../src/adapters/recorder/recording-reader.js';
import { listRecordings, recordingPath } from '../../src/adapters/recorder/recording-files.js';
import { createSimMarket } from '../../src/sim/market/sim-market.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'scalper-cli-'));
  const served = runCli(['serve', '--sim-speed', 'max', '--days', '1', '--seed', '2', '--db-dir', dir, '--record']);
  expect(served.status, served.stderr).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface AnalyticsJson {
  book: string;
  currency: string;
  summary: { trades: number; netPnl: number; grossPnl: number; charges: number; winRate: number };
  byExitReason: { key: string; trades: number; netPnl: number }[];
  equity: { equity: number }[];
}
interface TradesJson {
  total: number;
  trades: { id: string; netPnl: number; grossPnl: number; charges: number }[];
}

describe('scalper serve --record records every tick it processes', () => {
  it('writes one recording per trading day that reads back to the simulator’s ticks', () => {
    expect(listRecordings(join(dir, 'recordings'))).toEqual(['2026-01-05']);
    const rec = readRecording(recordingPath(join(dir, 'recordings'), '2026-01-05'));
    expect(rec.truncated).toBe(false);
    const market = createSimMarket(loadSimConfig(), { underlying: 'NIFTY', startDate: '2026-01-05', days: 1, seed: 2 });
    const cols = market.columnsForDay(0);
    expect(rec.ticks).toBe(cols.length);
    const got = rec.columns.flatMap((c) => Array.from(c.ltp));
    expect(got.length).toBe(cols.length);
    expect(got.every((v, i) => v === cols.ltp[i])).toBe(true);
  });
});

describe('scalper analytics / trades', () => {
  it('report the agent book in rupees, and the figures agree with the trade list', () => {
    const a = runCli(['analytics', '--db-dir', dir, '--json']);
    expect(a.status, a.stderr).toBe(0);
    const report = JSON.parse(a.stdout) as AnalyticsJson;
    const t = runCli(['trades', '--db-dir', dir, '--json', '--limit', '100000']);
    const list = JSON.parse(t.stdout) as TradesJson;
    expect(report.book).toBe('auto');
    expect(report.currency).toBe('INR');
    expect(report.summary.trades).toBe(list.total);
    expect(list.total).toBeGreaterThan(10);
    const paise = (x: number): number => Math.round(x * 100);
    expect(paise(report.summary.netPnl)).toBe(list.trades.reduce((s, x) => s + paise(x.netPnl), 0));
    expect(paise(report.summary.netPnl)).toBe(paise(report.summary.grossPnl) - paise(report.summary.charges));
    expect(report.byExitReason.reduce((s, r) => s + r.trades, 0)).toBe(list.total);
    expect(paise(report.equity[report.equity.length - 1]!.equity)).toBe(paise(report.summary.netPnl));
  });

  it('filters, and keeps the manual book separate (empty here)', () => {
    const ce = JSON.parse(runCli(['analytics', '--db-dir', dir, '--side', 'CE', '--json']).stdout) as AnalyticsJson;
    const pe = JSON.parse(runCli(['analytics', '--db-dir', dir, '--side', 'PE', '--json']).stdout) as AnalyticsJson;
    const all = JSON.parse(runCli(['analytics', '--db-dir', dir, '--json']).stdout) as AnalyticsJson;
    expect(ce.summary.trades + pe.summary.trades).toBe(all.summary.trades);
    const manual = JSON.parse(runCli(['analytics', '--db-dir', dir, '--book', 'manual', '--json']).stdout) as AnalyticsJson;
    expect(manual.summary.trades).toBe(0);
    const later = JSON.parse(runCli(['trades', '--db-dir', dir, '--from', '2026-01-06', '--json']).stdout) as TradesJson;
    expect(later.total).toBe(0);
  });

  it.each([
    [['analytics', '--side', 'XX'], /side/],
    [['analytics', '--book', 'both'], /book/],
    [['analytics', '--bucket', '-5'], /--bucket/],
    [['trades', '--limit', '0'], /limit/],
    [['trades', '--from', 'yesterday'], /from/],
    [['analytics', '--db-dir', '/nonexistent/scalper'], /no scalper database/],
  ])('%j is refused naming the field', (args, pattern) => {
    const r = runCli(args.includes('--db-dir') ? args : [...args, '--db-dir', dir]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(pattern);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
