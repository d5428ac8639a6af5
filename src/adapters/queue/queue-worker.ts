/**
 * `scalper worker`: takes jobs from the queue's Redis and runs each on a worker thread of this process
 * (the same piscina pool and task code as the daemon's local backend), so this event loop stays free to
 * renew BullMQ's locks; a job whose process dies is found stalled by another worker and retried there.
 */
import { join } from 'node:path';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { PiscinaJobRunner } from '../jobs/job-pool.js';
import { DataReceiver } from './dataset-transfer.js';
import { CANCEL_CHANNEL, QUEUE_NAME, QUEUE_PREFIX, type QueuedTask, type QueueOutcome } from './queue-protocol.js';
import { redisConnection, redisOptions } from './redis-connection.js';
import type { RedisQueue } from './queue-url.js';
import { withLocalData } from './task-data.js';

export interface QueueWorkerOptions {
  readonly queue: RedisQueue;
  /** Jobs run at once, each on its own thread. */
  readonly concurrency: number;
  /** A job whose worker has not renewed its lock for this long is stalled and retried elsewhere (BullMQ's lockDuration; checked as often). */
  readonly stallMs: number;
  /** Downloaded datasets and the worker's own backtest cache. */
  readonly cacheDir: string;
  readonly log: (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void;
}

export interface QueueWorkerHandle {
  /** Jobs finished by this process (done or failed by their own error). */
  readonly finished: () => number;
  /** Stops taking jobs; `force` abandons the running ones (BullMQ retries them elsewhere). */
  close(force?: boolean): Promise<void>;
}

export async function startQueueWorker(o: QueueWorkerOptions): Promise<QueueWorkerHandle> {
  const threads = new PiscinaJobRunner(join(o.cacheDir, 'worker-control.db'), o.concurrency);
  const connection = redisConnection(o.queue);
  const receiver = new DataReceiver(connection, join(o.cacheDir, 'data'));
  let finished = 0;
  const processor = async (job: Job<QueuedTask, QueueOutcome>, _token?: string, signal?: AbortSignal): Promise<QueueOutcome> => {
    const local = new Map<string, string>();
    for (const [path, shipped] of Object.entries(job.data.data)) local.set(path, await receiver.localPath(path, shipped));
    const task = withLocalData(job.data.task, local);
    try {
      const out = await threads.outcome(task, { signal: signal ?? new AbortController().signal, onProgress: (p) => void job.updateProgress(p).catch(() => undefined) });
      finished++;
      return out;
    } catch (e) {
      // Cancelled: failed for good, never retried.
      if (signal?.aborted === true) throw new UnrecoverableError(`cancelled: ${String(signal.reason ?? 'by its submitter')}`);
      throw e;
    }
  };
  const worker = new Worker<QueuedTask, QueueOutcome>(QUEUE_NAME, processor, {
    connection: redisOptions(o.queue),
    prefix: QUEUE_PREFIX,
    concurrency: o.concurrency,
    lockDuration: o.stallMs,
    stalledInterval: o.stallMs,
    // A job may be found stalled once (its worker died) and run again; a second time it fails.
    maxStalledCount: 1,
    name: `scalper-worker-${process.pid}`,
  });
  worker.on('error', (e) => o.log('error', 'queue worker: Redis error', { error: e.message }));
  worker.on('active', (job) => o.log('info', `queue job ${job.id ?? '?'} (${job.name}) started`, { attempt: job.attemptsMade + 1 }));
  worker.on('completed', (job) => o.log('info', `queue job ${job.id ?? '?'} (${job.name}) done`));
  worker.on('failed', (job, e) => o.log('warn', `queue job ${job?.id ?? '?'} (${job?.name ?? '?'}) failed`, { error: e.message }));
  const subscriber = redisConnection(o.queue);
  await subscriber.subscribe(CANCEL_CHANNEL);
  subscriber.on('message', (_channel, jobId: string) => {
    if (worker.cancelJob(jobId, 'cancelled by its submitter')) o.log('info', `queue job ${jobId} cancelled`);
  });
  await worker.waitUntilReady();
  return {
    finished: () => finished,
    async close(force = false) {
      await worker.close(force);
      subscriber.disconnect();
      connection.disconnect();
      await threads.close();
    },
  };
}
