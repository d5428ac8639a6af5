/** What the daemon (or `scalper sweep --queue`) and `scalper worker` exchange through Redis: the queue's name, a queued task with its datasets, the outcome, the cancel channel. */
import type { JobTask } from '../../app/jobs/job-kinds.js';
import type { JobWorkerOutcome } from '../jobs/job-worker.js';
import type { ShippedData } from './dataset-transfer.js';

export const QUEUE_NAME = 'jobs';
/** Every key of the queue starts `scalper:` (BullMQ's default is `bull:`). */
export const QUEUE_PREFIX = 'scalper';
/** A job id published here is cancelled by the worker running it. */
export const CANCEL_CHANNEL = 'scalper:cancel';

/** A BullMQ job's data: the task, and each data path it names with the content shipped for it. */
export interface QueuedTask {
  readonly task: JobTask;
  readonly data: Readonly<Record<string, ShippedData>>;
}

/** A BullMQ job's return value: the task's result as JSON text, or its error in the app's vocabulary. A worker that dies returns nothing: BullMQ retries the job. */
export type QueueOutcome = JobWorkerOutcome;
