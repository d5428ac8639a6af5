/** The database directory lock: one engine at a time; a crashed holder (even SIGKILLed) never leaves it stuck. */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOCK_FILE, acquireDbDirLock } from '../../../src/adapters/store/db-lock.js';

const root = resolve(import.meta.dirname, '../../..');

let dir: string;
let lockPath: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'scalper-'));
  lockPath = join(dir, LOCK_FILE);
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A pid that belonged to a process that has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

describe('acquireDbDirLock', () => {
  it('writes {pid, startedAt, host}, refuses a second holder while held, and frees the directory on release', () => {
    const lock = acquireDbDirLock(dir);
    const holder = JSON.parse(readFileSync(lockPath, 'utf8')) as { pid: number; startedAt: string; host: string };
    expect(holder.pid).toBe(process.pid);
    expect(holder.host).toBe(hostname());
    expect(Number.isNaN(Date.parse(holder.startedAt))).toBe(false);
    expect(() => acquireDbDirLock(dir)).toThrow(`database directory ${dir} is in use by another scalper engine (pid ${process.pid}, started ${holder.startedAt})`);
    lock.release();
    expect(existsSync(lockPath)).toBe(false);
    lock.release();
    acquireDbDirLock(dir).release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('creates the directory if it does not exist', () => {
    const nested = join(dir, 'a', 'b');
    const lock = acquireDbDirLock(nested);
    expect(existsSync(join(nested, LOCK_FILE))).toBe(true);
    lock.release();
  });

  it('takes over a lock whose process is gone', () => {
    const pid = deadPid();
    writeFileSync(lockPath, JSON.stringify({ pid, startedAt: '2026-01-05T03:00:00.000Z', host: hostname() }));
    const lock = acquireDbDirLock(dir);
    expect((JSON.parse(readFileSync(lockPath, 'utf8')) as { pid: number }).pid).toBe(process.pid);
    lock.release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it.each(['', 'garbage', '{"pid":0,"startedAt":"x","host":"h"}', '{"pid":-1,"startedAt":"x","host":"h"}', 'null'])('takes over an unreadable lock file (%j)', (text) => {
    writeFileSync(lockPath, text);
    const lock = acquireDbDirLock(dir);
    expect((JSON.parse(readFileSync(lockPath, 'utf8')) as { pid: number }).pid).toBe(process.pid);
    lock.release();
  });

  it('refuses a lock held on another host, since that pid cannot be checked from here', () => {
    writeFileSync(lockPath, JSON.stringify({ pid: deadPid(), startedAt: '2026-01-05T03:00:00.000Z', host: 'elsewhere' }));
    expect(() => acquireDbDirLock(dir)).toThrow(/in use by another scalper engine \(pid \d+ on host elsewhere, .*if it is not running, delete /);
  });

  it('release removes the file only while it is still ours', () => {
    const lock = acquireDbDirLock(dir);
    const theirs = JSON.stringify({ pid: 1, startedAt: 'later', host: hostname() });
    writeFileSync(lockPath, theirs);
    lock.release();
    expect(readFileSync(lockPath, 'utf8')).toBe(theirs);
  });

  it('a child process holding the lock blocks this one; once the child is SIGKILLed the lock can be taken', async () => {
    const script = `
      import { acquireDbDirLock } from ${JSON.stringify(join(root, 'src/adapters/store/db-lock.ts'))};
      acquireDbDirLock(${JSON.stringify(dir)});
      process.stdout.write('locked\\n');
      setInterval(() => {}, 1000);
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<NodeJS.Signals | null>((done) => child.on('exit', (_, signal) => done(signal)));
      await new Promise<void>((ready, fail) => {
        child.stdout.once('data', () => ready());
        child.once('exit', () => fail(new Error(`child exited before locking: ${stderr}`)));
      });
      expect(() => acquireDbDirLock(dir)).toThrow(new RegExp(`database directory .* is in use by another scalper engine \\(pid ${child.pid}, started `));

      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
      expect(existsSync(lockPath)).toBe(true); // a killed process cleans nothing up
      const lock = acquireDbDirLock(dir);
      expect((JSON.parse(readFileSync(lockPath, 'utf8')) as { pid: number }).pid).toBe(process.pid);
      lock.release();
    } finally {
      child.kill('SIGKILL');
    }
  });
});
