import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const root = resolve(import.meta.dirname, '../..');

describe('one engine per database directory', () => {
  it('refuses a second `scalper serve` on the same directory while the first runs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scalper-lock-'));
    const first = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), 'serve', '--sim-speed', '1', '--db-dir', dir], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    try {
      // Wait until the first engine is trading (its status line appears on stderr).
      await new Promise<void>((ready) => first.stderr.on('data', (d: Buffer) => d.toString().includes(' running trades') && ready()));
      const second = runCli(['serve', '--sim-speed', 'max', '--days', '1', '--db-dir', dir]);
      expect(second.status).toBe(2);
      expect(second.stderr).toMatch(/in use by another scalper engine \(pid \d+/);
      // A crashed engine does not leave the lock stuck: after SIGKILL the directory can be served again.
      first.kill('SIGKILL');
      await new Promise((r) => first.on('exit', r));
      const third = runCli(['serve', '--sim-speed', 'max', '--days', '1', '--db-dir', dir]);
      expect(third.status, third.stderr).toBe(0);
    } finally {
      first.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
