/** The job vocabulary: kinds, states, progress, the view every surface shows and the events a job emits. */
import { z } from 'zod';
import { ERROR_CODES } from '../errors.js';

export const JOB_KINDS = ['backtest', 'sweep', 'walk-forward', 'compare', 'tune-offline'] as const;
export type JobKind = (typeof JOB_KINDS)[number];

export const JOB_STATES = ['queued', 'running', 'done', 'failed', 'cancelled'] as const;
export type JobState = (typeof JOB_STATES)[number];

export const JobProgressSchema = z
  .object({
    fraction: z.number().min(0).max(1).describe('Share of the work done, 0..1.'),
    message: z.string().describe('What the job is doing, e.g. "day 3 of 5".'),
  })
  .describe('How far a job has come.');
export type JobProgress = z.infer<typeof JobProgressSchema>;

export const JobErrorSchema = z
  .object({
    code: z.enum(ERROR_CODES).describe('The error code (the same vocabulary as every other error).'),
    message: z.string().describe('One line a trader can act on.'),
    issues: z.array(z.object({ field: z.string().describe('Input field at fault.'), rule: z.string().describe('The rule it broke.') })).describe('Fields at fault, if any.'),
    hint: z.string().optional().describe('What to do about it.'),
  })
  .describe('Why a job failed.');
export type JobError = z.infer<typeof JobErrorSchema>;

export const JobViewSchema = z
  .object({
    id: z.string().describe('Job id.'),
    kind: z.enum(JOB_KINDS).describe('What the job runs: backtest, sweep, walk-forward, compare or tune-offline (the offline tuner’s search).'),
    state: z.enum(JOB_STATES).describe('queued → running → done | failed | cancelled.'),
    runKey: z.string().describe('Deterministic key of the work (data, parameters, seed, code version): the same work is one job.'),
    input: z.unknown().describe('The validated input, defaults filled in.'),
    submittedBy: z.string().describe('Who submitted it (the token’s name, or cli).'),
    progress: JobProgressSchema,
    error: JobErrorSchema.nullable().describe('Why it failed; null unless failed.'),
    createdTs: z.number().describe('Submitted, epoch ms.'),
    startedTs: z.number().nullable().describe('Started on a worker, epoch ms; null while queued or if it never started.'),
    finishedTs: z.number().nullable().describe('Reached done, failed or cancelled, epoch ms; null before.'),
    updatedTs: z.number().describe('Last change (state or progress), epoch ms.'),
  })
  .describe('A job.');
export type JobView = z.infer<typeof JobViewSchema>;

export const JobDetailSchema = JobViewSchema.extend({
  result: z.unknown().describe('The result (the backtest’s, sweep’s, walk-forward’s, comparison’s or offline tuner’s output) once done; null before.'),
}).describe('A job with its result.');
export type JobDetail = z.infer<typeof JobDetailSchema>;

export const ListJobsInputSchema = z
  .object({
    state: z.enum(JOB_STATES).optional().describe('Only jobs in this state.'),
    kind: z.enum(JOB_KINDS).optional().describe('Only jobs of this kind.'),
    limit: z.number().int().min(1).max(500).default(50).describe('Most jobs per page.'),
    cursor: z.string().regex(/^\d{1,15}$/, { error: 'must be the nextCursor of a previous page' }).optional().describe('nextCursor of the previous page.'),
  })
  .strict();
export type ListJobsInput = z.input<typeof ListJobsInputSchema>;

export const JobPageSchema = z
  .object({
    items: z.array(JobViewSchema).describe('Jobs, newest first.'),
    nextCursor: z.string().nullable().describe('Pass as cursor for the next page; null on the last page.'),
  })
  .describe('A page of jobs.');
export type JobPage = z.infer<typeof JobPageSchema>;

export const JOB_EVENT_TYPES = ['job.queued', 'job.progress', 'job.done', 'job.failed', 'job.cancelled'] as const;
export type JobEventType = (typeof JOB_EVENT_TYPES)[number];

/** What a job emits: its new view after each change (the result itself is read with get). */
export interface JobEvent {
  readonly type: JobEventType;
  readonly job: JobView;
}
export type JobListener = (event: JobEvent) => void;
