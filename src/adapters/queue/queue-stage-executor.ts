/** Experiment stages on the research queue: each stage (its two backtests) is a task a `scalper worker` runs, its result stored by the daemon's experiment runner as locally. */
import type { JobRunner } from '../../app/jobs/job-ports.js';
import type { Experiment, StageResult } from '../../experiments/experiment-idea.js';
import type { StageExecutor } from '../../experiments/experiment-runner.js';

export function queueStageExecutor(runner: JobRunner): StageExecutor {
  return async (experiment: Experiment, stage: 'quick' | 'validation') =>
    JSON.parse(await runner.run({ work: 'experiment-stage', input: { experiment, stage } }, { signal: new AbortController().signal, onProgress: () => undefined })) as StageResult;
}
