/** The byte-level parsers agree with the platform: decimals to exact micro-units, ISO-8601 times to epoch ms, US Eastern offsets. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { microAt, microToTicks, wholeAt } from '../../../src/adapters/data/byte-numbers.js';
import { parseIsoAt } from '../../../src/adapters/data/iso-time.js';
import { usEasternOffsetMin } from '../../../src/adapters/data/us-eastern-offset.js';

const bytes = (s: string): Buffer => Buffer.from(s, 'latin1');
const micro = (s: string): number => microAt(bytes(s), 0, s.length);

describe('byte numbers', () => {
  it('reads decimals exactly as micro-units, rounding the 7th decimal half away from zero', () => {
    expect(micro('167.41')).toBe(167_410_000);
    expect(micro('0.05')).toBe(50_000);
    expect(micro('-1.5')).toBe(-1_500_000);
    expect(micro('+3')).toBe(3_000_000);
    expect(micro('.5')).toBe(500_000);
    expect(micro('1.0000005')).toBe(1_000_001);
    expect(micro('1.0000004')).toBe(1_000_000);
    for (const junk of ['', '-', '.', '1e3', '1.2.3', ' 1', 'abc', '12x']) expect(micro(junk), junk).toBeNaN();
  });

  it('property: any decimal with up to 6 places reads back to its exact scaled integer', () => {
    fc.assert(
      fc.property(fc.integer({ min: -9e15, max: 9e15 }), fc.integer({ min: 0, max: 6 }), (scaled, places) => {
        const sign = scaled < 0 ? '-' : '';
        const digits = String(Math.abs(scaled)).padStart(places + 1, '0');
        const text = places === 0 ? `${sign}${digits}` : `${sign}${digits.slice(0, -places)}.${digits.slice(-places)}`;
        const expected = Math.abs(scaled) * 10 ** (6 - places);
        if (expected > 9e15) return;
        expect(micro(text)).toBe(scaled < 0 ? -expected : expected);
      }),
    );
  });

  it('rounds micro-units to a tick half up, exactly', () => {
    expect(microToTicks(micro('0.475'), 5)).toBe(50);
    expect(microToTicks(micro('0.474999'), 5)).toBe(45);
    expect(microToTicks(micro('0.47'), 5)).toBe(45);
    expect(microToTicks(micro('25801.03'), 5)).toBe(2_580_105);
    expect(microToTicks(micro('3766.63'), 1)).toBe(376_663);
    expect(microToTicks(micro('1.005'), 1)).toBe(101);
  });

  it('reads whole numbers, allowing a zero fraction', () => {
    const whole = (s: string): number => wholeAt(bytes(s), 0, s.length);
    expect(whole('1609770600000')).toBe(1_609_770_600_000);
    expect(whole('1609770600000.000')).toBe(1_609_770_600_000);
    expect(whole('1.5')).toBeNaN();
    expect(whole('')).toBeNaN();
    expect(whole('-1')).toBeNaN();
  });
});

describe('ISO-8601 times', () => {
  const parse = (s: string): { ms: number; offsetMin: number } | undefined => {
    const into = { ms: 0, offsetMin: 0 };
    return parseIsoAt(bytes(s), 0, s.length, into) ? into : undefined;
  };

  it('property: agrees with Date.parse for times with Z or an offset, at any millisecond', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_800_000 }), fc.integer({ min: -720, max: 840 }), (ms, off) => {
        const local = new Date(ms + off * 60_000).toISOString().slice(0, 23);
        const sign = off < 0 ? '-' : '+';
        const text = `${local}${sign}${String(Math.floor(Math.abs(off) / 60)).padStart(2, '0')}:${String(Math.abs(off) % 60).padStart(2, '0')}`;
        expect(parse(text)).toEqual({ ms, offsetMin: off });
        expect(parse(`${new Date(ms).toISOString()}`)).toEqual({ ms, offsetMin: 0 });
      }),
    );
  });

  it('reads a space separator, no seconds, no offset (wall time) and refuses impossible dates', () => {
    expect(parse('2021-01-04 09:30')).toEqual({ ms: Date.parse('2021-01-04T09:30:00Z'), offsetMin: Number.NaN });
    expect(parse('2021-01-04T09:30:00.5-0500')?.ms).toBe(Date.parse('2021-01-04T14:30:00.500Z'));
    for (const bad of ['2021-02-29T09:30', '2021-13-01T09:30', '2021-01-04T24:00', '2021-01-04', '2021-01-04T09:30:00+5', '2021-01-04T09:30Zx']) expect(parse(bad), bad).toBeUndefined();
  });
});

describe('US Eastern offset', () => {
  it('follows the 2007 rules and the 1987–2006 rules', () => {
    expect(usEasternOffsetMin('2021-01-04')).toBe(-300);
    expect(usEasternOffsetMin('2013-10-07')).toBe(-240);
    expect(usEasternOffsetMin('2023-06-26')).toBe(-240);
    expect(usEasternOffsetMin('2013-03-08')).toBe(-300);
    expect(usEasternOffsetMin('2013-03-11')).toBe(-240);
    expect(usEasternOffsetMin('2013-11-01')).toBe(-240);
    expect(usEasternOffsetMin('2013-11-04')).toBe(-300);
    expect(usEasternOffsetMin('2005-04-01')).toBe(-300);
    expect(usEasternOffsetMin('2005-04-04')).toBe(-240);
    expect(usEasternOffsetMin('2005-10-28')).toBe(-240);
    expect(usEasternOffsetMin('2005-10-31')).toBe(-300);
  });
});
