/**
 * The job runner on BullMQ and Redis: each task is a BullMQ job that any `scalper worker` takes; a sweep
 * is split into cells and a walk-forward into its windows, one job each, so several workers share them.
 * Datasets travel by content hash (dataset-transfer.ts). Progress comes back as BullMQ progress events, cancellation goes out on a
 * Redis channel every worker listens to, and a job whose worker dies is retried elsewhere by BullMQ's
 * stalled-job check. The job service above it (states, run-key cache, events) is the same as locally.
 */
import { Queue, QueueEvents, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { AppError } from '../../app/errors.js';
import type { JobTask } from '../../app/jobs/job-kinds.js';
import type { JobBackendStatus, JobRunner } from '../../app/jobs/job-ports.js';
import type { JobProgress } from '../../app/jobs/job-types.js';
import type { BacktestLike, CompareTask } from '../../app/jobs/compare-job.js';
import { runSweepOnCells } from '../../app/jobs/sweep-cells.js';
import type { RunSweepInput } from '../../app/jobs/sweep-job.js';
import { runWalkForwardOnCells } from '../../app/jobs/walk-forward-cells.js';
import type { WalkForwardInput } from '../../app/jobs/walk-forward-job.js';
import { DataShipper, type ShippedData } from './dataset-transfer.js';
import { CANCEL_CHANNEL, QUEUE_NAME, QUEUE_PREFIX, type QueuedTask, type QueueOutcome } from './queue-protocol.js';
import { redisConnection, redisOptions } from './redis-connection.js';
import type { RedisQueue } from './queue-url.js';
import { dataPaths } from './task-data.js';

export interface RedisJobRunnerOptions {
  readonly queue: RedisQueue;
  /** Jobs the service keeps in flight at once (they wait in Redis for a free worker); default 64. */
  readonly size?: number;
  /** A stored job's result, for a comparison's `job` side (a worker has no daemon database). */
  readonly storedResult?: (id: string) => BacktestLike;
  /** Combos per sweep cell, from the sweep's combo count; default about 32 cells, at most 16 combos each. */
  readonly cellSize?: (combos: number) => number;
  /** Times a job is tried when its worker dies or stalls (an error of the job itself is final); default 3. */
  readonly attempts?: number;
  /** How often a job in flight is looked for in Redis (one lost by a Redis restart without persistence fails then); default 15 s. */
  readonly lostCheckMs?: number;
}

const defaultCellSize = (combos: number): number => Math.min(16, Math.max(1, Math.ceil(combos / 32)));

export class RedisJobRunner implements JobRunner {
  readonly size: number;
  private readonly connection: Redis;
  private readonly queue: Queue;
  private readonly events: QueueEvents;
  private readonly shipper: DataShipper;
  private readonly progress = new Map<string, (p: JobProgress) => void>();
  private readonly ready: Promise<unknown>;

  constructor(private readonly o: RedisJobRunnerOptions) {
    this.size = o.size ?? 64;
    this.connection = redisConnection(o.queue);
    this.queue = new Queue(QUEUE_NAME, { connection: redisOptions(o.queue), prefix: QUEUE_PREFIX });
    this.events = new QueueEvents(QUEUE_NAME, { connection: redisOptions(o.queue), prefix: QUEUE_PREFIX });
    // Every job in flight waits on the events (a sweep has many cells).
    this.events.setMaxListeners(0);
    this.queue.setMaxListeners(0);
    this.events.on('progress', ({ jobId, data }) => this.progress.get(jobId)?.(data as JobProgress));
    this.shipper = new DataShipper(this.connection);
    this.ready = this.events.waitUntilReady();
  }

  run(task: JobTask, hooks: { readonly onProgress: (p: JobProgress) => void; readonly signal: AbortSignal }): Promise<string> {
    if (task.work === 'sweep') return runSweepOnCells((t, h) => this.runOne(t, h), task.input as RunSweepInput, hooks, this.o.cellSize ?? defaultCellSize);
    if (task.work === 'walk-forward') return runWalkForwardOnCells((t, h) => this.runOne(t, h), task.input as WalkForwardInput, hooks);
    return this.runOne(this.withStoredSides(task), hooks);
  }

  /** The queue's depths and its workers now; unreachable when Redis does not answer within a second. */
  async describe(): Promise<JobBackendStatus> {
    const unreachable: JobBackendStatus = { backend: 'redis', url: this.o.queue.url, reachable: false, waiting: null, active: null, failed: null, workers: null };
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<JobBackendStatus>((resolve) => (timer = setTimeout(() => resolve(unreachable), 1_000)));
    const asked = (async (): Promise<JobBackendStatus> => {
      const c = await this.queue.getJobCounts('waiting', 'active', 'failed', 'delayed', 'prioritized');
      return { backend: 'redis', url: this.o.queue.url, reachable: true, waiting: (c.waiting ?? 0) + (c.delayed ?? 0) + (c.prioritized ?? 0), active: c.active ?? 0, failed: c.failed ?? 0, workers: await this.queue.getWorkersCount() };
    })().catch(() => unreachable);
    try {
      return await Promise.race([asked, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    await this.events.close();
    await this.queue.close();
    this.connection.disconnect();
  }

  /** A comparison's stored sides carried along: the worker cannot read the daemon's database. */
  private withStoredSides(task: JobTask): JobTask {
    if (task.work !== 'compare' || this.o.storedResult === undefined) return task;
    const c = task.input as CompareTask;
    const side = (s: CompareTask['a']): CompareTask['a'] => ('job' in s && s.result === undefined ? { ...s, result: this.o.storedResult!(s.job) } : s);
    return { ...task, input: { ...c, a: side(c.a), b: side(c.b) } };
  }

  private async runOne(task: JobTask, hooks: { readonly onProgress: (p: JobProgress) => void; readonly signal: AbortSignal }): Promise<string> {
    hooks.signal.throwIfAborted();
    await this.ready;
    const data: Record<string, ShippedData> = {};
    for (const path of dataPaths(task)) data[path] = await this.shipper.ship(path);
    hooks.signal.throwIfAborted();
    const payload: QueuedTask = { task, data };
    const job: Job = await this.queue.add(task.work, payload, { attempts: this.o.attempts ?? 3, removeOnComplete: { age: 3600 }, removeOnFail: { age: 24 * 3600 } });
    const id = job.id!;
    this.progress.set(id, hooks.onProgress);
    let onAbort: (() => void) | undefined;
    let watchdog: NodeJS.Timeout | undefined;
    // A job Redis no longer knows (it restarted without persistence) would be waited on for ever.
    const lost = new Promise<never>((_, reject) => {
      watchdog = setInterval(() => {
        job.getState().then(
          (state) => {
            if (state === 'unknown') reject(new AppError('UNAVAILABLE', `queue job ${id} (${task.work}) is no longer in Redis (${this.o.queue.url} restarted without persistence?); submit the job again`));
          },
          () => undefined,
        );
      }, this.o.lostCheckMs ?? 15_000);
    });
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => {
        reject(hooks.signal.reason instanceof Error ? hooks.signal.reason : new AppError('CONFLICT', 'cancelled'));
        // A waiting job is removed; a running one is stopped by its worker (told on the cancel channel).
        void job.remove().catch(() => this.connection.publish(CANCEL_CHANNEL, id));
      };
      hooks.signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      // Either may settle after the race is decided: never an unhandled rejection.
      lost.catch(() => undefined);
      aborted.catch(() => undefined);
      const outcome = (await Promise.race([job.waitUntilFinished(this.events), aborted, lost])) as QueueOutcome;
      if (outcome.ok) return outcome.resultJson;
      const { code, message, issues, hint } = outcome.error;
      throw new AppError(code, message, { issues, ...(hint === undefined ? {} : { hint }), cause: new Error(outcome.detail) });
    } catch (e) {
      if (e instanceof AppError || hooks.signal.aborted) throw e;
      // The job failed in BullMQ itself: its worker died or stalled on every attempt.
      throw new AppError('UNAVAILABLE', `queue job ${id} (${task.work}) failed on its workers: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      this.progress.delete(id);
      clearInterval(watchdog);
      if (onAbort !== undefined) hooks.signal.removeEventListener('abort', onAbort);
    }
  }
}
