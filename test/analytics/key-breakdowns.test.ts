/** Breakdowns by side, exit reason, regime, preset and underlying: grouping, row figures and orderings. */
import { describe, expect, it } from 'vitest';
import { byExitReason, byPreset, byRegime, bySide, byUnderlying, NO_PRESET_KEY } from '../../src/analytics/key-breakdowns.js';
import { trade } from './records.js';

describe('key breakdowns', () => {
  it('by side: CE then PE, with the row figures', () => {
    // PE: +300 (ch 20), −100 (ch 20) → 2 trades, 1 win, net 200, gross 240, charges 40, avg 100.
    // CE: 0 (ch 5) → 1 trade, 0 wins (break-even is not a win), net 0, gross 5.
    const book = [
      trade({ tradeId: 'a', side: 'PE', net: 300, charges: 20 }),
      trade({ tradeId: 'b', side: 'CE', net: 0, charges: 5 }),
      trade({ tradeId: 'c', side: 'PE', net: -100, charges: 20 }),
    ];
    expect(bySide(book)).toEqual([
      { key: 'CE', trades: 1, wins: 0, winRate: 0, netPnl: 0, grossPnl: 5, charges: 5, avgNetPnl: 0 },
      { key: 'PE', trades: 2, wins: 1, winRate: 0.5, netPnl: 200, grossPnl: 240, charges: 40, avgNetPnl: 100 },
    ]);
  });

  it('by exit reason: trades descending, ties by key', () => {
    const reasons = ['stop_loss', 'trail_stop', 'take_profit', 'stop_loss', 'take_profit', 'kill', 'stop_loss'];
    const rows = byExitReason(reasons.map((exitReason, i) => trade({ tradeId: `t${i}`, exitReason, net: i })));
    expect(rows.map((r) => [r.key, r.trades])).toEqual([
      ['stop_loss', 3],
      ['take_profit', 2],
      ['kill', 1],
      ['trail_stop', 1],
    ]);
    // stop_loss: trades 0, 3, 6 → net 9, wins 2 (net 0 is a loss), avg 3.
    expect(rows[0]).toMatchObject({ netPnl: 9, wins: 2, avgNetPnl: 3 });
  });

  it('by regime, preset (null as "(none)") and underlying', () => {
    const book = [
      trade({ tradeId: 'a', regime: 'RANGING', preset: null, underlying: 'SENSEX', net: 10 }),
      trade({ tradeId: 'b', regime: 'TRENDING', preset: 'nifty_normal', underlying: 'NIFTY', net: 20 }),
      trade({ tradeId: 'c', regime: 'RANGING', preset: null, underlying: 'NIFTY', net: 30 }),
    ];
    expect(byRegime(book).map((r) => [r.key, r.trades, r.netPnl])).toEqual([
      ['RANGING', 2, 40],
      ['TRENDING', 1, 20],
    ]);
    expect(byPreset(book).map((r) => [r.key, r.trades])).toEqual([
      [NO_PRESET_KEY, 2],
      ['nifty_normal', 1],
    ]);
    expect(NO_PRESET_KEY).toBe('(none)');
    expect(byUnderlying(book).map((r) => [r.key, r.trades, r.netPnl])).toEqual([
      ['NIFTY', 2, 50],
      ['SENSEX', 1, 10],
    ]);
  });

  it('empty input gives no rows', () => {
    for (const f of [bySide, byExitReason, byRegime, byPreset, byUnderlying]) expect(f([])).toEqual([]);
  });
});
