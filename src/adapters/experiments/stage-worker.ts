/** Worker thread that runs one experiment stage (two backtests), so the service's tick loop never waits for it. */
import { parentPort, workerData } from 'node:worker_threads';
import { runStage } from '../../app/run-experiment-stage.js';
import type { Experiment } from '../../experiments/experiment-idea.js';
import { codeVersion } from '../code-version.js';
import { loadRateCards } from '../rate-cards.js';
import { RunStore } from '../store/run-store.js';
import { datasetLoader } from './dataset-loader.js';

const data = workerData as { controlPath: string; experiment: Experiment; stage: 'quick' | 'validation' };
const runs = RunStore.open(data.controlPath);
try {
  const result = runStage({ loadDataset: datasetLoader(), rateCards: loadRateCards(), runs, codeVersion: codeVersion(), now: () => Date.now() }, data.experiment, data.stage);
  parentPort?.postMessage({ ok: true, result });
} catch (e) {
  parentPort?.postMessage({ ok: false, message: e instanceof Error ? e.message : String(e) });
} finally {
  runs.close();
}
