/** Composition root of the job service for a control database: the SQLite job store, the piscina runner and the submit-time environment. */
import { JobService } from '../../app/jobs/job-service.js';
import { jobPreparer } from '../../app/jobs/job-kinds.js';
import { codeVersion } from '../code-version.js';
import { loadRateCards } from '../rate-cards.js';
import { loadSimConfig } from '../sim-config-file.js';
import { JobStore } from '../store/job-store.js';
import { dataFingerprint } from './data-fingerprint.js';
import { defaultPoolSize, PiscinaJobRunner } from './job-pool.js';
import type { QueueBackend } from '../queue/queue-url.js';
import { RedisJobRunner } from '../queue/redis-job-runner.js';
import type { BacktestLike } from '../../app/jobs/compare-job.js';
import type { JobRunner } from '../../app/jobs/job-ports.js';
import { AppError } from '../../app/errors.js';

export interface OpenJobServiceOptions {
  /** The control database file (jobs are stored there). */
  readonly controlPath: string;
  /** Worker threads; default cores − 1, at least 1. */
  readonly poolSize?: number;
  /** Where jobs run: worker threads here (local, the default) or `scalper worker` processes through Redis. */
  readonly queue?: QueueBackend;
  readonly now?: () => number;
  /** Where INTERNAL job failures are logged; default stderr. */
  readonly logInternal?: (message: string, error: unknown) => void;
}

const toStderr = (message: string, error: unknown): void => {
  process.stderr.write(`${message}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  if (error instanceof Error && error.cause instanceof Error) process.stderr.write(`  caused by: ${error.cause.stack ?? error.cause.message}\n`);
};

/** Opens the store (marking jobs a previous process left unfinished as failed) and starts the pool lazily. */
export function openJobService(o: OpenJobServiceOptions): JobService {
  const store = JobStore.open(o.controlPath);
  // A comparison of stored runs carries their results to the worker, which has no copy of this database.
  const storedResult = (id: string): BacktestLike => {
    const json = store.get(id)?.resultJson ?? null;
    if (json === null) throw new AppError('NOT_FOUND', `job ${id} has no stored result`);
    return JSON.parse(json) as BacktestLike;
  };
  const runner: JobRunner = o.queue?.kind === 'redis' ? new RedisJobRunner({ queue: o.queue, storedResult }) : new PiscinaJobRunner(o.controlPath, o.poolSize ?? defaultPoolSize());
  const prepare = jobPreparer({ codeVersion: codeVersion(), simConfig: loadSimConfig(), rateCards: loadRateCards(), fingerprint: dataFingerprint, findJob: (id) => store.get(id) });
  return new JobService({ store, runner, prepare, now: o.now ?? Date.now, logInternal: o.logInternal ?? toStderr });
}
