/** The job runner on piscina worker threads: one task per job, progress over a MessagePort, cancellation by AbortSignal. */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { AppError } from '../../app/errors.js';
import type { JobTask } from '../../app/jobs/job-kinds.js';
import type { JobBackendStatus, JobRunner } from '../../app/jobs/job-ports.js';
import type { JobProgress } from '../../app/jobs/job-types.js';
import type { JobWorkerOutcome, JobWorkerTask } from './job-worker.js';

/** Cores − 1, at least 1: one core stays free for the daemon's event loop and the engine. */
export function defaultPoolSize(): number {
  return Math.max(1, availableParallelism() - 1);
}

/** The worker file: compiled JS next to this file, or (from TypeScript source) the .ts file with tsx registered in the thread. */
function workerEntry(): { filename: string; execArgv?: string[] } {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return { filename: fileURLToPath(new URL('./job-worker.js', here)) };
  return { filename: fileURLToPath(new URL('./job-worker.ts', here)), execArgv: ['--import', import.meta.resolve('tsx')] };
}

/**
 * Piscina rather than tinypool or a third hand-written pool: it is maintained by Node.js core
 * contributors, documents per-task AbortSignal (a queued task is dropped, a running one has its
 * thread terminated, which a synchronous backtest needs) and transferable MessagePorts; tinypool has
 * the same basics but is a trimmed fork maintained for vitest's needs. Threads start on demand and
 * stay a minute after their last job.
 */
export class PiscinaJobRunner implements JobRunner {
  readonly size: number;
  private readonly pool: Piscina<JobWorkerTask, JobWorkerOutcome>;

  constructor(
    private readonly controlPath: string,
    size: number = defaultPoolSize(),
  ) {
    if (!Number.isSafeInteger(size) || size < 1 || size > 256) {
      throw new AppError('INVALID_INPUT', `poolSize: must be a whole number 1..256, got ${size}`, { issues: [{ field: 'poolSize', rule: 'must be a whole number 1..256' }] });
    }
    this.size = size;
    const entry = workerEntry();
    this.pool = new Piscina({ filename: entry.filename, minThreads: 0, maxThreads: size, idleTimeout: 60_000, ...(entry.execArgv === undefined ? {} : { execArgv: entry.execArgv }) });
  }

  async run(task: JobTask, hooks: { readonly onProgress: (p: JobProgress) => void; readonly signal: AbortSignal }): Promise<string> {
    const out = await this.outcome(task, hooks);
    if (out.ok) return out.resultJson;
    const { code, message, issues, hint } = out.error;
    throw new AppError(code, message, { issues, ...(hint === undefined ? {} : { hint }), cause: new Error(out.detail) });
  }

  /** Runs `task` and answers its outcome as the worker gave it (a queue worker passes it on as it is); rejects only for a crashed or aborted thread. */
  async outcome(task: JobTask, hooks: { readonly onProgress: (p: JobProgress) => void; readonly signal: AbortSignal }): Promise<JobWorkerOutcome> {
    const { port1, port2 } = new MessageChannel();
    port1.on('message', (p: JobProgress) => hooks.onProgress(p));
    try {
      return await this.pool.run({ task, port: port2, controlPath: this.controlPath }, { transferList: [port2], signal: hooks.signal });
    } finally {
      port1.close();
    }
  }

  describe(): Promise<JobBackendStatus> {
    return Promise.resolve({ backend: 'local', url: null, reachable: true, waiting: null, active: null, failed: null, workers: this.size });
  }

  /** Terminates every thread; tasks still running or queued are rejected. */
  close(): Promise<void> {
    return this.pool.destroy();
  }
}
