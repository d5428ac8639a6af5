import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { dbFiles } from '../../src/adapters/store/db-paths.js';
import { LOCK_FILE } from '../../src/adapters/store/db-lock.js';
import { EventWriterError, type EventWriterOptions } from '../../src/adapters/store/event-writer.js';
import { runServe, type ServiceWriter } from '../../src/cli/serve-command.js';
import { fatalMessage } from '../../src/cli/serve-failure.js';
import { corruptCopy, writeBook } from '../adapters/store/book-fixtures.js';
import { runCli } from './run-cli.js';

const root = resolve(import.meta.dirname, '../..');
const isRoot = process.getuid?.() === 0;
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  vi.restoreAllMocks();
});
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'scalper-fail-'));
  dirs.push(d);
  return d;
}

describe('a corrupt database', () => {
  it('stops serve with exit code 3 (unavailable) and a message naming the file and the remedy, and leaves no lock', () => {
    const dir = tempDir();
    const files = dbFiles(dir);
    writeBook(join(dir, 'good.sqlite'));
    corruptCopy(join(dir, 'good.sqlite'), files.auto);
    const r = runCli(['serve', '--sim-speed', 'max', '--days', '1', '--db-dir', dir]);
    expect(r.status, r.stderr).toBe(3);
    expect(r.stderr).toContain(`${files.auto} is not a valid database (file is corrupt`);
    expect(r.stderr).toContain('restore it from a backup or move it aside; the scalper will create a new one');
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);

    const a = runCli(['analytics', '--db-dir', dir, '--json']);
    expect(a.status, a.stderr).toBe(3);
    expect(a.stderr).toContain(`${files.auto} is not a valid database (file is corrupt`);
  });
});

describe('a write-protected book', () => {
  it('is read by analytics and trades, which write nothing', () => {
    const dir = tempDir();
    const files = dbFiles(dir);
    writeBook(files.auto);
    chmodSync(files.auto, 0o444);
    const a = runCli(['analytics', '--db-dir', dir, '--json']);
    expect(a.status, a.stderr).toBe(0);
    expect((JSON.parse(a.stdout) as { summary: { trades: number } }).summary.trades).toBe(1);
    const t = runCli(['trades', '--db-dir', dir, '--json']);
    expect(t.status, t.stderr).toBe(0);
    // Read-only: the missing manual book was read as empty, not created.
    expect(existsSync(files.manual)).toBe(false);
  });

  it.skipIf(isRoot)('is refused by serve naming the file (permissions are enforced for this user)', () => {
    const dir = tempDir();
    const files = dbFiles(dir);
    writeBook(files.auto);
    chmodSync(files.auto, 0o444);
    const r = runCli(['serve', '--sim-speed', 'max', '--days', '1', '--db-dir', dir]);
    expect(r.status, r.stderr).toBe(3);
    expect(r.stderr).toContain(`${files.auto} cannot be written`);
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });
});

describe('a signal', () => {
  it('stops serve cleanly and removes the lock', async () => {
    const dir = tempDir();
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), 'serve', '--sim-speed', '1', '--days', '2', '--db-dir', dir], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    await new Promise<void>((ready) =>
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (stderr.includes(' running trades')) ready();
      }),
    );
    expect(existsSync(join(dir, LOCK_FILE))).toBe(true);
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await exited, stderr).toBe(0);
    expect(stderr).toContain('SIGTERM: stopping');
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });
});

describe('a full disk', () => {
  /** A writer whose first commit fails as SQLite does when the disk is full (reported asynchronously, like the writer thread). */
  function fullDiskWriter(opts: EventWriterOptions): Promise<ServiceWriter> {
    const error = new EventWriterError(`${opts.bookPath}: batch 1 was not committed: database or disk is full`, 'SQLITE_FULL', opts.bookPath);
    let failed = false;
    return Promise.resolve({
      push: () => {
        if (failed) throw error;
        return true;
      },
      setControl: () => undefined,
      post: () => {
        if (failed) return;
        failed = true;
        setImmediate(() => opts.onError?.(error));
      },
      pending: 0,
      droppedNonTrade: 0,
      drain: () => (failed ? Promise.reject(error) : Promise.resolve()),
      close: () => Promise.resolve(),
    });
  }

  it('stops the service at once with a message that says so and what to do, and releases the lock', async () => {
    const dir = tempDir();
    const lines: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    const fatal: string[] = [];
    await runServe(
      {
        dbDir: dir,
        preset: 'nifty_normal',
        seed: 1,
        days: 1,
        startDate: '2026-01-05',
        simSpeed: Infinity,
        printAcks: false,
        http: null,
        queueCapacity: 50_000,
        experiments: 0,
        record: false,
        recordingsMaxBytes: 1e9,
        onFatal: (m) => {
          // The lock is released before the CLI's callback ends the process.
          expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
          fatal.push(m);
        },
      },
      { startWriter: fullDiskWriter },
    );
    expect(fatal.length).toBe(1);
    const auto = dbFiles(dir).auto;
    expect(fatal[0]).toMatch(new RegExp(`^disk full: ${auto.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} could not be written \\(.*database or disk is full\\)`));
    expect(fatal[0]).toContain(`Free space on the disk holding ${dir}, or lower --recordings-max-gb`);
    expect(fatal[0]).toContain('every acknowledged event is in the book, and a restart resumes from it');
    // The log line keeps the explanation as its message; the SQLite error goes alongside it.
    const logged = lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { level: string; message: string; error?: string });
    expect(logged).toContainEqual({ level: 'error', message: fatal[0], error: expect.stringContaining('database or disk is full') as unknown });
    expect(lines.join('')).toMatch(/serve: failed;/);
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });

  it('of the recordings is told as a full disk too', () => {
    const recordings = join('/data', 'recordings');
    const e = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', file: recordings });
    expect(fatalMessage(e, '/data')).toMatch(/^disk full: \/data\/recordings could not be written \(ENOSPC: no space left on device, write\)/);
  });
});
