import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ceilToTick, divRoundHalfUp, floorToTick, formatMajor, toMajor, toMinor } from '../../../src/core/model/money.js';

describe('money', () => {
  it('converts major to minor units, rounding half away from zero without binary noise', () => {
    expect(toMinor(0.05)).toBe(5);
    expect(toMinor(1.005)).toBe(101);
    expect(toMinor(-1.005)).toBe(-101);
    expect(toMinor(123.45)).toBe(12_345);
    expect(toMinor(0)).toBe(0);
    expect(() => toMinor(Number.NaN)).toThrow(RangeError);
  });

  it('round-trips every 2-decimal amount (property)', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), (n) => {
        const minor = n % 1e13; // up to ₹100 billion
        expect(toMinor(toMajor(minor))).toBe(minor);
      }),
    );
  });

  it('formats with exactly two decimals', () => {
    expect(formatMajor(-1234)).toBe('-12.34');
    expect(formatMajor(5)).toBe('0.05');
    expect(formatMajor(100)).toBe('1.00');
  });

  it('divides rounding half up', () => {
    expect(divRoundHalfUp(15, 10)).toBe(2);
    expect(divRoundHalfUp(14, 10)).toBe(1);
    expect(divRoundHalfUp(0, 7)).toBe(0);
    expect(() => divRoundHalfUp(-1, 2)).toThrow(RangeError);
  });

  it('rounds prices to the tick', () => {
    expect(floorToTick(10_007, 5)).toBe(10_005);
    expect(ceilToTick(10_001, 5)).toBe(10_005);
    expect(floorToTick(10_005, 5)).toBe(10_005);
  });
});
