/** The checks before an order reaches OpenAlgo: analyzer mode read from OpenAlgo (never toggled), and live entries only while armed. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzerModeOn, beforePlaceFor, modeMismatch } from '../../src/adapters/openalgo/openalgo-mode.js';
import { OpenAlgoRest } from '../../src/adapters/openalgo/openalgo-rest.js';
import type { SubmitOrder } from '../../src/core/ports.js';
import { FakeOpenAlgo } from './fake-openalgo.js';

const KEY = 'mode-key-0123456789';
let fake: FakeOpenAlgo;
let rest: OpenAlgoRest;
beforeAll(async () => {
  fake = await FakeOpenAlgo.start({ apiKey: KEY });
  rest = new OpenAlgoRest({ baseUrl: fake.httpUrl, apiKey: KEY });
});
afterAll(() => fake.close());

const order = (purpose: SubmitOrder['purpose']): SubmitOrder => ({ orderId: `o-${purpose}`, instrument: 1, action: purpose === 'EXIT' || purpose === 'PARTIAL_EXIT' ? 'SELL' : 'BUY', purpose, qty: 65, ts: 0 });

describe('OpenAlgo trading modes', () => {
  it('reads analyzer mode and names a mismatch with the mode chosen', async () => {
    fake.analyzeMode = false;
    expect(await analyzerModeOn(rest)).toBe(false);
    expect(await modeMismatch(rest, 'analyzer')).toMatch(/not in analyzer mode/);
    expect(await modeMismatch(rest, 'live')).toBeNull();
    fake.analyzeMode = true;
    expect(await modeMismatch(rest, 'analyzer')).toBeNull();
    expect(await modeMismatch(rest, 'live')).toMatch(/orders would reach its sandbox/);
    expect(fake.requests.every((r) => r.endpoint === 'analyzer')).toBe(true);
  });

  it('live: entries and averages only while armed; exits always', async () => {
    let armed = false;
    const check = beforePlaceFor('live', rest, () => armed);
    expect(await check(order('ENTRY'))).toMatch(/live arming is not in force/);
    expect(await check(order('AVERAGE'))).toMatch(/live arming is not in force/);
    expect(await check(order('EXIT'))).toBeNull();
    expect(await check(order('PARTIAL_EXIT'))).toBeNull();
    armed = true;
    expect(await check(order('ENTRY'))).toBeNull();
  });

  it('analyzer: an order is refused once OpenAlgo has left analyzer mode (looked up again after 5 s at most)', async () => {
    let now = 0;
    fake.analyzeMode = true;
    const check = beforePlaceFor('analyzer', rest, () => false, () => now);
    expect(await check(order('ENTRY'))).toBeNull();
    fake.analyzeMode = false;
    now = 5_000;
    expect(await check(order('EXIT'))).toMatch(/left analyzer mode/);
  });
});
