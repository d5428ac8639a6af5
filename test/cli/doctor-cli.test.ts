import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scalper } from './in-process.js';

/** `scalper doctor`: every check with a verdict, creating nothing; a corrupt database fails it with exit 3. */
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('scalper doctor', () => {
  it('passes on a fresh directory without creating it, and names each check', async () => {
    const base = mkdtempSync(join(tmpdir(), 'scalper-doctor-'));
    dirs.push(base);
    const dir = join(base, 'db');
    const out = await scalper(['doctor', '--db-dir', dir, '--http', '127.0.0.1:0', '--json']);
    expect(out.code).toBe(0);
    const { checks } = JSON.parse(out.stdout) as { checks: { check: string; verdict: string }[] };
    expect(checks.map((c) => c.check)).toEqual(['node', 'simulator and instrument tables', 'rate cards', 'database directory', 'agent book', 'manual book', 'control database', 'engine lock', 'memory for tick data', 'OpenAlgo']);
    // Whether this machine gives huge pages (glibc, the kernel's THP mode) is the machine's: a warning at most.
    expect(checks.filter((c) => c.check !== 'memory for tick data').every((c) => c.verdict === 'ok')).toBe(true);
    expect(checks.find((c) => c.check === 'memory for tick data')?.verdict).toMatch(/^(ok|warn)$/);
    expect(existsSync(dir)).toBe(false);
  });

  it('fails with exit 3 on a corrupt database and a stale lock is a warning', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scalper-doctor-'));
    dirs.push(dir);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'control.sqlite'), 'this is not a database, just text long enough to be read as a header by SQLite');
    writeFileSync(join(dir, 'engine.lock'), JSON.stringify({ pid: 999_999_99, startedAt: '2026-01-01T00:00:00Z', host: 'x' }));
    const out = await scalper(['doctor', '--db-dir', dir, '--http', '127.0.0.1:0']);
    expect(out.code).toBe(3);
    expect(out.stdout).toMatch(/fail\s+control database: .*control\.sqlite/);
    expect(out.stdout).toMatch(/warn\s+engine lock: .*gone/);
    expect(out.stderr).toMatch(/doctor: 1 check\(s\) failed: control database/);
  });
});
