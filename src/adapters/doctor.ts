/** `scalper doctor`: checks what the product needs on this machine (Node, configuration, database files, the engine lock, the API port, OpenAlgo and the research queue's Redis when configured), each with a verdict. */
import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { dbFiles } from './store/db-paths.js';
import { LOCK_FILE } from './store/db-lock.js';
import { openDbReadOnly } from './store/open-db.js';
import { loadRateCards } from './rate-cards.js';
import { loadSimConfig } from './sim-config-file.js';
import { selectRateCard } from '../core/charges/charges.js';
import { openAlgoChecks, type OpenAlgoEnv } from './openalgo/openalgo-probe.js';
import type { QueueBackend } from './queue/queue-url.js';
import { redisChecks } from './queue/redis-checks.js';
import { mallocChoiceError, mallocTunablesIn, thpMode, type MallocEnv } from './malloc-tunables.js';

export interface DoctorCheck {
  readonly check: string;
  readonly verdict: 'ok' | 'warn' | 'fail';
  readonly detail: string;
}

const run = (check: string, f: () => Omit<DoctorCheck, 'check'>): DoctorCheck => {
  try {
    return { check, ...f() };
  } catch (e) {
    return { check, verdict: 'fail', detail: e instanceof Error ? e.message : String(e) };
  }
};

/** Whether `host:port` can be bound now (false when something listens there). */
function portFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, host, () => s.close(() => resolve(true)));
  });
}

let glibc: { readonly version: string | undefined } | undefined;

/** The glibc version this process runs on, e.g. "2.36", or undefined (not glibc); asked once (a report takes about 10 ms). */
function glibcVersion(): string | undefined {
  glibc ??= { version: (process.report.getReport() as { header?: { glibcVersionRuntime?: string } }).header?.glibcVersionRuntime };
  return glibc.version;
}

/**
 * Whether the data-loading commands get huge pages for malloc here (docs/benchmarks.md): glibc 2.35 or
 * newer reads the hugetlb tunable, and the kernel's transparent huge pages must not be off.
 */
export function tickDataMemoryCheck(o: { readonly env: MallocEnv; readonly platform: NodeJS.Platform; readonly glibc: string | undefined; readonly thp: string | undefined }): DoctorCheck {
  const check = 'memory for tick data';
  const bad = mallocChoiceError(o.env);
  if (bad !== undefined) return { check, verdict: 'fail', detail: `SCALPER_MALLOC: ${bad}` };
  if (o.platform !== 'linux') return { check, verdict: 'ok', detail: `${o.platform}: the system's allocator (glibc's tunables apply on Linux only)` };
  if (o.env.SCALPER_MALLOC === 'default') return { check, verdict: 'ok', detail: "SCALPER_MALLOC=default: the loading commands run with glibc's malloc defaults (first loads of tick data 1.6-5x slower on the project's VM)" };
  const own = mallocTunablesIn(o.env);
  if (own.length > 0) return { check, verdict: 'ok', detail: `GLIBC_TUNABLES sets ${own.join(':')}: used as given` };
  const [major, minor] = (o.glibc ?? '').split('.').map(Number);
  if (o.glibc === undefined || major === undefined || minor === undefined || major < 2 || (major === 2 && minor < 35)) {
    return { check, verdict: 'warn', detail: `glibc ${o.glibc ?? 'not found'}: the hugetlb tunable needs glibc 2.35 or newer, so loading tick data gets no huge pages` };
  }
  if (o.thp === undefined || o.thp === 'never') {
    return { check, verdict: 'warn', detail: `transparent huge pages are ${o.thp === undefined ? 'absent' : 'off (never)'}: loading tick data gets no huge pages (set /sys/kernel/mm/transparent_hugepage/enabled to madvise)` };
  }
  return { check, verdict: 'ok', detail: `backtest, sweep, walk-forward, compare, import, experiments run and worker run with huge pages for malloc (glibc ${o.glibc}, transparent huge pages: ${o.thp})` };
}

