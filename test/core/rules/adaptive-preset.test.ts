import { describe, expect, it } from 'vitest';
import { chooseAdaptivePreset, marketRegime } from '../../../src/core/rules/adaptive-preset.js';
import type { PresetSwitchedEvent } from '../../../src/core/model/events.js';
import { PaperSession } from '../../../src/backtest/run-days.js';
import { PRESET_DATA, presetParams } from '../../../src/core/params/presets.js';
import { paramsVersion } from '../../../src/core/params/params-version.js';
import { withOverrides } from '../../../src/core/params/schema.js';
import { CE, INDEX, at, tick } from '../../fixtures/mini-market.js';
import { world } from '../kernel/harness.js';

describe('chooseAdaptivePreset', () => {
  const base = { consecutiveLosses: 0, winStreak: 0, recent: [] as number[], regime: 'UNKNOWN' as const };
  it('goes defensive on loss streaks', () => {
    expect(chooseAdaptivePreset({ ...base, consecutiveLosses: 3 }).preset).toBe('sniper_quality');
    expect(chooseAdaptivePreset({ ...base, consecutiveLosses: 2 }).preset).toBe('balanced_trader');
  });
  it('goes fast on a win streak in a trend', () => {
    expect(chooseAdaptivePreset({ ...base, winStreak: 4, regime: 'TRENDING' }).preset).toBe('momentum_scalper');
  });
  it('uses the recent win rate over at least five trades', () => {
    expect(chooseAdaptivePreset({ ...base, recent: [1, 1, 1, 1, -1], regime: 'VOLATILE' }).preset).toBe('balanced_trader');
    expect(chooseAdaptivePreset({ ...base, recent: [1, -1, -1, -1, -1] }).preset).toBe('sniper_quality');
    expect(chooseAdaptivePreset({ ...base, recent: [1, 1, 1, 1] }).recentWinRate).toBe(1);
  });
  it('falls back to the regime', () => {
    expect(chooseAdaptivePreset({ ...base, regime: 'TRENDING' }).preset).toBe('sniper_quality');
    expect(chooseAdaptivePreset({ ...base, regime: 'RANGING' }).preset).toBe('momentum_scalper');
    expect(chooseAdaptivePreset({ ...base, regime: 'VOLATILE' }).preset).toBe('balanced_trader');
  });
  it('reads a trend on either side as a market trend', () => {
    expect(marketRegime('RANGING', 'TRENDING')).toBe('TRENDING');
    expect(marketRegime('RANGING', 'VOLATILE')).toBe('VOLATILE');
    expect(marketRegime('UNKNOWN', 'UNKNOWN')).toBe('UNKNOWN');
  });
});

describe('adaptive preset in the kernel', () => {
  it('switches to a concrete preset and applies its values under their real names', () => {
    const s = new PaperSession(presetParams('auto_adaptive'), { ...world, preset: 'auto_adaptive' });
    s.step(tick(at('09:30'), INDEX, 2_600_000));
    s.step(tick(at('09:30', 1), CE, 10_000));
    const switched = s.store.events.filter((e): e is PresetSwitchedEvent => e.kind === 'PresetSwitched');
    expect(switched).toHaveLength(1);
    expect(switched[0]).toMatchObject({ fromPreset: 'auto_adaptive', toPreset: 'balanced_trader', reason: 'regime UNKNOWN' });
    // balanced_trader's candle ticks, entry gap and TP/SL now apply (the original never changed these: flaw §15.14).
    const expected = paramsVersion(withOverrides(presetParams('auto_adaptive'), PRESET_DATA.balanced_trader.overrides));
    expect(switched[0]!.paramsVersion).toBe(expected);
    expect(s.kernel.status().paramsVersion).toBe(expected);
    expect(expected).not.toBe(paramsVersion(presetParams('auto_adaptive')));
    // Nothing switches again inside the 10 s interval.
    s.step(tick(at('09:30', 5), CE, 10_005));
    expect(s.store.events.filter((e) => e.kind === 'PresetSwitched')).toHaveLength(1);
  });
});
