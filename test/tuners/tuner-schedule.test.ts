/** The tuner's schedule: an interval after the last scheduled run or after the schedule was set; a daily HH:MM in exchange time, once, catching up after a gap. */
import { describe, expect, it } from 'vitest';
import { nextDue } from '../../src/app/tuners/tuner-schedule.js';

const IST = 330;
const at = (iso: string): number => Date.parse(iso);

describe('nextDue', () => {
  it('off never runs', () => {
    expect(nextDue({ kind: 'off' }, { lastRunTs: null, setTs: 0, utcOffsetMin: IST })).toBeNull();
  });

  it('an interval counts from the last scheduled run, or from when it was set', () => {
    const set = at('2026-01-05T10:00:00+05:30');
    expect(nextDue({ kind: 'interval', minutes: 60 }, { lastRunTs: null, setTs: set, utcOffsetMin: IST })).toBe(set + 3_600_000);
    expect(nextDue({ kind: 'interval', minutes: 60 }, { lastRunTs: set + 7_200_000, setTs: set, utcOffsetMin: IST })).toBe(set + 3 * 3_600_000);
    // A run from before the schedule was set does not count.
    expect(nextDue({ kind: 'interval', minutes: 60 }, { lastRunTs: set - 1_000, setTs: set, utcOffsetMin: IST })).toBe(set + 3_600_000);
  });

  it('daily HH:MM is in exchange time: the first such time after the anchor', () => {
    const s = { kind: 'daily' as const, at: '15:45' };
    expect(nextDue(s, { lastRunTs: null, setTs: at('2026-01-05T10:00:00+05:30'), utcOffsetMin: IST })).toBe(at('2026-01-05T15:45:00+05:30'));
    expect(nextDue(s, { lastRunTs: at('2026-01-05T15:45:10+05:30'), setTs: 0, utcOffsetMin: IST })).toBe(at('2026-01-06T15:45:00+05:30'));
    // Set after today's time: tomorrow.
    expect(nextDue(s, { lastRunTs: null, setTs: at('2026-01-05T16:00:00+05:30'), utcOffsetMin: IST })).toBe(at('2026-01-06T15:45:00+05:30'));
    // Just after midnight IST is still the previous day in UTC: the exchange's date decides.
    expect(nextDue({ kind: 'daily', at: '00:30' }, { lastRunTs: null, setTs: at('2026-01-05T00:10:00+05:30'), utcOffsetMin: IST })).toBe(at('2026-01-05T00:30:00+05:30'));
  });

  it('a daemon that was down at the time runs once when it is back (the due time has passed), then the next day', () => {
    const s = { kind: 'daily' as const, at: '15:45' };
    const last = at('2026-01-05T15:45:00+05:30');
    const due = nextDue(s, { lastRunTs: last, setTs: 0, utcOffsetMin: IST })!;
    expect(due).toBe(at('2026-01-06T15:45:00+05:30'));
    // Back on the 8th: due (in the past) → one run; after it, the 9th.
    expect(due).toBeLessThan(at('2026-01-08T09:00:00+05:30'));
    expect(nextDue(s, { lastRunTs: at('2026-01-08T09:00:00+05:30'), setTs: 0, utcOffsetMin: IST })).toBe(at('2026-01-08T15:45:00+05:30'));
  });
});
