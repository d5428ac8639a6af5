/** The same file and options load to identical columns and dataHash; any byte or tick-shaping option changes the hash. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../../src/adapters/data/load-dataset.js';
import { HAS_SHARED_DATA, SKIP_MESSAGE, SPX_PANEL, SPY_TICKS, et, writeTemp } from './helpers.js';

if (!HAS_SHARED_DATA) console.warn(SKIP_MESSAGE);

const rows = [et('2013-10-07', '09:30', -240, 7), et('2013-10-07', '11:00', -240)].map((t, i) => `${t},SPY,${167.41 + i}`);
const TEXT = `ts_ms,symbol,price\n${rows.join('\n')}\n`;

describe('determinism and dataHash', () => {
  it('loading twice gives identical columns and hash; the hash is hex SHA-256', () => {
    const path = writeTemp('spy.csv', TEXT);
    const a = loadDataset(path, { syntheticOptions: { iv: 0.15 } });
    const b = loadDataset(path, { syntheticOptions: { iv: 0.15 } });
    expect(b.days).toEqual(a.days);
    expect(b.dataHash).toBe(a.dataHash);
    expect(a.dataHash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.dataHash).not.toBe(createHash('sha256').update(readFileSync(path)).digest('hex'));
  });

  it('a different option or a different byte changes the hash', () => {
    const path = writeTemp('spy.csv', TEXT);
    const base = loadDataset(path, { syntheticOptions: { iv: 0.15 } }).dataHash;
    expect(loadDataset(path, { syntheticOptions: { iv: 0.16 } }).dataHash).not.toBe(base);
    expect(loadDataset(path, { syntheticOptions: { iv: 0.15, strikesEachSide: 2 } }).dataHash).not.toBe(base);
    expect(loadDataset(path, { syntheticOptions: { iv: 0.15 }, utcOffsetMin: -240 }).dataHash).not.toBe(base);
    const other = writeTemp('spy.csv', TEXT.replace('167.41', '167.42'));
    expect(loadDataset(other, { syntheticOptions: { iv: 0.15 } }).dataHash).not.toBe(base);
  });

  it('the option object\'s key order does not matter', () => {
    const path = writeTemp('spy.csv', TEXT);
    const a = loadDataset(path, { syntheticOptions: { iv: 0.15, rate: 0.01 }, utcOffsetMin: -240 });
    const b = loadDataset(path, { utcOffsetMin: -240, syntheticOptions: { rate: 0.01, iv: 0.15 } });
    expect(b.dataHash).toBe(a.dataHash);
  });

  it.skipIf(!HAS_SHARED_DATA)('the real panel and SPY ticks load identically twice (real data)', () => {
    for (const [path, options] of [[SPX_PANEL, {}], [SPY_TICKS, { syntheticOptions: { iv: 0.15 } }]] as const) {
      const a = loadDataset(path, options);
      const b = loadDataset(path, options);
      expect(b.dataHash).toBe(a.dataHash);
      expect(b.days).toEqual(a.days);
    }
  });
});
