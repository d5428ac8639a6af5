/** `scalper doctor`'s OpenAlgo checks against the fake server: not configured, a missing key, both reached, a refused key, nothing listening. */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAlgoChecks } from '../../src/adapters/openalgo/openalgo-probe.js';
import { FakeOpenAlgo } from './fake-openalgo.js';

const KEY = 'probe-key-0123456789';
let fake: FakeOpenAlgo;
beforeAll(async () => {
  fake = await FakeOpenAlgo.start({ apiKey: KEY });
});
afterAll(async () => {
  await fake.close();
});

const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });

describe('doctor: OpenAlgo', () => {
  it('says when nothing is configured, and fails a URL without a key naming the variable', async () => {
    const none = await openAlgoChecks({});
    expect(none.map((c) => [c.check, c.verdict])).toEqual([['OpenAlgo', 'ok']]);
    expect(none[0]!.detail).toMatch(/^not configured/);
    expect(await openAlgoChecks({ OPENALGO_URL: fake.httpUrl })).toEqual([{ check: 'OpenAlgo', verdict: 'fail', detail: 'OPENALGO_API_KEY is not set (OpenAlgo → API Key)' }]);
  });

  it('reaches both with the key', async () => {
    const checks = await openAlgoChecks({ OPENALGO_URL: fake.httpUrl, OPENALGO_WS_URL: fake.wsUrl, OPENALGO_API_KEY: KEY });
    expect(checks.map((c) => [c.check, c.verdict])).toEqual([
      ['OpenAlgo REST', 'ok'],
      ['OpenAlgo market data', 'ok'],
    ]);
    expect(checks[0]!.detail).toMatch(/accepts the key \(broker fake\)/);
  });

  it('a refused key and a server that is not running are said plainly', async () => {
    const refused = await openAlgoChecks({ OPENALGO_URL: fake.httpUrl, OPENALGO_WS_URL: fake.wsUrl, OPENALGO_API_KEY: 'wrong' });
    expect(refused.map((c) => c.verdict)).toEqual(['fail', 'fail']);
    expect(refused[0]!.detail).toMatch(/refused the API key \(403: Invalid openalgo apikey\): check OPENALGO_API_KEY/);
    expect(refused[1]!.detail).toMatch(/refused the key: AUTHENTICATION_ERROR: Invalid API key/);
    const port = await freePort();
    const down = await openAlgoChecks({ OPENALGO_URL: `http://127.0.0.1:${port}`, OPENALGO_WS_URL: `ws://127.0.0.1:${port}`, OPENALGO_API_KEY: KEY });
    expect(down[0]!.detail).toMatch(new RegExp(`OpenAlgo is unreachable at http://127.0.0.1:${port} \\(ECONNREFUSED\\): is it running`));
    expect(down[1]!.detail).toMatch(/market-data WebSocket is unreachable at .*ECONNREFUSED/);
  });
});
