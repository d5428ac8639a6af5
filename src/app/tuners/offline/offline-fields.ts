/** The fields the offline tuner searches and the candidate moves around the set in force: one field at a time, a small step either way, never more than governance's step limit. */
import type { SweepCombo } from '../../../backtest/sweep/param-space.js';
import { naturalGrain } from '../../../backtest/sweep/axis-rules.js';
import { decimalsOf, roundTo } from '../../../backtest/sweep/decimals.js';
import { PARAM_SPECS, type NumberSpec, type ParamName } from '../../../core/params/param-spec.js';
import { InvalidParamsError, withOverrides, type Params } from '../../../core/params/schema.js';

/**
 * The default search: the levers that decide how often and how well the strategy trades. Entries: the
 * momentum threshold and the velocity filter (on the simulator charges eat most of the gross, so fewer,
 * stronger entries matter most). Exits: the initial stop and the trail stage's trigger and gap (with
 * trailing on, as in every preset, the take-profit is overridden by the trail, so tpPoints moves little).
 */
export const DEFAULT_OFFLINE_FIELDS = ['momentumTicks', 'momentumMinMovePts', 'slPoints', 'trailTriggerPts', 'trailGapPts'] as const;

/** Every field the offline tuner may search: the defaults and more strategy levers for a wider search. Sizing, risk limits and session hours stay the trader's. */
export const OFFLINE_FIELDS = [
  ...DEFAULT_OFFLINE_FIELDS,
  'tpPoints',
  'breakevenTriggerPts',
  'lockTriggerPts',
  'tightGapPts',
  'underlyingMomentumTicks',
  'candleMomentumTicks',
  'relativeStrengthDiff',
  'noTradeZoneRangePts',
  'regimeRangingBoost',
  'spreadMaxPts',
] as const satisfies readonly ParamName[];
export type OfflineField = (typeof OFFLINE_FIELDS)[number];

/** Moves tried per field, as shares of the current value (of the step limit when the value is 0): ±12.5% and ±25%. */
export const MOVE_SHARES = [0.125, 0.25] as const;

/** A candidate move that breaks a cross-field rule (e.g. a stop wider than the take-profit under the reward/risk guard): skipped. */
export interface SkippedMove {
  readonly overrides: Readonly<Record<string, number>>;
  readonly rule: string;
}

const grainOf = (spec: NumberSpec): number => naturalGrain(spec);

/** `x` on the field's grain, in its shortest form. */
function onGrain(x: number, grain: number): number {
  return roundTo(Math.round(x / grain) * grain, Math.max(decimalsOf(grain), 0));
}

/**
 * The candidates around `base`: index 0 is the set in force (no change); then for each field, in the order
 * given, the value moved down and up by each share, on the field's grain (at least one grain), clipped to
 * its range and to `maxStepFraction` of its range (governance's step limit). Moves equal to the current
 * value or to an earlier move are dropped; moves breaking a cross-field rule are listed as skipped.
 */
export function candidateMoves(base: Params, fields: readonly OfflineField[], maxStepFraction: number): { candidates: SweepCombo[]; skipped: SkippedMove[] } {
  const candidates: SweepCombo[] = [{ index: 0, overrides: {} }];
  const skipped: SkippedMove[] = [];
  for (const field of fields) {
    const spec: NumberSpec = PARAM_SPECS[field];
    const grain = grainOf(spec);
    const limit = maxStepFraction * (spec.max - spec.min);
    const current = base[field];
    const seen = new Set<number>([current]);
    for (const share of MOVE_SHARES) {
      const size = Math.min(Math.max(onGrain((current === 0 ? limit : Math.abs(current)) * share, grain), grain), limit);
      for (const sign of [-1, 1]) {
        // Rounded toward the current value when the grain would carry it past the step limit.
        let value = onGrain(current + sign * size, grain);
        if (Math.abs(value - current) > limit + 1e-9) value = onGrain(current + sign * (size - grain), grain);
        value = Math.min(spec.max, Math.max(spec.min, value));
        if (seen.has(value)) continue;
        seen.add(value);
        const overrides = { [field]: value };
        try {
          withOverrides(base, overrides);
          candidates.push({ index: candidates.length, overrides });
        } catch (e) {
          if (!(e instanceof InvalidParamsError)) throw e;
          skipped.push({ overrides, rule: e.issues.map((i) => `${i.field}: ${i.message}`).join('; ') });
        }
      }
    }
  }
  return { candidates, skipped };
}
