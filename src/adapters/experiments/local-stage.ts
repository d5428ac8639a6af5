/** One experiment stage run in the calling thread on the control database's run store: the body of the stage worker, and the executor of `scalper experiments run`. */
import { runStage } from '../../app/run-experiment-stage.js';
import type { Experiment, StageResult } from '../../experiments/experiment-idea.js';
import type { StageExecutor } from '../../experiments/experiment-runner.js';
import { codeVersion } from '../code-version.js';
import { loadRateCards } from '../rate-cards.js';
import { RunStore } from '../store/run-store.js';
import { datasetLoader } from './dataset-loader.js';

/** Runs `stage` of `experiment` (two backtests) here, storing both runs in `controlPath`. */
export function runStageHere(controlPath: string, experiment: Experiment, stage: 'quick' | 'validation'): StageResult {
  const runs = RunStore.open(controlPath);
  try {
    return runStage({ loadDataset: datasetLoader(), rateCards: loadRateCards(), runs, codeVersion: codeVersion(), now: () => Date.now() }, experiment, stage);
  } finally {
    runs.close();
  }
}

/** An executor that runs each stage in the calling thread (the foreground `experiments run`; the daemon uses worker threads). */
export function inProcessStageExecutor(controlPath: string): StageExecutor {
  return (experiment, stage) => new Promise((resolve) => resolve(runStageHere(controlPath, experiment, stage)));
}
