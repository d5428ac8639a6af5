/** Rate-card schema: valid cards compile to exact rationals; bad cards are rejected with the field named. */
import { describe, expect, it } from 'vitest';
import { compileRateCard, decimalToRational, InvalidRateCardError, parseRateCard } from '../../../src/core/charges/rate-card.js';

const good = {
  id: 'test-card',
  exchange: 'NSE',
  effectiveFrom: '2024-10-01',
  source: 'unit test',
  brokeragePerOrder: '20',
  sttSellPct: '0.1',
  exchangeTxnPct: '0.03503',
  sebiPerCrore: '10',
  stampBuyPct: '0.003',
  gstPct: '18',
  gstOn: ['brokerage', 'exchange', 'sebi'],
};

const with_ = (patch: Record<string, unknown>): Record<string, unknown> => ({ ...good, ...patch });
const without = (key: string): Record<string, unknown> => Object.fromEntries(Object.entries(good).filter(([k]) => k !== key));

function rejection(json: unknown): string {
  try {
    parseRateCard(json);
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidRateCardError);
    return (err as Error).message;
  }
  throw new Error('expected the card to be rejected');
}

describe('decimalToRational', () => {
  it('is exact and strips trailing zeros', () => {
    expect(decimalToRational('0.03503')).toEqual({ num: 3503, den: 100_000 });
    expect(decimalToRational('0.100')).toEqual({ num: 1, den: 10 });
    expect(decimalToRational('20')).toEqual({ num: 20, den: 1 });
    expect(decimalToRational('0')).toEqual({ num: 0, den: 1 });
    expect(decimalToRational('12.5')).toEqual({ num: 125, den: 10 });
  });

  it('rejects what is not a plain decimal', () => {
    for (const s of ['-1', '1e-3', '.5', '1.', ' 1', '01', '0.123456789']) expect(() => decimalToRational(s)).toThrow(RangeError);
  });
});

