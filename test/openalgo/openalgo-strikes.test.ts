/** Strikes from the fake OpenAlgo: the nearest expiry converted to optionsymbol's format, ATM and offset strikes with the broker's lot and tick sizes. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenAlgoRest } from '../../src/adapters/openalgo/openalgo-rest.js';
import { isoOfExpiry, nearestExpiry, optionSymbolExpiry, resolveStrikes } from '../../src/adapters/openalgo/openalgo-strikes.js';
import { FakeOpenAlgo } from './fake-openalgo.js';

const KEY = 'strike-key-0123456789';
let fake: FakeOpenAlgo;
let rest: OpenAlgoRest;
beforeAll(async () => {
  fake = await FakeOpenAlgo.start({ apiKey: KEY });
  rest = new OpenAlgoRest({ baseUrl: fake.httpUrl, apiKey: KEY });
});
afterAll(async () => {
  await fake.close();
});

describe('OpenAlgo strikes', () => {
  it('converts expiry formats for optionsymbol and refuses what is not a date', () => {
    expect(optionSymbolExpiry('06-JAN-26')).toBe('06JAN26');
    expect(optionSymbolExpiry('6-jan-26')).toBe('06JAN26');
    expect(optionSymbolExpiry('28NOV24')).toBe('28NOV24');
    expect(optionSymbolExpiry('2026-01-06')).toBe('06JAN26');
    expect(isoOfExpiry('06JAN26')).toBe('2026-01-06');
    expect(() => optionSymbolExpiry('06-XYZ-26')).toThrow(/expiry: "06-XYZ-26" is not DD-MMM-YY/);
  });

  it('the nearest expiry on or after today, from an unsorted list', async () => {
    expect(await nearestExpiry(rest, 'NIFTY', 'NFO', '2026-01-05')).toBe('06JAN26');
    expect(await nearestExpiry(rest, 'NIFTY', 'NFO', '2026-01-07')).toBe('13JAN26');
    await expect(nearestExpiry(rest, 'NIFTY', 'NFO', '2026-02-01')).rejects.toThrow(/no NIFTY expiry on or after 2026-02-01/);
  });

  it('ATM and offset strikes of both types with the broker’s lot and tick sizes; the request carries DDMMMYY', async () => {
    const strikes = await resolveStrikes(rest, { underlying: 'NIFTY', exchange: 'NSE_INDEX', expiry: '06-JAN-26', offsets: ['ATM', 'ITM1', 'OTM2'] });
    expect(strikes.map((s) => `${s.offset} ${s.optionType} ${s.symbol}`)).toEqual([
      'ATM CE NIFTY06JAN2626000CE',
      'ATM PE NIFTY06JAN2626000PE',
      'ITM1 CE NIFTY06JAN2625950CE',
      'ITM1 PE NIFTY06JAN2626050PE',
      'OTM2 CE NIFTY06JAN2626100CE',
      'OTM2 PE NIFTY06JAN2625900PE',
    ]);
    for (const s of strikes) expect(s).toMatchObject({ exchange: 'NFO', lotSize: 65, tickSize: 5 });
    expect(fake.requests.find((r) => r.endpoint === 'optionsymbol')?.body).toEqual({ apikey: KEY, underlying: 'NIFTY', exchange: 'NSE_INDEX', expiry_date: '06JAN26', offset: 'ATM', option_type: 'CE' });
  });

  it('an answer without a lot size is refused, not guessed', async () => {
    fake.chain = { ...fake.chain, lotsize: 0 };
    await expect(resolveStrikes(rest, { underlying: 'NIFTY', exchange: 'NSE_INDEX', expiry: '06JAN26', offsets: ['ATM'] })).rejects.toThrow(/NIFTY06JAN2626000CE: no lot size in the answer/);
    fake.chain = { ...fake.chain, lotsize: 65 };
  });
});
