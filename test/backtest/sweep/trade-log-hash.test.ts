/** The trade-log hash: the number-limb FNV-1a 64 equals fnv1a64, and the canonical log ignores key order but not values. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ClosedTrade } from '../../../src/core/model/events.js';
import { fnv1a64 } from '../../../src/core/params/params-version.js';
import { Fnv1a64 } from '../../../src/backtest/sweep/fnv-hasher.js';
import { canonicalTradeLog, tradeLogHash } from '../../../src/backtest/sweep/trade-log-hash.js';

const trade: ClosedTrade = {
  id: 't-1',
  side: 'CE',
  symbol: 'NIFTY26JAN06C26000',
  instrument: 7,
  qty: 130,
  entryTs: 1_767_584_100_000,
  entryPrice: 10_012.5,
  exitTs: 1_767_584_160_000,
  exitPrice: 10_420,
  grossPnl: 52_975,
  charges: 8_123,
  netPnl: 44_852,
  exitReason: 'trail_stop',
  fills: [
    { ts: 1_767_584_100_000, action: 'BUY', qty: 65, price: 10_000, charges: 2_000, purpose: 'ENTRY' },
    { ts: 1_767_584_130_000, action: 'BUY', qty: 65, price: 10_025, charges: 2_001, purpose: 'AVERAGE' },
    { ts: 1_767_584_160_000, action: 'SELL', qty: 130, price: 10_420, charges: 4_122, purpose: 'EXIT' },
  ],
};

describe('Fnv1a64', () => {
  it('matches fnv1a64 on known inputs', () => {
    expect(new Fnv1a64().digest()).toBe(fnv1a64(''));
    expect(new Fnv1a64().update('a').digest()).toBe('af63dc4c8601ec8c');
    expect(new Fnv1a64().update('foobar').digest()).toBe(fnv1a64('foobar'));
  });

  it('equals fnv1a64 on any text, however it is split (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 50 }), (a, b) => {
        expect(new Fnv1a64().update(a).update(b).digest()).toBe(fnv1a64(a + b));
      }),
    );
  });
});

describe('tradeLogHash', () => {
  it('is fnv1a64 of the canonical log, one line per trade with fills', () => {
    const log = canonicalTradeLog([trade, { ...trade, id: 't-2' }]);
    expect(log.split('\n')).toHaveLength(3);
    expect(log.startsWith('["t-1","CE","NIFTY26JAN06C26000",7,130,1767584100000,10012.5,')).toBe(true);
    expect(log).toContain('[1767584130000,"BUY",65,10025,2001,"AVERAGE"]');
    expect(tradeLogHash([trade, { ...trade, id: 't-2' }])).toBe(fnv1a64(log));
    expect(tradeLogHash([])).toBe(fnv1a64(''));
  });

  it('ignores the key order of the trade objects', () => {
    const reordered = Object.fromEntries(Object.entries(trade).reverse()) as unknown as ClosedTrade;
    expect(tradeLogHash([reordered])).toBe(tradeLogHash([trade]));
  });

  it('changes with any fill, any trade field and the trade order', () => {
    const h = tradeLogHash([trade, { ...trade, id: 't-2' }]);
    const fills = trade.fills.map((f, i) => (i === 1 ? { ...f, price: f.price + 1e-9 } : f));
    expect(tradeLogHash([{ ...trade, fills }, { ...trade, id: 't-2' }])).not.toBe(h);
    expect(tradeLogHash([{ ...trade, charges: trade.charges + 1 }, { ...trade, id: 't-2' }])).not.toBe(h);
    expect(tradeLogHash([{ ...trade, id: 't-2' }, trade])).not.toBe(h);
  });
});
