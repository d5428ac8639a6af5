/** parseDatasetFlags: CLI strings to DatasetOptions; errors name the flag and the key. */
import { describe, expect, it } from 'vitest';
import { parseDatasetFlags } from '../../../src/adapters/data/dataset-flags.js';
import { expectDataError } from './helpers.js';

describe('parseDatasetFlags', () => {
  it('parses every flag', () => {
    expect(
      parseDatasetFlags({
        columns: 'underlying=spx_close, ceBid=ce_bid,ceAsk=ce_ask,ceLast=ce_ltp_ffill,peBid=pe_bid,peAsk=pe_ask,peLast=pe_ltp_ffill',
        strike: '3700',
        expiry: '0dte',
        lotSize: '100',
        utcOffsetMin: '-300',
        symbol: 'spx',
      }),
    ).toEqual({
      columns: { underlying: 'spx_close', ceBid: 'ce_bid', ceAsk: 'ce_ask', ceLast: 'ce_ltp_ffill', peBid: 'pe_bid', peAsk: 'pe_ask', peLast: 'pe_ltp_ffill' },
      strike: 3700,
      expiry: '0dte',
      lotSize: 100,
      utcOffsetMin: -300,
      symbol: 'SPX',
    });
    expect(parseDatasetFlags({ syntheticOptions: 'iv=0.15,strikeStep=1,strikesEachSide=4,expiry=weekly,lotSize=50,optionTick=0.05,rate=0.05' })).toEqual({
      syntheticOptions: { iv: 0.15, strikeStep: 1, strikesEachSide: 4, expiry: 'weekly', lotSize: 50, optionTick: 0.05, rate: 0.05 },
    });
    expect(parseDatasetFlags({})).toEqual({});
  });

  it('errors name the flag and the key', () => {
    expectDataError(() => parseDatasetFlags({ columns: 'underlying=spx_close,cebid=x' }), '--columns: unknown key "cebid"; the keys are ts, underlying, ceBid, ceAsk, ceLast, peBid, peAsk, peLast');
    expectDataError(() => parseDatasetFlags({ columns: 'underlying' }), '--columns: "underlying" must be key=value (e.g. underlying=spx_close)');
    expectDataError(() => parseDatasetFlags({ columns: 'underlying=a,underlying=b' }), '--columns: key "underlying" is given twice');
    expectDataError(() => parseDatasetFlags({ syntheticOptions: 'vol=0.15' }), '--synthetic-options: unknown key "vol"; the keys are iv, strikeStep');
    expectDataError(() => parseDatasetFlags({ syntheticOptions: 'strikeStep=1' }), '--synthetic-options: iv is required');
    expectDataError(() => parseDatasetFlags({ syntheticOptions: 'iv=abc' }), '--synthetic-options iv: must be a number, got "abc"');
    expectDataError(() => parseDatasetFlags({ syntheticOptions: 'iv=0.15,expiry=monthly' }), `--synthetic-options expiry: must be '0dte' or 'weekly', got "monthly"`);
    expectDataError(() => parseDatasetFlags({ syntheticOptions: 'iv=0.15,strikesEachSide=2.5' }), '--synthetic-options strikesEachSide: must be a whole number, got "2.5"');
    expectDataError(() => parseDatasetFlags({ syntheticOptions: 'iv=0.15,optionTick=0.001' }), '--synthetic-options optionTick: must be a price > 0 with at most 2 decimals');
    expectDataError(() => parseDatasetFlags({ strike: 'x' }), '--strike: must be a number, got "x"');
    expectDataError(() => parseDatasetFlags({ expiry: '2021-02-30' }), `--expiry: must be '0dte', 'weekly' or a date YYYY-MM-DD, got "2021-02-30"`);
    expectDataError(() => parseDatasetFlags({ expiry: 'weekly' }), "--expiry: 'weekly' applies to synthetic options only");
    expectDataError(() => parseDatasetFlags({ lotSize: '0' }), '--lot-size: must be a whole number in 1..1000000, got 0');
    expectDataError(() => parseDatasetFlags({ utcOffsetMin: '-1000' }), '--utc-offset-min: must be whole minutes in -720..840');
    expectDataError(() => parseDatasetFlags({ lotSize: '75', syntheticOptions: 'iv=0.1,lotSize=50' }), '--lot-size: 75 contradicts --synthetic-options lotSize 50; give one');
  });
});
