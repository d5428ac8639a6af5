/** The job worker: a piscina task function that runs one job task in its worker thread and posts progress to the service. */
import type { MessagePort } from 'node:worker_threads';
import { toAppError, type AppError } from '../../app/errors.js';
import type { JobTask } from '../../app/jobs/job-kinds.js';
import { runTask } from './run-task.js';

/** What the pool sends: the task, the port progress goes back on, and the control database (for the backtest result cache). */
export interface JobWorkerTask {
  readonly task: JobTask;
  readonly port: MessagePort;
  readonly controlPath: string;
}

/** What the worker answers: the result as JSON text, or the error in the app's vocabulary (with the stack, for INTERNAL). */
export type JobWorkerOutcome =
  | { readonly ok: true; readonly resultJson: string }
  | { readonly ok: false; readonly error: ReturnType<AppError['toJSON']>['error']; readonly detail: string };

/** Runs the task to its end in this thread (piscina terminates the thread to cancel it). */
export default function runJob({ task, port, controlPath }: JobWorkerTask): JobWorkerOutcome {
  try {
    return { ok: true, resultJson: JSON.stringify(runTask(task, (p) => port.postMessage(p), controlPath)) };
  } catch (e) {
    return { ok: false, error: toAppError(e).toJSON().error, detail: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
}
