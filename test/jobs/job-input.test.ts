/** Submit refuses bad input with INVALID_INPUT naming the field and stores nothing; the state machine refuses illegal moves. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/app/errors.js';
import { canMove, checkMove, isFinal, TRANSITIONS } from '../../src/app/jobs/job-states.js';
import { JOB_STATES } from '../../src/app/jobs/job-types.js';
import { jobHarness, type JobHarness } from './job-harness.js';

const SIM1 = 'sim:NIFTY:1:2026-01-05:1';

const CASES: readonly [string, string, unknown, string][] = [
  ['an unknown kind', 'tuning', { days: 1 }, 'kind'],
  ['no input at all', 'backtest', null, '(root)'],
  ['days out of range', 'backtest', { days: 0 }, 'days'],
  ['days as text', 'backtest', { days: 'five' }, 'days'],
  ['an unknown field', 'backtest', { days: 1, colour: 'red' }, '(root)'],
  ['a parameter out of range', 'backtest', { overrides: { slPoints: -5 } }, 'overrides.slPoints'],
  ['an unknown parameter', 'backtest', { overrides: { nope: 1 } }, 'overrides'],
  ['a cross-field rule', 'backtest', { overrides: { entryStart: '15:00', entryEnd: '14:00' } }, 'overrides.entryEnd'],
  ['an unknown rate card', 'backtest', { rateCard: 'nope' }, 'rateCard'],
  ['a missing data file', 'backtest', { data: '/nonexistent/ticks.csv' }, 'data'],
  ['a seed other than the sim dataset’s', 'backtest', { data: 'sim:NIFTY:7:2026-01-05:5', seed: 8 }, 'seed'],
  ['an unknown simulated underlying', 'backtest', { data: 'sim:FOO:7:2026-01-05:5' }, 'data'],
  ['zero simulated days', 'backtest', { data: 'sim:NIFTY:7:2026-01-05:0' }, 'data'],
  ['a malformed sim reference', 'backtest', { data: 'sim:NIFTY:7' }, 'data'],
  ['a bad override on data', 'backtest', { data: SIM1, overrides: { slPoints: 'big' } }, 'overrides.slPoints'],
  ['a sweep axis out of range', 'sweep', { data: SIM1, space: { kind: 'grid', axes: { momentumTicks: [1, 2] } } }, 'space.axes.momentumTicks'],
  ['a sweep of an unknown parameter', 'sweep', { data: SIM1, space: { kind: 'grid', axes: { nope: [1] } } }, 'space.axes.nope'],
  ['a sweep with no axes', 'sweep', { data: SIM1, space: { kind: 'grid', axes: {} } }, 'space.axes'],
  ['a grid over the cap', 'sweep', { data: SIM1, space: { kind: 'grid', axes: { slPoints: { min: 1, max: 50, step: 0.05 }, momentumTicks: { min: 2, max: 20, step: 1 } } } }, 'space.axes'],
  ['an unknown space kind', 'sweep', { data: SIM1, space: { kind: 'spiral', axes: {} } }, 'space.kind'],
  ['zero samples', 'sweep', { data: SIM1, space: { kind: 'random', axes: { slPoints: { min: 2, max: 8 } }, samples: 0 } }, 'space.samples'],
  ['a sweep on a missing file', 'sweep', { data: '/nonexistent/ticks.csv', space: { kind: 'grid', axes: { slPoints: [4, 6] } } }, 'data'],
];

let h: JobHarness;
beforeAll(() => {
  h = jobHarness(1);
});
afterAll(() => h.close());

describe('submit with bad input', () => {
  it.each(CASES)('refuses %s: INVALID_INPUT naming the field', (_name, kind, input, field) => {
    let error: unknown;
    try {
      h.service.submit(kind, input, 'tester');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('INVALID_INPUT');
    expect((error as AppError).issues.map((i) => i.field)).toContain(field);
  });

  it('refuses a submit with no submitter', () => {
    expect(() => h.service.submit('backtest', { days: 1 }, ' ')).toThrow(/submittedBy/);
  });

  it('stores nothing and emits nothing for a refused submit', () => {
    expect(h.service.list({ limit: 500 }).items).toEqual([]);
    expect(h.events).toEqual([]);
    expect(h.internal).toEqual([]);
  });
});

describe('the state machine', () => {
  it('allows queued → running → done | failed | cancelled, and a queued job to be cancelled or failed', () => {
    expect(TRANSITIONS).toEqual({
      queued: ['running', 'cancelled', 'failed'],
      running: ['done', 'failed', 'cancelled'],
      done: [],
      failed: [],
      cancelled: [],
    });
    expect(JOB_STATES.filter(isFinal)).toEqual(['done', 'failed', 'cancelled']);
  });

  it('refuses every other move with CONFLICT', () => {
    for (const from of JOB_STATES) {
      for (const to of JOB_STATES) {
        if (canMove(from, to)) expect(() => checkMove('job_x', from, to)).not.toThrow();
        else expect(() => checkMove('job_x', from, to)).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
      }
    }
    expect(canMove('queued', 'done')).toBe(false);
    expect(canMove('done', 'running')).toBe(false);
    expect(canMove('cancelled', 'queued')).toBe(false);
  });
});
