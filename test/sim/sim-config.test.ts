/** config/instruments.json and parseSimConfig: the shipped file parses, and every bad edit names its field and rule. */
import { describe, expect, it } from 'vitest';
import { findUnderlying, parseSimConfig } from '../../src/sim/market/sim-config.js';
import { toMarketSpec } from '../../src/sim/market/market-spec.js';
import { loadConfig, rawConfig } from './helpers.js';

/** A deep copy of the project's config with one edit applied. */
function edited(edit: (c: { underlyings: Record<string, unknown>[] } & Record<string, unknown>) => void): unknown {
  const copy = structuredClone(rawConfig()) as { underlyings: Record<string, unknown>[] } & Record<string, unknown>;
  edit(copy);
  return copy;
}

describe('config/instruments.json', () => {
  it('parses and describes NIFTY and SENSEX', () => {
    const config = loadConfig();
    const nifty = findUnderlying(config, 'NIFTY');
    expect(nifty).toMatchObject({ exchange: 'NSE', optionExchange: 'NFO', utcOffsetMin: 330, lotSize: 65, strikeStep: 50, expiryWeekday: 2 });
    const sensex = findUnderlying(config, 'SENSEX');
    expect(sensex).toMatchObject({ exchange: 'BSE', optionExchange: 'BFO', utcOffsetMin: 330, lotSize: 20, strikeStep: 100, expiryWeekday: 4 });
    expect(nifty.source).toMatch(/verify/i);
  });

  it('converts major units to paise for the simulator', () => {
    const spec = toMarketSpec(findUnderlying(loadConfig(), 'NIFTY'));
    expect(spec).toMatchObject({ indexTick: 5, optionTick: 5, strikeStep: 5000, startPrice: 2_580_000, openMinute: 555, closeMinute: 930 });
    expect(spec.sessionMs).toBe(375 * 60_000);
  });

  it('fills riskFreeRate with its default when absent', () => {
    const config = parseSimConfig(
      edited((c) => {
        delete (c.underlyings[0]!.sim as Record<string, unknown>).riskFreeRate;
      }),
    );
    expect(config.underlyings[0]!.sim.riskFreeRate).toBe(0.065);
  });
});

describe('parseSimConfig errors name the field and the rule', () => {
  const cases: [string, (c: { underlyings: Record<string, unknown>[] } & Record<string, unknown>) => void, RegExp][] = [
    ['negative lot size', (c) => (c.underlyings[0]!.lotSize = -5), /underlyings\[0\]\.lotSize: .*>0/],
    ['fractional lot size', (c) => (c.underlyings[1]!.lotSize = 2.5), /underlyings\[1\]\.lotSize: .*int/i],
    ['string price', (c) => ((c.underlyings[0]!.sim as Record<string, unknown>).startPrice = '25800'), /underlyings\[0\]\.sim\.startPrice: .*number/],
    ['tick finer than a paisa', (c) => (c.underlyings[0]!.optionTickSize = 0.001), /underlyings\[0\]\.optionTickSize: must be a whole number of paise/],
    ['bad session time', (c) => ((c.underlyings[0]!.session as Record<string, unknown>).open = '9:15'), /underlyings\[0\]\.session\.open: must be HH:MM/],
    ['close before open', (c) => ((c.underlyings[0]!.session as Record<string, unknown>).close = '09:00'), /underlyings\[0\]\.session\.close: must be after session\.open/],
    ['weekend expiry', (c) => (c.underlyings[0]!.expiryWeekday = 6), /underlyings\[0\]\.expiryWeekday: .*<=5/],
    ['unknown key (typo)', (c) => (c.underlyings[0]!.lotsize = 65), /underlyings\[0\]: .*lotsize/],
    ['missing field', (c) => delete c.underlyings[0]!.strikeStep, /underlyings\[0\]\.strikeStep: .*number/],
    ['duplicate symbol', (c) => (c.underlyings[1]!.symbol = 'NIFTY'), /underlyings\[1\]\.symbol: duplicate symbol NIFTY/],
    ['wrong version', (c) => (c.version = 2), /version: /],
  ];
  for (const [name, edit, message] of cases) {
    it(name, () => {
      expect(() => parseSimConfig(edited(edit))).toThrow(message);
    });
  }

  it('rejects a non-object at the root', () => {
    expect(() => parseSimConfig(null)).toThrow(/\(root\)/);
  });

  it('findUnderlying lists the known symbols', () => {
    expect(() => findUnderlying(loadConfig(), 'BANKNIFTY')).toThrow(/NIFTY, SENSEX/);
  });
});
