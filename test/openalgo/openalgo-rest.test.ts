/** OpenAlgo's REST client against the fake server: the key in the body, failures typed (timeout, unreachable, rate limited, refused), numbers as strings, and exits before entries under the order limit. */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenAlgoError, OpenAlgoRest } from '../../src/adapters/openalgo/openalgo-rest.js';
import { RateLane } from '../../src/adapters/openalgo/rate-lane.js';
import { FakeOpenAlgo } from './fake-openalgo.js';

const KEY = 'rest-key-0123456789';
let fake: FakeOpenAlgo;
let rest: OpenAlgoRest;
beforeAll(async () => {
  fake = await FakeOpenAlgo.start({ apiKey: KEY });
  rest = new OpenAlgoRest({ baseUrl: `${fake.httpUrl}/`, apiKey: KEY, timeoutMs: 2_000 });
});
afterAll(async () => {
  await fake.close();
});

const failure = async (p: Promise<unknown>): Promise<OpenAlgoError> => {
  try {
    await p;
  } catch (e) {
    if (e instanceof OpenAlgoError) return e;
    throw e;
  }
  throw new Error('expected a failure');
};

describe('OpenAlgo REST client', () => {
  it('posts JSON with the key in the body and answers the success body; quotes as strings become paise', async () => {
    fake.quotes.set('NFO:NIFTY06JAN2626000CE', { ltp: '120.50', bid: '120.45', ask: 120.55, bid_qty: '650', ask_qty: 325 });
    const [q] = await rest.quotes([{ symbol: 'NIFTY06JAN2626000CE', exchange: 'NFO', mode: 2 }]);
    expect(q).toMatchObject({ ltp: 12050, bid: 12045, ask: 12055, bidQty: 650, askQty: 325 });
    expect(fake.requests.at(-1)).toEqual({ endpoint: 'quotes', body: { apikey: KEY, symbol: 'NIFTY06JAN2626000CE', exchange: 'NFO' } });
  });

  it('types each failure: refused with OpenAlgo’s message, rate limited on 429, timeout, unreachable, an answer that is not JSON', async () => {
    const refused = await failure(new OpenAlgoRest({ baseUrl: fake.httpUrl, apiKey: 'wrong' }).call('quotes', { symbol: 'X', exchange: 'NFO' }));
    expect(refused).toMatchObject({ failure: 'refused', status: 403, message: 'OpenAlgo quotes: 403: Invalid openalgo apikey' });
    fake.scripted.set('placeorder', [{ status: 429, body: { message: '10 per 1 second' } }]);
    expect(await failure(rest.call('placeorder', { symbol: 'X' }))).toMatchObject({ failure: 'rate_limited', status: 429 });
    fake.scripted.set('orderstatus', [{ status: 200, body: { status: 'success' }, delayMs: 1_000 }]);
    const slow = await failure(rest.call('orderstatus', { orderid: '1' }, { timeoutMs: 50 }));
    expect(slow).toMatchObject({ failure: 'timeout', message: 'OpenAlgo orderstatus: no answer within 50 ms' });
    fake.scripted.set('orderbook', [{ status: 200, raw: '<html>maintenance</html>' }]);
    expect(await failure(rest.call('orderbook'))).toMatchObject({ failure: 'bad_answer' });
    fake.scripted.set('positionbook', [{ status: 200, body: { status: 'error', message: 'Session expired' } }]);
    expect(await failure(rest.call('positionbook'))).toMatchObject({ failure: 'refused', message: 'OpenAlgo positionbook: Session expired' });

    const port = await new Promise<number>((resolve) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const down = await failure(new OpenAlgoRest({ baseUrl: `http://127.0.0.1:${port}`, apiKey: KEY }).call('quotes'));
    expect(down).toMatchObject({ failure: 'unreachable' });
    expect(down.message).toMatch(/cannot reach http:\/\/127\.0\.0\.1:\d+: ECONNREFUSED/);
  });
});

describe('the rate lane', () => {
  it('grants at most the limit per window, and a waiting exit goes before waiting entries', async () => {
    const lane = new RateLane(2, 100, Date.now);
    const order: string[] = [];
    const all = [1, 2, 3, 4].map((i) => lane.acquire(1).then(() => order.push(`entry${i}`)));
    await Promise.resolve();
    expect(order).toEqual(['entry1', 'entry2']);
    expect(lane.queued).toBe(2);
    all.push(lane.acquire(0).then(() => order.push('exit')));
    await Promise.all(all);
    expect(order).toEqual(['entry1', 'entry2', 'exit', 'entry3', 'entry4']);
  });
});
