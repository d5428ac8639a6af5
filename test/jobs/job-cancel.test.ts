/** Cancelling jobs on a real pool of one worker: a queued job never starts, a running one is stopped, a finished one is refused; list pages with a cursor. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunStore } from '../../src/adapters/store/run-store.js';
import { AppError } from '../../src/app/errors.js';
import type { JobEvent, JobView } from '../../src/app/jobs/job-types.js';
import { jobHarness, type JobHarness } from './job-harness.js';

/** A backtest on a 20-day simulated dataset: loading alone generates 20 days of ticks, so it is still running when cancelled. */
const LONG = { data: 'sim:NIFTY:5:2026-01-05:20' };
const SHORT = { days: 1, seed: 21 };

const codeOf = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return e instanceof AppError ? e.code : `not an AppError: ${String(e)}`;
  }
  return 'no error';
};

let h: JobHarness;
let long: JobView;
let queued: JobView;
let short: JobView;
let cancelledRunning: JobView;
let cancelledQueued: JobView;
let eventsOfLongAfterCancel: JobEvent[];

beforeAll(async () => {
  h = jobHarness(1);
  const loading = h.next((e) => e.type === 'job.progress' && e.job.progress.message.startsWith('loading sim:'));
  long = h.service.submit('backtest', LONG, 'tester');
  queued = h.service.submit('backtest', { days: 3, seed: 22 }, 'tester');
  short = h.service.submit('backtest', SHORT, 'tester');
  // The worker said it is loading the data: the long job really runs on the one worker, the others wait.
  await loading;
  expect(h.service.get(long.id).state).toBe('running');
  expect(h.service.get(queued.id).state).toBe('queued');
  cancelledQueued = h.service.cancel(queued.id);
  cancelledRunning = h.service.cancel(long.id);
  const mark = h.events.length;
  // The freed worker takes the next queued job (the cancelled one is skipped) and runs it to the end.
  await h.settled(short.id);
  eventsOfLongAfterCancel = h.events.slice(mark).filter((e) => e.job.id === long.id);
}, 300_000);

afterAll(() => h.close());

describe('cancel', () => {
  it('of a queued job: cancelled at once, and it never starts', () => {
    expect(cancelledQueued.state).toBe('cancelled');
    const job = h.service.get(queued.id);
    expect(job.state).toBe('cancelled');
    expect(job.startedTs).toBeNull();
    expect(job.result).toBeNull();
    expect(h.of(queued.id).map((e) => e.type)).toEqual(['job.queued', 'job.cancelled']);
  });

  it('of a running job: cancelled, with no result, no event after the cancel, nothing stored by it', () => {
    expect(cancelledRunning.state).toBe('cancelled');
    const job = h.service.get(long.id);
    expect(job.state).toBe('cancelled');
    expect(job.startedTs).not.toBeNull();
    expect(job.finishedTs).not.toBeNull();
    expect(job.result).toBeNull();
    expect(eventsOfLongAfterCancel).toEqual([]);
    // A data backtest that ran to its end would have stored its result in backtest_runs.
    const runs = RunStore.open(h.controlPath);
    try {
      expect(runs.list(10)).toEqual([]);
    } finally {
      runs.close();
    }
  });

  it('frees the worker: the next queued job runs to done on the pool of one', () => {
    const job = h.service.get(short.id);
    expect(job.state).toBe('done');
    expect(job.result).toMatchObject({ seed: 21, dates: ['2026-01-05'] });
  });

  it('of a finished job is refused (CONFLICT); of an unknown job, NOT_FOUND', () => {
    expect(codeOf(() => h.service.cancel(short.id))).toBe('CONFLICT');
    expect(codeOf(() => h.service.cancel(long.id))).toBe('CONFLICT');
    expect(codeOf(() => h.service.cancel('job_nope'))).toBe('NOT_FOUND');
    expect(codeOf(() => h.service.get('job_nope'))).toBe('NOT_FOUND');
    expect(h.service.get(short.id).state).toBe('done');
  });

  it('leaves the run key free: the same work submitted again is a new job', () => {
    const again = h.service.submit('backtest', { days: 3, seed: 22 }, 'tester');
    expect(again.id).not.toBe(queued.id);
    expect(again.runKey).toBe(queued.runKey);
    expect(h.service.cancel(again.id).state).toBe('cancelled');
  });
});

describe('list', () => {
  it('pages newest first with a cursor, and filters by state and kind', () => {
    const all = h.service.list({ limit: 500 }).items;
    expect(all.length).toBe(4);
    const seen: string[] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = h.service.list({ limit: 3, ...(cursor === undefined ? {} : { cursor }) });
      seen.push(...page.items.map((j) => j.id));
      if (page.nextCursor === null) break;
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(all.map((j) => j.id));
    expect(all.at(-1)?.id).toBe(long.id);
    expect(h.service.list({ state: 'done', limit: 10 }).items.map((j) => j.id)).toEqual([short.id]);
    expect(h.service.list({ state: 'cancelled', limit: 10 }).items).toHaveLength(3);
    expect(h.service.list({ kind: 'sweep', limit: 10 }).items).toEqual([]);
  });

  it('refuses a bad limit or cursor, naming the field', () => {
    for (const [input, field] of [
      [{ limit: 0 }, 'limit'],
      [{ limit: 501 }, 'limit'],
      [{ cursor: 'abc' }, 'cursor'],
      [{ state: 'paused' }, 'state'],
      [{ color: 'red' }, '(root)'],
    ] as const) {
      try {
        h.service.list(input as never);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(AppError);
        expect((e as AppError).code).toBe('INVALID_INPUT');
        expect((e as AppError).issues.map((i) => i.field)).toContain(field);
      }
    }
  });

  it('reports no internal error', () => {
    expect(h.internal).toEqual([]);
  });
});
