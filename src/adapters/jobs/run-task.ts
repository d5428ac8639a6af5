/** Runs one job task in the calling thread with the adapters it needs (data, rate cards, the control database): the worker's body, also used by the CLI. */
import { runBacktest, type DataBacktestInput, type SimBacktestInput } from '../../app/commands/run-backtest.js';
import { AppError } from '../../app/errors.js';
import { runCompareJob, type BacktestLike, type CompareSideTask, type CompareTask } from '../../app/jobs/compare-job.js';
import type { JobTask } from '../../app/jobs/job-kinds.js';
import type { JobProgress } from '../../app/jobs/job-types.js';
import { runSweepJob, type RunSweepInput } from '../../app/jobs/sweep-job.js';
import { runStageHere } from '../experiments/local-stage.js';
import type { Experiment } from '../../experiments/experiment-idea.js';
import { runWalkForwardPlan, runWalkForwardWindow, type WalkForwardWindowInput } from '../../app/jobs/walk-forward-cells.js';
import { runSweepCell, runSweepPlan, type SweepCellInput } from '../../app/jobs/sweep-cells.js';
import { runWalkForwardJob, type WalkForwardInput } from '../../app/jobs/walk-forward-job.js';
import { runOfflineTuneJob, type OfflineTuneInput } from '../../app/tuners/offline/offline-tune-job.js';
import { codeVersion } from '../code-version.js';
import { datasetLoader } from '../experiments/dataset-loader.js';
import { loadRateCards } from '../rate-cards.js';
import { loadSimConfig } from '../sim-config-file.js';
import { JobStore } from '../store/job-store.js';
import { RunStore } from '../store/run-store.js';

/** A done job's result from the control database (a comparison's `job` side, checked done at submit). */
function storedResult(controlPath: string, id: string): BacktestLike {
  const jobs = JobStore.open(controlPath);
  try {
    const json = jobs.get(id)?.resultJson ?? null;
    if (json === null) throw new AppError('NOT_FOUND', `job ${id} has no stored result`);
    return JSON.parse(json) as BacktestLike;
  } finally {
    jobs.close();
  }
}

/** Runs `task` to its end; `controlPath` holds the backtest result cache and the jobs a comparison reads. */
export function runTask(task: JobTask, progress: (p: JobProgress) => void, controlPath: string): unknown {
  switch (task.work) {
    case 'sim-backtest':
      return runBacktest(
        { simConfig: loadSimConfig(), rateCards: loadRateCards(), onProgress: (done, days) => progress({ fraction: days === 0 ? 1 : done / days, message: `${done} of ${days} days done` }) },
        task.input as SimBacktestInput,
      );
    case 'data-backtest': {
      const input = task.input as DataBacktestInput;
      const runs = RunStore.open(controlPath);
      try {
        progress({ fraction: 0, message: `loading ${input.data}` });
        const loadDataset = datasetLoader();
        const onProgress = (done: number, days: number): void => progress({ fraction: days === 0 ? 1 : done / days, message: `${done} of ${days} days done` });
        return runBacktest({ loadDataset, rateCards: loadRateCards(), runs, codeVersion: codeVersion(), now: () => Date.now(), onProgress }, input);
      } finally {
        runs.close();
      }
    }
    case 'sweep':
      return runSweepJob({ loadDataset: datasetLoader(), rateCards: loadRateCards(), onProgress: progress }, task.input as RunSweepInput);
    case 'sweep-plan':
      return runSweepPlan({ loadDataset: datasetLoader(), rateCards: loadRateCards() }, task.input as RunSweepInput);
    case 'sweep-cell':
      return runSweepCell({ loadDataset: datasetLoader(), rateCards: loadRateCards() }, task.input as SweepCellInput);
    case 'experiment-stage': {
      const { experiment, stage } = task.input as { experiment: Experiment; stage: 'quick' | 'validation' };
      return runStageHere(controlPath, experiment, stage);
    }
    case 'walk-forward-plan':
      return runWalkForwardPlan({ loadDataset: datasetLoader(), rateCards: loadRateCards() }, task.input as WalkForwardInput);
    case 'walk-forward-window':
      return runWalkForwardWindow({ loadDataset: datasetLoader(), rateCards: loadRateCards() }, task.input as WalkForwardWindowInput);
    case 'walk-forward':
      return runWalkForwardJob({ loadDataset: datasetLoader(), rateCards: loadRateCards(), onProgress: progress }, task.input as WalkForwardInput);
    case 'tune-offline':
      return runOfflineTuneJob({ loadDataset: datasetLoader(), rateCards: loadRateCards(), onProgress: progress }, task.input as OfflineTuneInput);
    case 'compare': {
      const side = (s: CompareSideTask, onProgress: (p: JobProgress) => void): BacktestLike =>
        'job' in s ? (s.result ?? storedResult(controlPath, s.job)) : (runTask(s.task, onProgress, controlPath) as BacktestLike);
      return runCompareJob({ side, onProgress: progress }, task.input as CompareTask);
    }
  }
}
