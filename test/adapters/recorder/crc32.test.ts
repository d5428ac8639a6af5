/** CRC-32: the portable table agrees with zlib's native one, including chaining, and with the standard check value. */
import * as zlib from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crc32, crc32Table } from '../../../src/adapters/recorder/crc32.js';

describe('crc32', () => {
  it('gives the standard check value for "123456789"', () => {
    const bytes = new TextEncoder().encode('123456789');
    expect(crc32(bytes)).toBe(0xcbf43926);
    expect(crc32Table(bytes)).toBe(0xcbf43926);
  });

  it('table and native agree on any bytes, also when continued from an earlier CRC', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.uint8Array({ maxLength: 300 }), (a, b) => {
        expect(crc32Table(a)).toBe(zlib.crc32(a));
        expect(crc32Table(b, crc32Table(a))).toBe(zlib.crc32(b, zlib.crc32(a)));
      }),
    );
  });
});
