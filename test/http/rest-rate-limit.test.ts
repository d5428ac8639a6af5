import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restHarness, type RestHarness } from './rest-harness.js';

/** Per-token rate limits on a clock the test moves: 429 with Retry-After past the burst, other tokens unaffected. */
let r: RestHarness;
let clock = 1_000_000;
beforeAll(async () => {
  r = await restHarness({ rateLimit: { perSecond: 2, burst: 3 }, now: () => clock });
});
afterAll(async () => {
  await r.close();
});

describe('rate limits', () => {
  it('answers 429 with Retry-After once a token has spent its burst, and refills with time', async () => {
    for (let i = 0; i < 3; i++) expect((await r.request('GET', '/api/v1/status')).status).toBe(200);
    const limited = await r.request('GET', '/api/v1/status');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect((limited.body.error as { code: string }).code).toBe('RATE_LIMITED');
    // Another token has its own bucket.
    expect((await r.request('GET', '/api/v1/status', { token: r.tokens.agent })).status).toBe(200);
    clock += 500; // one request's worth at 2 per second
    expect((await r.request('GET', '/api/v1/status')).status).toBe(200);
    expect((await r.request('GET', '/api/v1/status')).status).toBe(429);
  });
});
