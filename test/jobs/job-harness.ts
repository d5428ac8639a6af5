/** Test harness: a real job service (SQLite control database in a temp dir, piscina workers) and a way to await its events. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openJobService } from '../../src/adapters/jobs/open-job-service.js';
import type { JobService } from '../../src/app/jobs/job-service.js';
import type { JobEvent } from '../../src/app/jobs/job-types.js';

export interface JobHarness {
  readonly service: JobService;
  /** Where its database lives (pass to another harness to reopen it). */
  readonly at: { readonly dir: string; readonly controlPath: string };
  readonly controlPath: string;
  /** Every event so far, in order. */
  readonly events: JobEvent[];
  /** Resolves with the first event from now on that matches. */
  next(match: (e: JobEvent) => boolean): Promise<JobEvent>;
  /** Resolves when job `id` reaches done, failed or cancelled (at once if it already has). */
  settled(id: string): Promise<JobEvent['job']>;
  /** Events of one job. */
  of(id: string): JobEvent[];
  /** Closes the service; with `keep`, leaves the database for another service to open. */
  close(keep?: boolean): Promise<void>;
  /** The internal errors logged. */
  readonly internal: string[];
}

export function tempControlPath(): { dir: string; controlPath: string } {
  const dir = mkdtempSync(join(tmpdir(), 'scalper-jobs-'));
  return { dir, controlPath: join(dir, 'control.sqlite') };
}

export function jobHarness(poolSize = 1, at: { dir: string; controlPath: string } = tempControlPath()): JobHarness {
  const internal: string[] = [];
  const service = openJobService({ controlPath: at.controlPath, poolSize, logInternal: (m, e) => internal.push(`${m}: ${String(e)}`) });
  const events: JobEvent[] = [];
  const waiters = new Set<{ match: (e: JobEvent) => boolean; resolve: (e: JobEvent) => void }>();
  service.on((e) => {
    events.push(e);
    for (const w of waiters) {
      if (w.match(e)) {
        waiters.delete(w);
        w.resolve(e);
      }
    }
  });
  const next = (match: (e: JobEvent) => boolean): Promise<JobEvent> => new Promise((resolve) => waiters.add({ match, resolve }));
  const final = (state: string): boolean => state === 'done' || state === 'failed' || state === 'cancelled';
  return {
    service,
    at,
    controlPath: at.controlPath,
    events,
    internal,
    next,
    async settled(id) {
      const now = service.get(id);
      if (final(now.state)) return now;
      return (await next((e) => e.job.id === id && final(e.job.state))).job;
    },
    of: (id) => events.filter((e) => e.job.id === id),
    async close(keep = false) {
      await service.close();
      if (!keep) rmSync(at.dir, { recursive: true, force: true });
    },
  };
}
