/** `scalper serve` answers Ctrl-C while it plans the simulator's days (in a worker thread): nothing is started, the lock is released, exit 0. */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'scalper-planning-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('serve while it plans', () => {
  it('a SIGINT during planning ends the planning and the daemon cleanly, with nothing started', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), 'serve', '--db-dir', dir, '--days', '250', '--no-http', '--experiments', '0'], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    await new Promise<void>((ready, reject) => {
      child.stderr.on('data', (c: Buffer) => {
        stderr += c.toString('utf8');
        if (/planning 250 simulated days from 2026-01-05 \(seed 1\) in a worker thread/.test(stderr)) ready();
      });
      child.once('exit', () => reject(new Error(`serve exited before planning: ${stderr}`)));
    });
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(stderr).toMatch(/planning interrupted: nothing was started/);
    expect(stderr).not.toMatch(/restored from the book|day \d{4}-\d{2}-\d{2} done/);
    expect(existsSync(join(dir, 'engine.lock'))).toBe(false);
  }, 120_000);
});
