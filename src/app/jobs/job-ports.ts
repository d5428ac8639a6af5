/** The ports the job service runs on: a store of job records (the control database) and a runner on worker threads. */
import type { JobTask } from './job-kinds.js';
import type { JobKind, JobProgress, JobState } from './job-types.js';

/** A stored job, as the store keeps it (JSON as text). */
export interface JobRecord {
  /** Insertion order: the list's order and its cursor. */
  readonly seq: number;
  readonly id: string;
  readonly kind: JobKind;
  readonly state: JobState;
  readonly runKey: string;
  readonly inputJson: string;
  readonly submittedBy: string;
  readonly progressFraction: number;
  readonly progressMessage: string;
  readonly resultJson: string | null;
  readonly errorJson: string | null;
  readonly createdTs: number;
  readonly startedTs: number | null;
  readonly finishedTs: number | null;
  readonly updatedTs: number;
}

export type NewJob = Pick<JobRecord, 'id' | 'kind' | 'runKey' | 'inputJson' | 'submittedBy' | 'createdTs'>;

/** What a state change writes besides the state. */
export interface JobChange {
  readonly ts: number;
  readonly startedTs?: number;
  readonly finishedTs?: number;
  readonly resultJson?: string;
  readonly errorJson?: string;
  readonly progress?: JobProgress;
}

/** Job records; every write is committed before it returns, so a crash loses nothing acknowledged. */
export interface JobRepository {
  /** In one transaction: the queued, running or done job of `job.runKey` if there is one, else `job` inserted as queued. */
  insertOrReuse(job: NewJob): { readonly record: JobRecord; readonly created: boolean };
  get(id: string): JobRecord | undefined;
  /** Newest first, only seq < beforeSeq when given. */
  list(filter: { readonly state?: JobState; readonly kind?: JobKind; readonly limit: number; readonly beforeSeq?: number }): JobRecord[];
  /** Moves `id` from `from` to `to` only if it is still in `from`; the updated record, or undefined when it was not. */
  move(id: string, from: JobState, to: JobState, change: JobChange): JobRecord | undefined;
  /** Records the progress of a running job; undefined when it is no longer running. */
  setProgress(id: string, progress: JobProgress, ts: number): JobRecord | undefined;
  /** Marks every queued or running job failed with `errorJson`; returns them. */
  failActive(errorJson: string, ts: number): JobRecord[];
  close(): void;
}

/** Where jobs run, as status shows it: the backend, its queue's depths and its workers (null where the backend does not count them). */
export interface JobBackendStatus {
  readonly backend: 'local' | 'redis';
  /** The Redis queue (password masked); null for local. */
  readonly url: string | null;
  /** Whether the backend answered (a Redis that does not answer within a second is unreachable). */
  readonly reachable: boolean;
  /** Tasks waiting in the Redis queue for a worker (sweep cells count one each). */
  readonly waiting: number | null;
  /** Tasks being run by a worker now. */
  readonly active: number | null;
  /** Tasks that failed on every attempt in the last day (their worker died or stalled each time). */
  readonly failed: number | null;
  /** Worker threads (local), or `scalper worker` processes connected (Redis). */
  readonly workers: number | null;
}

/** Runs tasks on worker threads, never on the caller's event loop. */
export interface JobRunner {
  /** How many tasks run at once. */
  readonly size: number;
  /**
   * Runs `task` on a worker; resolves with the result as JSON text, rejects with an AppError (or any error
   * for a crashed worker). Aborting `signal` stops the worker running it.
   */
  run(task: JobTask, hooks: { readonly onProgress: (p: JobProgress) => void; readonly signal: AbortSignal }): Promise<string>;
  /** The backend now (never throws: an unreachable backend says so). */
  describe(): Promise<JobBackendStatus>;
  /** Stops every worker. */
  close(): Promise<void>;
}
