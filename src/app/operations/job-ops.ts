/** Jobs over the API: submit a backtest, a sweep, a walk-forward or a run comparison (202 with the job at once), read a job and its result, list, cancel. */
import { z } from 'zod';
import type { AppDeps } from '../app-deps.js';
import { RunBacktestInputSchema } from '../commands/run-backtest.js';
import { AppError } from '../errors.js';
import { JobDetailSchema, JobPageSchema, JobViewSchema, ListJobsInputSchema } from '../jobs/job-types.js';
import { CompareRunsInputSchema } from '../jobs/compare-job.js';
import { RunSweepInputSchema } from '../jobs/sweep-job.js';
import { WalkForwardInputSchema } from '../jobs/walk-forward-job.js';
import { defineOperation } from '../registry/operation.js';

const need = (deps: AppDeps) => {
  if (deps.jobs === undefined) throw new AppError('UNAVAILABLE', 'the job service is not running in this daemon');
  return deps.jobs;
};
const plain = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

export const submitBacktestOp = defineOperation({
  name: 'backtests.submit',
  summary: 'Start a backtest job on the simulator (no `data`) or on data (`data`: a file or sim:U:SEED:START:DAYS). Answers 202 with the job at once; the same work again returns the same job.',
  kind: 'job',
  scopes: ['agent'],
  idempotent: true,
  http: { method: 'POST', path: '/backtests' },
  input: RunBacktestInputSchema.describe('A backtest on a dataset (with `data`) or on the simulator (without).'),
  output: JobViewSchema,
  handler: (deps: AppDeps, input, ctx) => plain(need(deps).submit('backtest', input, ctx.principal.name)),
});

export const submitSweepOp = defineOperation({
  name: 'sweeps.submit',
  summary: 'Start a parameter sweep job (a grid or random space over a dataset). Answers 202 with the job at once.',
  kind: 'job',
  scopes: ['agent'],
  idempotent: true,
  http: { method: 'POST', path: '/sweeps' },
  input: RunSweepInputSchema,
  output: JobViewSchema,
  handler: (deps: AppDeps, input, ctx) => plain(need(deps).submit('sweep', input, ctx.principal.name)),
});

export const submitWalkForwardOp = defineOperation({
  name: 'walkforward.submit',
  summary: 'Start a walk-forward job: per rolling window, search the space on the train dates, pick the best combo by the objective, run it on the test dates; out-of-sample figures and the efficiency ratio. Answers 202 with the job at once.',
  kind: 'job',
  scopes: ['agent'],
  idempotent: true,
  http: { method: 'POST', path: '/walk-forward' },
  input: WalkForwardInputSchema.describe('The dataset, the base (preset and overrides), the space, the windows and the objective.'),
  output: JobViewSchema,
  handler: (deps: AppDeps, input, ctx) => plain(need(deps).submit('walk-forward', input, ctx.principal.name)),
});

export const compareRunsOp = defineOperation({
  name: 'runs.compare',
  summary: 'Start a comparison of two backtest runs (each a done backtest job or a backtest to run): a seeded bootstrap interval of the difference in mean net P&L per trade, and whether B is better. Always a job; a repeat is the stored job.',
  kind: 'job',
  scopes: ['agent'],
  idempotent: true,
  http: { method: 'POST', path: '/backtests/compare' },
  input: CompareRunsInputSchema.describe('Runs A and B and the bootstrap’s seed, resamples and confidence.'),
  output: JobViewSchema,
  handler: (deps: AppDeps, input, ctx) => plain(need(deps).submit('compare', input, ctx.principal.name)),
});

export const getJobOp = defineOperation({
  name: 'jobs.get',
  summary: 'A job: its state, progress and, once done, its result.',
  kind: 'query',
  scopes: ['agent', 'automation'],
  idempotent: true,
  http: { method: 'GET', path: '/jobs/:id' },
  input: z.object({ id: z.string().min(1).max(100).describe('Job id.') }).strict().describe('Which job.'),
  output: JobDetailSchema,
  handler: (deps: AppDeps, input) => plain(need(deps).get(input.id)),
});

export const listJobsOp = defineOperation({
  name: 'jobs.list',
  summary: 'Jobs, newest first, by state and kind, with cursor paging.',
  kind: 'query',
  scopes: ['agent', 'automation'],
  idempotent: true,
  http: { method: 'GET', path: '/jobs' },
  input: ListJobsInputSchema.describe('Filters and paging.'),
  output: JobPageSchema,
  handler: (deps: AppDeps, input) => plain(need(deps).list(input)),
});

export const cancelJobOp = defineOperation({
  name: 'jobs.cancel',
  summary: 'Cancel a queued or running job: a queued one never starts, a running one’s worker thread is stopped at once.',
  kind: 'command',
  scopes: ['agent'],
  idempotent: true,
  http: { method: 'POST', path: '/jobs/:id/cancel' },
  input: z.object({ id: z.string().min(1).max(100).describe('Job id.') }).strict().describe('Which job.'),
  output: JobViewSchema,
  handler: (deps: AppDeps, input) => plain(need(deps).cancel(input.id)),
});
