/** Worker thread that runs one experiment stage (two backtests), so the service's tick loop never waits for it. */
import { parentPort, workerData } from 'node:worker_threads';
import type { Experiment } from '../../experiments/experiment-idea.js';
import { runStageHere } from './local-stage.js';

const data = workerData as { controlPath: string; experiment: Experiment; stage: 'quick' | 'validation' };
try {
  parentPort?.postMessage({ ok: true, result: runStageHere(data.controlPath, data.experiment, data.stage) });
} catch (e) {
  parentPort?.postMessage({ ok: false, message: e instanceof Error ? e.message : String(e) });
}