describe('parseRateCard / compileRateCard', () => {
  it('accepts a valid card and compiles rates to fractions of turnover', () => {
    const c = compileRateCard(parseRateCard(good));
    expect(c.brokerageFlat).toBe(2000);
    expect(c.brokerageRate).toBeNull();
    expect(c.sttSell).toEqual({ num: 1, den: 1000 }); // 0.1% = 1/1000
    expect(c.exchangeTxn).toEqual({ num: 3503, den: 10_000_000 }); // 0.03503% = 3503/10^7
    expect(c.sebi).toEqual({ num: 1, den: 1_000_000 }); // ₹10 per ₹10^7 = 1/10^6
    expect(c.stampBuy).toEqual({ num: 3, den: 100_000 }); // 0.003% = 3/10^5
    expect(c.gst).toEqual({ num: 18, den: 100 });
    expect([...c.gstOn]).toEqual(['brokerage', 'exchange', 'sebi']);
  });

  it('names a bad decimal and the rule', () => {
    expect(rejection(with_({ sttSellPct: '0.1%' }))).toMatch(/sttSellPct: must be a decimal string/);
    expect(rejection(with_({ exchangeTxnPct: '-0.03' }))).toMatch(/exchangeTxnPct: must be a decimal string/);
    expect(rejection(with_({ gstPct: '1e1' }))).toMatch(/gstPct: must be a decimal string/);
  });

  it('refuses a number where an exact decimal string is required', () => {
    expect(rejection(with_({ stampBuyPct: 0.003 }))).toMatch(/stampBuyPct: must be a decimal string.*stay exact/);
  });

  it('names a missing field', () => {
    expect(rejection(without('sebiPerCrore'))).toMatch(/sebiPerCrore: is required/);
    expect(rejection(without('exchange'))).toMatch(/exchange: is required/);
  });

  it('names an unknown key', () => {
    expect(rejection(with_({ sttSellPercent: '0.1' }))).toMatch(/sttSellPercent: unknown field/);
  });

  it('enforces ranges and formats', () => {
    expect(rejection(with_({ gstPct: '180' }))).toMatch(/gstPct: must be at most 100/);
    expect(rejection(with_({ brokeragePerOrder: '20.005' }))).toMatch(/brokeragePerOrder: must be whole paise/);
    expect(rejection(with_({ effectiveFrom: '2024-02-30' }))).toMatch(/effectiveFrom: must be a calendar date/);
    expect(rejection(with_({ exchange: 'NFO' }))).toMatch(/exchange: must be one of NSE, BSE, ANY/);
    expect(rejection(with_({ id: 'Bad Id' }))).toMatch(/id: must be lower-case kebab-case/);
    expect(rejection(with_({ gstOn: ['brokerage', 'stt'] }))).toMatch(/gstOn\.1: must be one of brokerage, exchange, sebi/);
    expect(rejection(with_({ gstOn: ['sebi', 'sebi'] }))).toMatch(/gstOn: must not list a component twice/);
    expect(rejection(with_({ source: '' }))).toMatch(/source: must not be empty/);
    expect(rejection('not an object')).toMatch(/\(card\)/);
  });

  it('compiles the optional IPF levy and sell-side stamp duty, 0 when absent', () => {
    const c = compileRateCard(parseRateCard(with_({ ipftPerCrore: '50', stampSellPct: '0.002', gstOn: ['brokerage', 'ipft'] })));
    expect(c.ipft).toEqual({ num: 5, den: 1_000_000 }); // ₹50 per ₹10^7 = 5/10^6
    expect(c.stampSell).toEqual({ num: 2, den: 100_000 }); // 0.002% = 2/10^5
    expect([...c.gstOn]).toEqual(['brokerage', 'ipft']);
    const plain = compileRateCard(parseRateCard(good));
    expect(plain.ipft).toEqual({ num: 0, den: 1 });
    expect(plain.stampSell).toEqual({ num: 0, den: 1 });
  });

  it('checks the optional fields strictly', () => {
    expect(rejection(with_({ ipftPerCrore: 50 }))).toMatch(/ipftPerCrore: must be a decimal string/);
    expect(rejection(with_({ stampSellPct: '101' }))).toMatch(/stampSellPct: must be at most 100/);
    expect(rejection(with_({ gstOn: ['brokerage', 'ipft'] }))).toMatch(/gstOn: lists ipft but the card has no ipftPerCrore/);
  });

  it('accepts a list of unconfirmed rates, each naming a rate field and saying why', () => {
    const card = parseRateCard(with_({ unconfirmed: [{ field: 'sebiPerCrore', note: 'date of the change not found' }] }));
    expect(card.unconfirmed).toEqual([{ field: 'sebiPerCrore', note: 'date of the change not found' }]);
    expect(rejection(with_({ unconfirmed: [{ field: 'source', note: 'x' }] }))).toMatch(/unconfirmed\.0\.field: must be one of brokeragePerOrder, /);
    expect(rejection(with_({ unconfirmed: [{ field: 'gstPct', note: '' }] }))).toMatch(/unconfirmed\.0\.note: must not be empty/);
    expect(rejection(with_({ unconfirmed: [{ field: 'gstPct' }] }))).toMatch(/unconfirmed\.0\.note: is required/);
    expect(rejection(with_({ unconfirmed: [{ field: 'gstPct', note: 'a', why: 'b' }] }))).toMatch(/unconfirmed\.0\.why: unknown field/);
    expect(rejection(with_({ unconfirmed: ['gstPct'] }))).toMatch(/unconfirmed\.0: must be an object \{ field, note \}/);
    expect(
      rejection(with_({ unconfirmed: [{ field: 'gstPct', note: 'a' }, { field: 'gstPct', note: 'b' }] })),
    ).toMatch(/unconfirmed: must not list a field twice/);
  });

  it('rejects a rate too precise for exact charges on ₹10 crore', () => {
    expect(() => compileRateCard(parseRateCard(with_({ exchangeTxnPct: '0.12345678' })))).toThrow(/exchangeTxnPct: has too many significant digits/);
  });
});
