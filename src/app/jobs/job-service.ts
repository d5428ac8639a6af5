/** The job service: backtests and sweeps submitted, queued, run on worker threads, watched and cancelled; persisted and keyed by their run key. */
import { randomUUID } from 'node:crypto';
import { AppError, invalidInput, toAppError, zodIssues } from '../errors.js';
import type { PreparedJob, JobTask } from './job-kinds.js';
import type { JobBackendStatus, JobChange, JobRecord, JobRepository, JobRunner } from './job-ports.js';
import { checkMove } from './job-states.js';
import {
  ListJobsInputSchema,
  type JobDetail,
  type JobEventType,
  type JobListener,
  type JobPage,
  type JobProgress,
  type JobState,
  type JobView,
  type ListJobsInput,
} from './job-types.js';

export interface JobServiceDeps {
  readonly store: JobRepository;
  readonly runner: JobRunner;
  /** Validates a kind's input and derives its run key and task (see jobPreparer); throws INVALID_INPUT. */
  readonly prepare: (kind: string, input: unknown) => PreparedJob;
  readonly now: () => number;
  /** Told about a job that failed with INTERNAL (a bug), with the error and its cause. */
  readonly logInternal: (message: string, error: unknown) => void;
}

/** The error of a job that was queued or running when the previous process ended. */
export const INTERRUPTED_BY_RESTART = 'interrupted by a restart; submit it again to run it';
/** The error of a job that was queued or running when the service was closed. */
export const INTERRUPTED_BY_CLOSE = 'interrupted: the job service stopped; submit it again to run it';

const errorJson = (message: string): string => JSON.stringify(new AppError('UNAVAILABLE', message).toJSON().error);

function toView(r: JobRecord): JobView {
  return {
    id: r.id,
    kind: r.kind,
    state: r.state,
    runKey: r.runKey,
    input: JSON.parse(r.inputJson) as unknown,
    submittedBy: r.submittedBy,
    progress: { fraction: r.progressFraction, message: r.progressMessage },
    error: r.errorJson === null ? null : (JSON.parse(r.errorJson) as JobView['error']),
    createdTs: r.createdTs,
    startedTs: r.startedTs,
    finishedTs: r.finishedTs,
    updatedTs: r.updatedTs,
  };
}

/**
 * One service per control database (the daemon's). Jobs start in submission order, at most
 * `runner.size` at a time. Every state change is committed before its event is emitted. On
 * construction, jobs a previous process left queued or running are marked failed (`recovered`).
 */
export class JobService {
  /** Jobs failed at start-up because the previous process ended while they were queued or running. */
  readonly recovered: readonly JobView[];
  private readonly queued = new Map<string, JobTask>();
  private readonly active = new Map<string, AbortController>();
  private readonly listeners = new Set<JobListener>();
  private closed = false;

  constructor(private readonly deps: JobServiceDeps) {
    this.recovered = deps.store.failActive(errorJson(INTERRUPTED_BY_RESTART), deps.now()).map(toView);
  }

  /**
   * Validates `input` (INVALID_INPUT naming the field; nothing is stored) and queues the job, returning at
   * once. The same work (same run key) already queued, running or done returns that job instead.
   */
  submit(kind: string, input: unknown, submittedBy: string): JobView {
    if (this.closed) throw new AppError('UNAVAILABLE', 'the job service is stopped');
    if (typeof submittedBy !== 'string' || submittedBy.trim() === '') {
      throw invalidInput([{ field: 'submittedBy', rule: 'must name who submits the job' }]);
    }
    const prepared = this.deps.prepare(kind, input);
    const { record, created } = this.deps.store.insertOrReuse({
      id: `job_${randomUUID().replace(/-/g, '').slice(0, 20)}`,
      kind: prepared.kind,
      runKey: prepared.runKey,
      inputJson: JSON.stringify(prepared.input),
      submittedBy,
      createdTs: this.deps.now(),
    });
    if (!created) return toView(record);
    this.queued.set(record.id, prepared.task);
    this.emit('job.queued', record);
    this.pump();
    return toView(this.deps.store.get(record.id) ?? record);
  }

  /** The job with its result (null until done); NOT_FOUND for an unknown id. */
  get(id: string): JobDetail {
    const r = this.record(id);
    return { ...toView(r), result: r.resultJson === null ? null : (JSON.parse(r.resultJson) as unknown) };
  }

  /** Jobs newest first, filtered by state and kind, a page at a time (pass `nextCursor` back as `cursor`). */
  list(raw: ListJobsInput = {}): JobPage {
    const parsed = ListJobsInputSchema.safeParse(raw);
    if (!parsed.success) throw invalidInput(zodIssues(parsed.error));
    const q = parsed.data;
    const rows = this.deps.store.list({
      limit: q.limit + 1,
      ...(q.state === undefined ? {} : { state: q.state }),
      ...(q.kind === undefined ? {} : { kind: q.kind }),
      ...(q.cursor === undefined ? {} : { beforeSeq: Number(q.cursor) }),
    });
    const items = rows.slice(0, q.limit);
    return { items: items.map(toView), nextCursor: rows.length > q.limit ? String(items[items.length - 1]!.seq) : null };
  }

