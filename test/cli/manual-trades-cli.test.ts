import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'scalper-manual-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ev = (eventId: string, type: 'ENTRY' | 'EXIT', price: number, ts: number) => ({
  eventId,
  tradeId: 't1',
  type,
  source: 'scalping',
  ts,
  underlying: 'NIFTY',
  exchange: 'NFO',
  symbol: 'NIFTY06JAN2626000PE',
  side: 'PE',
  qty: 65,
  price,
});

describe('scalper manual-trades', () => {
  it('stores a batch in the manual book only, and the manual analytics see it', () => {
    const file = join(dir, 'batch.json');
    writeFileSync(file, JSON.stringify({ events: [ev('e1', 'ENTRY', 120.5, 1_767_589_200_000), ev('x1', 'EXIT', 118.25, 1_767_589_260_000)] }));
    const r = runCli(['manual-trades', file, '--db-dir', dir, '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ accepted: 2, duplicates: 0, tradesClosed: 1 });
    const manual = JSON.parse(runCli(['analytics', '--book', 'manual', '--db-dir', dir, '--json']).stdout) as { summary: { trades: number; grossPnl: number } };
    expect(manual.summary).toMatchObject({ trades: 1, grossPnl: (118.25 - 120.5) * 65 });
    const auto = JSON.parse(runCli(['analytics', '--book', 'auto', '--db-dir', dir, '--json']).stdout) as { summary: { trades: number } };
    expect(auto.summary.trades).toBe(0);
    // Sending the same batch again stores nothing new.
    expect(JSON.parse(runCli(['manual-trades', file, '--db-dir', dir, '--json']).stdout)).toEqual({ accepted: 0, duplicates: 2, tradesClosed: 0 });
  });

  it('refuses a bad batch naming the fields, with exit code 2 and nothing stored', () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ events: [{ ...ev('e9', 'ENTRY', 100, 1_767_589_200_000), qty: -65, source: 'telegram' }] }));
    const r = runCli(['manual-trades', file, '--db-dir', dir]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/events\.0\.source/);
    expect(r.stderr).toMatch(/events\.0\.qty: must be greater than 0/);
    const manual = JSON.parse(runCli(['trades', '--book', 'manual', '--db-dir', dir, '--json']).stdout) as { total: number };
    expect(manual.total).toBe(1);
  });
});
