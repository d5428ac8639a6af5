/** MCP tasks (spec 2025-11-25) over the job store: one session's task ids are job ids, and tasks/get, tasks/result, tasks/cancel and tasks/list read or cancel those jobs. */
import type { CreateTaskOptions, TaskStore } from '@modelcontextprotocol/sdk/experimental/tasks';
import type { CallToolResult, Request, Result, Task } from '@modelcontextprotocol/sdk/types.js';
import type { AppDeps } from '../src/app/app-deps.js';
import { AppError, toAppError } from '../src/app/errors.js';
import type { JobDetail, JobState } from '../src/app/jobs/job-types.js';
import { invoke, type InternalErrorSink } from '../src/app/registry/invoke.js';
import type { Principal } from '../src/app/registry/operation.js';
import { operation } from '../src/app/registry/registry.js';
import { errorText, jobResult } from './tool-result.js';

/** What tasks/get suggests between polls: a backtest takes seconds, a sweep minutes. */
export const TASK_POLL_MS = 500;
/** Tasks one session remembers; the oldest are forgotten first (their jobs stay, for get_job). */
const MAX_TASKS = 1_000;
const PAGE = 50;

const STATUS: Readonly<Record<JobState, Task['status']>> = { queued: 'working', running: 'working', done: 'completed', failed: 'failed', cancelled: 'cancelled' };

const iso = (ms: number): string => new Date(ms).toISOString();

export interface JobTaskOptions {
  readonly deps: AppDeps;
  readonly principal: Principal;
  readonly onInternal?: InternalErrorSink;
}

/**
 * The SDK's TaskStore for one session. It keeps only which jobs this session started as tasks (and by which
 * tool); state, progress, result and cancellation are the job store's. The SDK passes a session id to every
 * call, but each session has its own McpServer and so its own store: tasks of other sessions are simply absent.
 */
export class JobTaskStore implements TaskStore {
  /** Task id (the job id) → the tool that started it, oldest first. */
  private readonly tools = new Map<string, string>();

  constructor(private readonly o: JobTaskOptions) {}

  /** Adopts the job named by `context.jobId` (just submitted by the tools/call in `request`) as a task. */
  createTask(params: CreateTaskOptions, _requestId: unknown, request: Request): Promise<Task> {
    const jobId = params.context?.jobId;
    const tool = (request.params as { name?: unknown } | undefined)?.name;
    if (typeof jobId !== 'string' || typeof tool !== 'string') return Promise.reject(new Error('a task is made only from a job tool call, with its job id'));
    this.tools.delete(jobId);
    this.tools.set(jobId, tool);
    if (this.tools.size > MAX_TASKS) this.tools.delete(this.tools.keys().next().value!);
    return Promise.resolve(this.taskOf(jobId)!);
  }

  getTask(taskId: string): Promise<Task | null> {
    return Promise.resolve(this.taskOf(taskId));
  }

  /** The answer the same tool call gives when it waits for its job (a progress token): the job with its result. */
  getTaskResult(taskId: string): Promise<Result> {
    const tool = this.tools.get(taskId);
    const job = tool === undefined ? null : this.job(taskId);
    if (job === null) return Promise.reject(new Error(`Task not found: ${taskId}`));
    const result: CallToolResult = jobResult(tool!, job, this.o.deps.mode());
    return Promise.resolve(result);
  }

  storeTaskResult(): Promise<void> {
    return Promise.reject(new Error('a task’s result is its job’s, in the job store'));
  }

  /** Only `cancelled` can be asked for: it cancels the job through jobs.cancel as this session's principal, so its scope decides. */
  async updateTaskStatus(taskId: string, status: Task['status']): Promise<void> {
    if (!this.tools.has(taskId)) throw new Error(`Task not found: ${taskId}`);
    if (status !== 'cancelled') throw new Error(`task ${taskId} follows its job; it can only be cancelled`);
    const cancel = operation('jobs.cancel');
    if (cancel === undefined) throw new AppError('INTERNAL', 'jobs.cancel is not in the registry');
    try {
      await invoke(cancel, this.o.deps, { id: taskId }, { principal: this.o.principal, mode: this.o.deps.mode() }, this.o.onInternal);
    } catch (e) {
      throw new Error(errorText(e), { cause: e });
    }
  }

  listTasks(cursor?: string): Promise<{ tasks: Task[]; nextCursor?: string }> {
    const start = cursor === undefined ? 0 : Number(cursor);
    if (!Number.isInteger(start) || start < 0 || start > this.tools.size) return Promise.reject(new Error(`invalid cursor ${String(cursor).slice(0, 20)}`));
    const ids = [...this.tools.keys()];
    const tasks = ids.slice(start, start + PAGE).flatMap((id) => this.taskOf(id) ?? []);
    return Promise.resolve(start + PAGE < ids.length ? { tasks, nextCursor: String(start + PAGE) } : { tasks });
  }

  private job(id: string): JobDetail | null {
    try {
      return this.o.deps.jobs!.get(id);
    } catch (e) {
      if (toAppError(e).code === 'NOT_FOUND') return null;
      throw e;
    }
  }

  private taskOf(id: string): Task | null {
    const job = this.tools.has(id) ? this.job(id) : null;
    if (job === null) return null;
    const message = job.state === 'failed' ? job.error?.message : job.progress.message;
    return {
      taskId: id,
      status: STATUS[job.state],
      ttl: null,
      createdAt: iso(job.createdTs),
      lastUpdatedAt: iso(job.updatedTs),
      pollInterval: TASK_POLL_MS,
      ...(message === undefined || message === '' ? {} : { statusMessage: message }),
    };
  }
}
