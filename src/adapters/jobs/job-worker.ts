/** The job worker: a piscina task function that runs one backtest or sweep in its worker thread and posts progress to the service. */
import type { MessagePort } from 'node:worker_threads';
import { runBacktest, type RunBacktestInput } from '../../app/commands/run-backtest.js';
import { runSimBacktest, type RunSimBacktestInput } from '../../app/commands/run-sim-backtest.js';
import { toAppError, type AppError } from '../../app/errors.js';
import type { JobTask } from '../../app/jobs/job-kinds.js';
import type { JobProgress } from '../../app/jobs/job-types.js';
import { runSweepJob, type RunSweepInput } from '../../app/jobs/sweep-job.js';
import { codeVersion } from '../code-version.js';
import { datasetLoader } from '../experiments/dataset-loader.js';
import { loadRateCards } from '../rate-cards.js';
import { loadSimConfig } from '../sim-config-file.js';
import { RunStore } from '../store/run-store.js';

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

function run(task: JobTask, progress: (p: JobProgress) => void, controlPath: string): unknown {
  switch (task.work) {
    case 'sim-backtest':
      return runSimBacktest(
        { simConfig: loadSimConfig(), rateCards: loadRateCards(), onProgress: (done, days) => progress({ fraction: days === 0 ? 1 : done / days, message: `${done} of ${days} days done` }) },
        task.input as RunSimBacktestInput,
      );
    case 'data-backtest': {
      const input = task.input as RunBacktestInput;
      const runs = RunStore.open(controlPath);
      try {
        progress({ fraction: 0, message: `loading ${input.data}` });
        const loadDataset = datasetLoader();
        return runBacktest({ loadDataset, rateCards: loadRateCards(), runs, codeVersion: codeVersion(), now: () => Date.now() }, input);
      } finally {
        runs.close();
      }
    }
    case 'sweep':
      return runSweepJob({ loadDataset: datasetLoader(), rateCards: loadRateCards(), onProgress: progress }, task.input as RunSweepInput);
  }
}

/** Runs the task to its end in this thread (piscina terminates the thread to cancel it). */
export default function runJob({ task, port, controlPath }: JobWorkerTask): JobWorkerOutcome {
  try {
    return { ok: true, resultJson: JSON.stringify(run(task, (p) => port.postMessage(p), controlPath)) };
  } catch (e) {
    return { ok: false, error: toAppError(e).toJSON().error, detail: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
}
