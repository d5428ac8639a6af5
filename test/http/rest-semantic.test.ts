import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restHarness, type RestHarness } from './rest-harness.js';

/** Requests that pass the schemas but name things that do not exist or dates no table covers: each is a 4xx naming the field, never a 500. */
let r: RestHarness;
beforeAll(async () => {
  r = await restHarness({ jobs: true });
});
afterAll(async () => {
  await r.close();
});

const CASES: [string, string, unknown, string][] = [
  ['POST', '/api/v1/backtests', { startDate: '2010-01-04', days: 2 }, 'startDate'],
  ['POST', '/api/v1/backtests', { days: 2, rateCard: 'no-such-card' }, 'rateCard'],
  ['POST', '/api/v1/backtests', { days: 2, underlying: 'NIFTY', lotSize: 7 }, ''],
  ['POST', '/api/v1/backtests', { data: '/nonexistent/file.csv' }, 'data'],
  ['POST', '/api/v1/backtests', { data: 'sim:FOO:7:2026-01-05:5' }, 'data'],
  ['POST', '/api/v1/backtests', { data: 'sim:NIFTY:7:2010-01-05:5' }, 'data'],
  ['POST', '/api/v1/sweeps', { data: 'sim:NIFTY:7:2026-01-05:2', space: { kind: 'grid', axes: { momentumTicks: [1, 2] } } }, 'momentumTicks'],
  ['POST', '/api/v1/experiments', { title: 'old data', hypothesis: 'h', overrides: {}, dataset: 'sim:NIFTY:7:2010-01-05:5' }, 'dataset'],
  ['POST', '/api/v1/experiments', { title: 'no file', hypothesis: 'h', overrides: {}, dataset: '/nonexistent.csv' }, 'dataset'],
  ['GET', '/api/v1/trades?from=2026-13-45', undefined, 'from'],
  ['GET', '/api/v1/analytics?from=yesterday', undefined, 'from'],
];

describe('semantically bad requests', () => {
  for (const [method, path, body, field] of CASES) {
    it(`${method} ${path} ${JSON.stringify(body) ?? ''} → 4xx naming ${field || 'the problem'}`, async () => {
      const res = await r.request(method, path, body === undefined ? {} : { json: body });
      if (field === '') {
        expect(res.status, JSON.stringify(res.body)).toBeLessThan(500);
        return;
      }
      expect(res.status, JSON.stringify(res.body)).toBeGreaterThanOrEqual(400);
      expect(res.status, JSON.stringify(res.body)).toBeLessThan(500);
      const err = res.body.error as { message: string; issues: { field: string }[] };
      expect(`${err.message} ${err.issues.map((i) => i.field).join(' ')}`).toContain(field);
    });
  }
  it('logged no internal error', () => {
    expect(r.internalErrors).toEqual([]);
  });
});
