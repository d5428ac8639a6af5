import { describe, expect, it } from 'vitest';
import { PARAM_SPECS, type ParamName } from '../../../src/core/params/param-spec.js';
import { DEFAULT_PARAMS, InvalidParamsError, parseParams, withOverrides } from '../../../src/core/params/schema.js';
import { PRESET_DATA, PRESET_NAMES, presetParams } from '../../../src/core/params/presets.js';
import { paramsVersion } from '../../../src/core/params/params-version.js';

function issuesOf(fn: () => unknown): { field: string; message: string }[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof InvalidParamsError) return [...e.issues];
    throw e;
  }
  throw new Error('expected InvalidParamsError');
}

describe('parameter table', () => {
  it('gives every parameter a default inside its range, a unit and a one-line description', () => {
    for (const [name, spec] of Object.entries(PARAM_SPECS)) {
      expect(spec.doc.length, name).toBeGreaterThan(10);
      expect(spec.doc.includes('\n'), name).toBe(false);
      if (spec.type === 'number' || spec.type === 'int') {
        expect(spec.default, name).toBeGreaterThanOrEqual(spec.min);
        expect(spec.default, name).toBeLessThanOrEqual(spec.max);
      }
    }
  });

  it('the defaults form a valid set', () => {
    expect(parseParams({})).toEqual(DEFAULT_PARAMS);
    expect(DEFAULT_PARAMS.momentumTicks).toBe(6);
    expect(DEFAULT_PARAMS.perTradeMaxLoss).toBe(2000);
  });
});

describe('validation', () => {
  it('rejects out-of-range values naming the field and the rule, never clamping', () => {
    const issues = issuesOf(() => withOverrides(DEFAULT_PARAMS, { momentumTicks: 40 }));
    expect(issues).toEqual([{ field: 'momentumTicks', message: 'must be at most 20 ticks' }]);
  });

  it('rejects wrong types and non-integers', () => {
    const issues = issuesOf(() => parseParams({ momentumTicks: 2.5, avgEnabled: 'yes', tradeMode: 'BOTH', entryStart: '9:20' }));
    const fields = issues.map((i) => i.field).sort();
    expect(fields).toEqual(['avgEnabled', 'entryStart', 'momentumTicks', 'tradeMode']);
    expect(issues.find((i) => i.field === 'tradeMode')?.message).toBe('must be one of AUTO, CE, PE');
  });

  it('rejects unknown parameters by name', () => {
    const issues = issuesOf(() => withOverrides(DEFAULT_PARAMS, { tpPoints: 9, takeProfit: 3 }));
    expect(issues[0]?.message).toContain('takeProfit');
  });

  it('applies the cross-field rules', () => {
    const rule = (o: Record<string, unknown>): string[] => issuesOf(() => withOverrides(DEFAULT_PARAMS, o)).map((i) => i.field);
    expect(rule({ tpPoints: 3, slPoints: 5 })).toEqual(['tpPoints']);
    expect(withOverrides(DEFAULT_PARAMS, { tpPoints: 3, slPoints: 5, rrGuardEnabled: false }).tpPoints).toBe(3);
    expect(rule({ indexRsiBull: 50, indexRsiBear: 50 })).toEqual(['indexRsiBull']);
    expect(rule({ trailTriggerPts: 7 })).toEqual(['tightTriggerPts']);
    expect(rule({ lockTriggerPts: 4.5 })).toEqual(['trailTriggerPts']);
    expect(rule({ breakevenTriggerPts: 3 })).toEqual(['breakevenTriggerPts']);
    expect(rule({ profitLockPts: 2, profitLockRs: 100 })).toEqual(['profitLockRs']);
    expect(rule({ entryStart: '15:15' })).toEqual(['entryEnd']);
    expect(rule({ entryLots: 4 })).toEqual(['maxLotsPerStrike']);
  });
});

describe('presets', () => {
  it('has the original eight, each passing the schema', () => {
    expect(PRESET_NAMES).toEqual([
      'sensex_expiry',
      'sensex_normal',
      'nifty_expiry',
      'nifty_normal',
      'sniper_quality',
      'momentum_scalper',
      'balanced_trader',
      'auto_adaptive',
    ]);
    for (const name of PRESET_NAMES) expect(() => presetParams(name)).not.toThrow();
  });

  it('keeps the original table values under the new names', () => {
    const sniper = presetParams('sniper_quality');
    expect(sniper.momentumTicks).toBe(10);
    expect(sniper.minEntryGapMs).toBe(180_000);
    expect(sniper.regimeTradingMode).toBe('trending_only');
    expect(sniper.consecutiveLossBreaker).toBe(2);
    const nifty = presetParams('nifty_normal');
    // Ladder for nifty_normal (reference §4.3): lock at +2 → entry+0.5; trail at +3.5 → price−2.5; tight at +5 → price−1.5.
    expect([nifty.lockTriggerPts, nifty.lockOffsetPts, nifty.trailTriggerPts, nifty.trailGapPts, nifty.tightTriggerPts, nifty.tightGapPts]).toEqual([
      2, 0.5, 3.5, 2.5, 5, 1.5,
    ]);
    expect(presetParams('momentum_scalper').breakevenTriggerPts).toBe(1);
  });

  it('is independent of the order presets are applied in', () => {
    const a = presetParams('nifty_normal');
    presetParams('sniper_quality');
    expect(presetParams('nifty_normal')).toEqual(a);
    // Every preset sets the same fields, so none inherits a value from whichever preset came before.
    const common = Object.keys(PRESET_DATA.nifty_normal.overrides).sort();
    for (const name of PRESET_NAMES) {
      expect(Object.keys(PRESET_DATA[name].overrides).filter((k) => k !== 'spreadMaxPts').sort(), name).toEqual(common);
    }
  });
});

describe('parameter version', () => {
  it('is stable for equal sets and differs when any value changes', () => {
    expect(paramsVersion(DEFAULT_PARAMS)).toBe(paramsVersion(parseParams({})));
    expect(paramsVersion(DEFAULT_PARAMS)).toMatch(/^p-[0-9a-f]{16}$/);
    const seen = new Set<string>([paramsVersion(DEFAULT_PARAMS)]);
    for (const name of Object.keys(PARAM_SPECS) as ParamName[]) {
      const spec = PARAM_SPECS[name];
      let changed: unknown;
      if (spec.type === 'bool') changed = !spec.default;
      else if (spec.type === 'enum') changed = spec.values.find((v) => v !== spec.default);
      else if (spec.type === 'time') continue;
      else if (spec.type === 'weekdays') changed = ['MON'];
      else changed = spec.default === spec.max ? spec.min : spec.type === 'int' ? spec.default + 1 : Math.min(spec.max, spec.default + 0.05);
      let p;
      try {
        p = withOverrides(DEFAULT_PARAMS, { [name]: changed });
      } catch {
        continue; // a single change may break a cross-field rule; that is tested above
      }
      seen.add(paramsVersion(p));
    }
    expect(seen.size).toBeGreaterThan(80);
  });

  it('does not depend on key order', () => {
    const reversed = Object.fromEntries(Object.entries(DEFAULT_PARAMS).reverse());
    expect(paramsVersion(parseParams(reversed))).toBe(paramsVersion(DEFAULT_PARAMS));
  });
});
