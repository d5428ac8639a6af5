import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { DataReceiver } from '../../src/adapters/queue/dataset-transfer.js';

/** A manifest read from Redis names the files a worker writes into its cache: nothing outside it is written. */
describe('DataReceiver', () => {
  it('refuses a manifest whose names would leave the cache, before reading anything', async () => {
    const untouchable = new Proxy({}, { get: () => () => Promise.reject(new Error('Redis was read')) }) as unknown as Redis;
    const receiver = new DataReceiver(untouchable, '/nonexistent-cache');
    const hash = 'a'.repeat(64);
    for (const bad of [
      { hash, name: '..', dir: true, files: [] },
      { hash, name: 'ok', dir: true, files: [{ name: '../../etc/passwd', sha256: hash, size: 1 }] },
      { hash, name: 'ok.csv', dir: false, files: [{ name: 'a/b', sha256: hash, size: 1 }] },
      { hash: '../x', name: 'ok.csv', dir: false, files: [] },
    ]) {
      await expect(receiver.localPath('/no/such/path', bad)).rejects.toThrow(/outside the cache/);
    }
  });
});