  /** Cancels a queued job (it never starts) or a running one (its worker is stopped); CONFLICT once it has finished. */
  cancel(id: string): JobView {
    const r = this.record(id);
    const now = this.deps.now();
    const cancelled = this.move(r.id, r.state, 'cancelled', { ts: now, finishedTs: now });
    this.queued.delete(r.id);
    this.active.get(r.id)?.abort(new AppError('CONFLICT', `job ${r.id} was cancelled`));
    this.emit('job.cancelled', cancelled);
    return toView(cancelled);
  }

  /** Where jobs run now: the backend with its depths and workers, and this service's jobs queued here (beyond the runner's capacity) and running. */
  async backendStatus(): Promise<JobBackendStatus & { readonly jobsQueued: number; readonly jobsRunning: number }> {
    const b = await this.deps.runner.describe();
    return { ...b, jobsQueued: this.queued.size, jobsRunning: this.active.size };
  }

  /** Subscribes to job events; returns the unsubscribe function. A listener that throws is removed. */
  on(listener: JobListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stops taking jobs, marks queued and running ones failed (INTERRUPTED_BY_CLOSE), stops the workers and closes the store. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const r of this.deps.store.failActive(errorJson(INTERRUPTED_BY_CLOSE), this.deps.now())) this.emit('job.failed', r);
    for (const c of this.active.values()) c.abort(new AppError('UNAVAILABLE', INTERRUPTED_BY_CLOSE));
    this.queued.clear();
    this.listeners.clear();
    try {
      await this.deps.runner.close();
    } finally {
      this.deps.store.close();
    }
  }

  private record(id: string): JobRecord {
    const r = typeof id === 'string' ? this.deps.store.get(id) : undefined;
    if (r === undefined) throw new AppError('NOT_FOUND', `no job ${String(id).slice(0, 40)}`, { issues: [{ field: 'id', rule: 'no such job' }] });
    return r;
  }

  /** A move the transition table allows, committed only if the job is still in `from`. */
  private move(id: string, from: JobState, to: JobState, change: JobChange): JobRecord {
    checkMove(id, from, to);
    const moved = this.deps.store.move(id, from, to, change);
    if (moved === undefined) throw new AppError('CONFLICT', `job ${id} changed state meanwhile; it is no longer ${from}`);
    return moved;
  }

  /** Starts queued jobs in order while a worker is free. */
  private pump(): void {
    for (const [id, task] of this.queued) {
      if (this.closed || this.active.size >= this.deps.runner.size) return;
      this.queued.delete(id);
      try {
        this.start(id, task);
      } catch (e) {
        // Only if another process moved the job meanwhile: it is no longer this service's to run.
        this.deps.logInternal(`job ${id}: not started`, e);
      }
    }
  }

  private start(id: string, task: JobTask): void {
    const now = this.deps.now();
    const running = this.move(id, 'queued', 'running', { ts: now, startedTs: now, progress: { fraction: 0, message: 'started' } });
    const controller = new AbortController();
    this.active.set(id, controller);
    this.emit('job.progress', running);
    this.deps.runner
      .run(task, { signal: controller.signal, onProgress: (p) => this.progress(id, p) })
      .then(
        (resultJson) => this.settle(controller, () => this.finish(id, 'done', { resultJson, progress: { fraction: 1, message: 'done' } })),
        (error: unknown) => this.settle(controller, () => this.failed(id, error)),
      )
      .catch((e: unknown) => this.deps.logInternal(`job ${id}: could not record its outcome`, e))
      .finally(() => {
        this.active.delete(id);
        this.pump();
      });
  }

  /** Records a task's outcome unless the job was cancelled or the service closed meanwhile (then it is already final). */
  private settle(controller: AbortController, record: () => void): void {
    if (!this.closed && !controller.signal.aborted) record();
  }

  private progress(id: string, p: JobProgress): void {
    if (this.closed || !this.active.has(id)) return;
    const fraction = Number.isFinite(p.fraction) ? Math.min(1, Math.max(0, p.fraction)) : 0;
    const r = this.deps.store.setProgress(id, { fraction, message: String(p.message) }, this.deps.now());
    if (r !== undefined) this.emit('job.progress', r);
  }

  private failed(id: string, error: unknown): void {
    const e = toAppError(error);
    if (e.code === 'INTERNAL') this.deps.logInternal(`job ${id} failed`, error);
    this.finish(id, 'failed', { errorJson: JSON.stringify(e.toJSON().error) });
  }

  private finish(id: string, to: 'done' | 'failed', change: Omit<JobChange, 'ts'>): void {
    const now = this.deps.now();
    this.emit(to === 'done' ? 'job.done' : 'job.failed', this.move(id, 'running', to, { ...change, ts: now, finishedTs: now }));
  }

  private emit(type: JobEventType, r: JobRecord): void {
    const event = { type, job: toView(r) };
    for (const l of this.listeners) {
      try {
        l(event);
      } catch (e) {
        this.listeners.delete(l);
        this.deps.logInternal(`job listener removed: it threw on ${type}`, e);
      }
    }
  }
}
