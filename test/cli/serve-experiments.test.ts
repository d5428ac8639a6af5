import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

describe('scalper serve works through the experiment queue in the background', () => {
  it('runs a queued idea’s quick test in a worker thread while trading, with the day’s trades unchanged', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scalper-serve-exp-'));
    try {
      const add = runCli([
        'experiments', 'add', '--db-dir', dir, '--json', '--title', 'wider trail', '--hypothesis', 'let winners run',
        '--overrides', '{"trailGapPts":3}', '--dataset', 'sim:NIFTY:5:2026-01-05:2', '--idempotency-key', 'w1', '--submitter', 'test',
      ]);
      expect(add.status, add.stderr).toBe(0);
      const served = runCli(['serve', '--sim-speed', 'max', '--days', '1', '--seed', '1', '--db-dir', dir]);
      expect(served.status, served.stderr).toBe(0);
      const list = (JSON.parse(runCli(['experiments', 'list', '--db-dir', dir, '--json']).stdout) as { experiments: { status: string; quick: unknown }[] }).experiments;
      expect(list).toHaveLength(1);
      expect(list[0]!.status).not.toBe('pending');
      expect(list[0]!.quick).not.toBeNull();
      // The same day without experiments books the same trades: the background work never touched the tick loop.
      const plain = mkdtempSync(join(tmpdir(), 'scalper-serve-plain-'));
      try {
        expect(runCli(['serve', '--sim-speed', 'max', '--days', '1', '--seed', '1', '--db-dir', plain, '--experiments', '0']).status).toBe(0);
        const trades = (d: string): unknown => (JSON.parse(runCli(['trades', '--db-dir', d, '--json']).stdout) as { trades: unknown }).trades;
        expect(trades(dir)).toEqual(trades(plain));
      } finally {
        rmSync(plain, { recursive: true, force: true });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