/** Every check, in order; `today` is the date the rate cards must cover (YYYY-MM-DD). */
export async function doctorChecks(o: { readonly dbDir: string; readonly http: { host: string; port: number } | null; readonly today: string; readonly env?: OpenAlgoEnv & MallocEnv; readonly queue?: QueueBackend }): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  checks.push(
    run('node', () => {
      const major = Number(process.versions.node.split('.')[0]);
      return major >= 20 ? { verdict: 'ok', detail: `Node ${process.versions.node}` } : { verdict: 'fail', detail: `Node ${process.versions.node}: 20 or newer is needed` };
    }),
  );
  checks.push(
    run('simulator and instrument tables', () => {
      const c = loadSimConfig();
      return { verdict: 'ok', detail: `${c.underlyings.map((u) => u.symbol).join(', ')} (config/instruments.json, config/exchange-holidays.json)` };
    }),
  );
  checks.push(
    run('rate cards', () => {
      const cards = loadRateCards();
      const today = ['NSE', 'BSE'].map((x) => `${x} ${selectRateCard(cards, x, o.today).id}`);
      return { verdict: 'ok', detail: `${cards.length} cards; in force on ${o.today}: ${today.join(', ')}` };
    }),
  );
  checks.push(
    run('database directory', () => {
      if (!existsSync(o.dbDir)) return { verdict: 'ok', detail: `${o.dbDir} does not exist yet; scalper serve creates it` };
      if (!statSync(o.dbDir).isDirectory()) return { verdict: 'fail', detail: `${o.dbDir} is a file, not a directory: pass another --db-dir` };
      accessSync(o.dbDir, constants.W_OK);
      return { verdict: 'ok', detail: `${o.dbDir} is writable` };
    }),
  );
  const files = dbFiles(o.dbDir);
  for (const [name, path, kind] of [
    ['agent book', files.auto, 'book'],
    ['manual book', files.manual, 'book'],
    ['control database', files.control, 'control'],
  ] as const) {
    checks.push(
      run(name, () => {
        if (!existsSync(path)) return { verdict: 'ok', detail: `${path}: not created yet` };
        const db = openDbReadOnly(path, kind);
        const ok = db.pragma('quick_check', { simple: true });
        db.close();
        return ok === 'ok' ? { verdict: 'ok', detail: `${path}: migrations current, quick_check ok` } : { verdict: 'fail', detail: `${path}: quick_check says ${String(ok)}` };
      }),
    );
  }
  checks.push(
    run('engine lock', () => {
      const lock = join(o.dbDir, LOCK_FILE);
      if (!existsSync(lock)) return { verdict: 'ok', detail: 'no scalper serve holds this directory' };
      const holder = JSON.parse(readFileSync(lock, 'utf8')) as { pid?: number };
      let alive: boolean;
      try {
        process.kill(holder.pid ?? -1, 0);
        alive = true;
      } catch (e) {
        alive = (e as NodeJS.ErrnoException).code === 'EPERM';
      }
      return alive
        ? { verdict: 'ok', detail: `scalper serve is running (pid ${holder.pid}) on this directory` }
        : { verdict: 'warn', detail: `${lock} names pid ${holder.pid}, which is gone: the next serve takes the lock over` };
    }),
  );
  if (o.http !== null) {
    const { host, port } = o.http;
    const free = await portFree(host, port);
    checks.push({ check: 'API port', verdict: free ? 'ok' : 'warn', detail: free ? `${host}:${port} is free` : `${host}:${port} is in use (a running serve, or another program: pick --http HOST:PORT)` });
  }
  checks.push(tickDataMemoryCheck({ env: o.env ?? {}, platform: process.platform, glibc: process.platform === 'linux' ? glibcVersion() : undefined, thp: thpMode() }));
  checks.push(...(await openAlgoChecks(o.env ?? {})));
  if (o.queue?.kind === 'redis') checks.push(...(await redisChecks(o.queue)));
  return checks;
}
