/** A process that runs the job service on a control database and prints each job as it starts on a worker, to be killed mid-job by job-restart.test.ts. */
import { openJobService } from '../../src/adapters/jobs/open-job-service.js';

const controlPath = process.argv[2];
if (controlPath === undefined) throw new Error('usage: crash-child.ts CONTROL_PATH');
const service = openJobService({ controlPath, poolSize: 1 });
service.on((e) => {
  // The worker's own progress: the job really runs on a worker thread.
  if (e.type === 'job.progress' && e.job.progress.message.endsWith('days done')) process.stdout.write(`running ${e.job.id}\n`);
});
const running = service.submit('backtest', { days: 30, seed: 11 }, 'crash-test');
const queued = service.submit('backtest', { days: 30, seed: 12 }, 'crash-test');
process.stdout.write(`submitted ${running.id} ${queued.id}\n`);
