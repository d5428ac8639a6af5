/** The offline tuner's parts: its candidate moves (one field, within the step limit, on the grain), where it searches, and its job's input checks. */
import { describe, expect, it } from 'vitest';
import { jobPreparer } from '../../src/app/jobs/job-kinds.js';
import { AppError } from '../../src/app/errors.js';
import { checkDiff } from '../../src/app/governance/proposal-checks.js';
import { candidateMoves, DEFAULT_OFFLINE_FIELDS, OFFLINE_FIELDS } from '../../src/app/tuners/offline/offline-fields.js';
import { searchWindow } from '../../src/app/tuners/offline/search-window.js';
import { PARAM_SPECS } from '../../src/core/params/param-spec.js';
import { presetParams } from '../../src/core/params/presets.js';
import { withOverrides } from '../../src/core/params/schema.js';
import { rateCards, simConfig } from '../runtime/agent-harness.js';

const base = presetParams('nifty_normal');

describe('candidate moves', () => {
  it('start with the set in force, then move one field at a time by ±12.5% and ±25%, on its grain, within the step limit', () => {
    const { candidates } = candidateMoves(base, ['momentumTicks', 'slPoints'], 0.25);
    expect(candidates[0]).toEqual({ index: 0, overrides: {} });
    expect(candidates.map((c) => c.index)).toEqual(candidates.map((_, i) => i));
    // momentumTicks 6: ±1 (12.5%, rounded) and ±2 (25%, rounded); slPoints 4 (nifty_normal): ±0.5 and ±1.
    expect(candidates.slice(1).map((c) => c.overrides)).toEqual([
      { momentumTicks: 5 },
      { momentumTicks: 7 },
      { momentumTicks: 4 },
      { momentumTicks: 8 },
      { slPoints: 3.5 },
      { slPoints: 4.5 },
      { slPoints: 3 },
      { slPoints: 5 },
    ]);
  });

  it('never moves more than the step limit allows, so governance accepts every one of them', () => {
    for (const fraction of [0.25, 0.05, 0.01]) {
      const { candidates } = candidateMoves(base, [...OFFLINE_FIELDS], fraction);
      expect(candidates.length).toBeGreaterThan(1);
      for (const c of candidates.slice(1)) {
        expect(Object.keys(c.overrides)).toHaveLength(1);
        expect(() => checkDiff(base, c.overrides, fraction)).not.toThrow();
      }
    }
  });

  it('moves a field whose value is 0 by shares of the step limit, and lists moves that break a cross-field rule as skipped', () => {
    // lockOffsetPts must stay below lockTriggerPts: with the trigger just above the offset, moving the trigger down breaks the rule.
    const tight = withOverrides(base, { breakevenTriggerPts: 0.3, lockTriggerPts: 0.6, lockOffsetPts: 0.5 });
    const { candidates, skipped } = candidateMoves(tight, ['lockTriggerPts'], 0.25);
    expect(skipped.length).toBeGreaterThan(0);
    for (const s of skipped) expect(s.overrides.lockTriggerPts).toBeLessThanOrEqual(0.5);
    expect(candidates.slice(1).every((c) => (c.overrides.lockTriggerPts as number) > 0.5)).toBe(true);
    // momentumMinTick is 0 in nifty_normal (range 0..5, step limit 1.25): up by 12.5% and 25% of the limit; never below its minimum.
    expect(candidateMoves(base, ['momentumMinTick' as never], 0.25).candidates.slice(1).map((c) => c.overrides)).toEqual([{ momentumMinTick: 0.15 }, { momentumMinTick: 0.3 }]);
  });

  it('searches strategy levers only, never sizing, risk limits or session hours', () => {
    for (const f of OFFLINE_FIELDS) expect(['entry', 'filters', 'exits', 'trailing', 'regime']).toContain(PARAM_SPECS[f].group);
    expect(DEFAULT_OFFLINE_FIELDS.every((f) => (OFFLINE_FIELDS as readonly string[]).includes(f))).toBe(true);
  });
});

describe('where it searches', () => {
  const sim = { config: simConfig, seed: 7, preset: 'nifty_normal', endDate: '2026-02-01' };
  it('searches the recordings, leaving the newest gateDays to the gate', () => {
    const dates = ['2026-01-05', '2026-01-06', '2026-01-07', '2026-01-08', '2026-01-09', '2026-01-12', '2026-01-13', '2026-01-14'];
    const w = searchWindow({ recordings: { dir: '/rec', dates }, gateDays: 3, searchDays: 4, need: 2, sim });
    expect(w).toMatchObject({ data: '/rec', from: '2026-01-06', to: '2026-01-09', source: 'recordings' });
  });

  it('falls back to simulated days ending on the last trading day on or before the end date when too few recordings remain', () => {
    const w = searchWindow({ recordings: { dir: '/rec', dates: ['2026-01-05', '2026-01-06'] }, gateDays: 1, searchDays: 5, need: 3, sim });
    // 2026-02-01 is a Sunday: the window ends on Friday 2026-01-30; five trading dates back (26 January is a holiday).
    expect(w).toMatchObject({ data: 'sim:NIFTY:7:2026-01-23:5', source: 'simulator' });
    expect(w.note).toContain('2026-01-23..2026-01-30');
    expect(searchWindow({ recordings: { dir: '/rec', dates: [] }, gateDays: 5, searchDays: 2, need: 2, sim: { ...sim, preset: 'sensex_normal' } }).data).toMatch(/^sim:SENSEX:7:/);
  });
});

describe('the tune-offline job’s input', () => {
  const prepare = jobPreparer({ codeVersion: 't', simConfig, rateCards, fingerprint: (p) => p, findJob: () => undefined });
  const fieldOf = (input: unknown): string => {
    try {
      prepare('tune-offline', input);
    } catch (e) {
      if (e instanceof AppError) return e.issues[0]!.field;
      throw e;
    }
    return '(accepted)';
  };
  const SIM = 'sim:NIFTY:1:2026-01-05:20';
  it.each([
    ['a field it does not search', { data: SIM, fields: ['entryLots'] }, 'fields.0'],
    ['a field twice', { data: SIM, fields: ['slPoints', 'slPoints'] }, 'fields'],
    ['a bad parameter in the set in force', { data: SIM, current: { slPoints: -1 } }, 'current.slPoints'],
    ['an unknown parameter in the set in force', { data: SIM, current: { nope: 1 } }, 'current'],
    ['too few simulated days for one window', { data: 'sim:NIFTY:1:2026-01-05:5', trainDays: 4, testDays: 2 }, 'trainDays'],
    ['a step limit above 1', { data: SIM, maxStepFraction: 2 }, 'maxStepFraction'],
    ['to before from', { data: '/x', from: '2026-02-01', to: '2026-01-01' }, 'to'],
  ])('refuses %s naming the field', (_, input, field) => {
    expect(fieldOf(input)).toBe(field);
  });
  it('accepts a search on the simulator with its defaults', () => {
    const job = prepare('tune-offline', { data: SIM });
    expect(job.kind).toBe('tune-offline');
    expect(job.input).toMatchObject({ fields: [...DEFAULT_OFFLINE_FIELDS], trainDays: 10, testDays: 5, requireOutOfSampleGain: true });
  });
});
