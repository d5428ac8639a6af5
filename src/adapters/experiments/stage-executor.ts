/** Runs experiment stages in worker threads (one thread per stage), for the background runner in `scalper serve`. */
import { Worker } from 'node:worker_threads';
import type { Experiment, StageResult } from '../../experiments/experiment-idea.js';
import type { StageExecutor } from '../../experiments/experiment-runner.js';

/** The worker's entry: the compiled file, or from TypeScript source a bootstrap that registers tsx first. */
function workerEntry(): URL {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new URL('./stage-worker.js', here);
  const code = `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))}; register(); await import(${JSON.stringify(new URL('./stage-worker.ts', here).href)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}

export function workerStageExecutor(controlPath: string): StageExecutor {
  return (experiment: Experiment, stage: 'quick' | 'validation') =>
    new Promise<StageResult>((resolve, reject) => {
      const worker = new Worker(workerEntry(), { workerData: { controlPath, experiment, stage } });
      worker.once('message', (m: { ok: true; result: StageResult } | { ok: false; message: string }) => {
        if (m.ok) resolve(m.result);
        else reject(new Error(m.message));
      });
      worker.once('error', reject);
      worker.once('exit', (code) => {
        if (code !== 0) reject(new Error(`experiment worker exited with code ${code}`));
      });
    });
}
