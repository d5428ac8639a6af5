import { describe, expect, it } from 'vitest';
import type { StrikeSource } from '../../../src/core/kernel.js';
import type { StrikesRolledEvent } from '../../../src/core/model/events.js';
import type { OptionInstrument, Universe } from '../../../src/core/model/instrument.js';
import type { Params } from '../../../src/core/params/schema.js';
import { CE, INDEX, IST, LOT, PE, at } from '../../fixtures/mini-market.js';
import { session } from './harness.js';
import { Tape, averages, entries, held, open, orders, trades, upUntilEntry } from './tape.js';

const exitOrders = (t: Tape): string[] => orders(t).filter((o) => o.purpose === 'EXIT').map((o) => o.reason);

describe('averaging', () => {
  // Wide stop and target, no trailing: the position stays open while the adds are watched.
  const avg: Partial<Params> = {
    avgEnabled: true,
    entryLots: 2,
    scaleLots: 1,
    maxLotsPerStrike: 3,
    avgWindowMs: 15_000,
    avgIntervalMs: 5_000,
    avgOnlyProfit: true,
    slPoints: 50,
    tpPoints: 50,
    trailingEnabled: false,
  };

  // Both original engines open the averaging session at the entry with next = entry + interval
  // (Python `AvgSession(next_ts=now + avg_interval_s)`, JS `recordAutoEntry` `nextTs: now + getAutoAvgIntervalMs()`).
  it('the first add waits avgIntervalMs after the entry', () => {
    const t = open(avg).tick(CE, 10_000).up(CE, 2);
    const entryTs = entries(t)[0]!.ts;
    for (let i = 1; i <= 50; i++) t.at(entryTs + i * 100).up(CE, 1); // a qualified, profitable tick every 100 ms
    expect(averages(t).map((a) => a.ts - entryTs)).toEqual([5_000]);
  });

  it.each([
    { maxLotsPerStrike: 4, adds: 2 }, // 2 + 1 + 1 lots: the cap stops the third add
    { maxLotsPerStrike: 10, adds: 3 }, // the 15 s window stops the fourth
  ])('adds scaleLots at most every avgIntervalMs, within avgWindowMs, up to maxLotsPerStrike: %o', ({ maxLotsPerStrike, adds }) => {
    const t = open({ ...avg, maxLotsPerStrike }).tick(CE, 10_000).up(CE, 2);
    const entryTs = entries(t)[0]!.ts;
    for (let i = 1; i <= 25; i++) t.at(entryTs + i * 1_000).up(CE, 1); // a qualified, profitable tick every second
    const fills = averages(t);
    expect(fills).toHaveLength(adds);
    expect(fills.every((a) => a.qty === LOT && a.ts - entryTs <= 15_000)).toBe(true);
    for (let i = 1; i < fills.length; i++) expect(fills[i]!.ts - fills[i - 1]!.ts).toBeGreaterThanOrEqual(5_000);
    expect(held(t)?.qty).toBe((2 + adds) * LOT);
  });

  it('avgOnlyProfit: no add while the position is at a loss', () => {
    for (const [avgOnlyProfit, addsAtLoss] of [
      [true, 0],
      [false, 1],
    ] as const) {
      const t = open({ ...avg, avgOnlyProfit }).tick(CE, 10_000).up(CE, 2); // fill at 100.10
      const entryTs = entries(t)[0]!.ts;
      t.tick(CE, 9_900).at(entryTs + 6_000).up(CE, 2); // a qualified streak at 99.10, below the fill
      expect(averages(t), `avgOnlyProfit ${avgOnlyProfit}`).toHaveLength(addsAtLoss);
      if (avgOnlyProfit) {
        t.up(CE, 1, 200); // 101.10: in profit
        expect(averages(t)).toHaveLength(1);
      }
    }
  });

  it('after an add the stop rises with the new average (stop = max(old stop, newAvg − slPoints))', () => {
    const t = open({ ...avg, slPoints: 5 }).tick(CE, 10_000).up(CE, 2); // fill 100.10, stop 95.10
    const entryTs = entries(t)[0]!.ts;
    expect(held(t)?.stop).toBe(9_510);
    t.tick(CE, 10_000).at(entryTs + 5_000).tick(CE, 10_500).tick(CE, 10_510); // add one lot at 105.10
    expect(averages(t).map((a) => a.price)).toEqual([10_510]);
    const pos = held(t)!;
    expect(pos.avgEntry).toBeCloseTo((130 * 10_010 + 65 * 10_510) / 195, 9);
    expect(pos.stop).toBe(9_675); // 101.7667 − 5 floored to the tick
  });

  it('an add never loosens a stop the trail has already raised', () => {
    const p = { ...avg, slPoints: 5, trailingEnabled: true, accelEnabled: false, breakevenDelayMs: 0 };
    const t = open(p).tick(CE, 10_000).up(CE, 2); // fill 100.10
    const entryTs = entries(t)[0]!.ts;
    t.tick(CE, 10_000).at(entryTs + 5_000).tick(CE, 10_230); // +2.20: the lock stage puts the stop at 100.60
    expect(held(t)?.stop).toBe(10_060);
    t.tick(CE, 10_235); // add at 102.35: new average 100.85, whose 5-point stop (95.85) is lower
    expect(averages(t)).toHaveLength(1);
    expect(held(t)?.avgEntry).toBeCloseTo(10_085, 9);
    expect(held(t)?.stop).toBe(10_060);
  });

  it('an add that would exceed maxQty is refused', () => {
    for (const [maxQty, adds] of [
      [2 * LOT, 0],
      [3 * LOT, 1],
    ] as const) {
      const t = open({ ...avg, maxQty }).tick(CE, 10_000).up(CE, 2);
      const entryTs = entries(t)[0]!.ts;
      t.tick(CE, 10_000).at(entryTs + 5_000).up(CE, 4);
      expect(averages(t), `maxQty ${maxQty}`).toHaveLength(adds);
    }
  });

  it('avgEnabled off: a continuing streak never adds', () => {
    const t = open({ ...avg, avgEnabled: false }).tick(CE, 10_000).up(CE, 2);
    const entryTs = entries(t)[0]!.ts;
    for (let i = 1; i <= 10; i++) t.at(entryTs + i * 1_000).up(CE, 1);
    expect(averages(t)).toHaveLength(0);
    expect(held(t)?.qty).toBe(2 * LOT);
  });
});

describe('flip', () => {
  const flip: Partial<Params> = { slPoints: 50, tpPoints: 50, trailingEnabled: false, minFlipHoldMs: 5_000, flipCooldownMs: 15_000 };

  it('a qualified signal on the other side exits the held position with reason flip after minFlipHoldMs, then the flip cooldown', () => {
    const t = open(flip).tick(CE, 10_000).up(CE, 2).tick(PE, 10_000);
    const entryTs = entries(t)[0]!.ts;
    t.up(PE, 2); // qualified PE signal, but held too briefly
    expect(exitOrders(t)).toEqual([]);
    t.at(entryTs + 5_000).up(PE, 1);
    expect(exitOrders(t)).toEqual(['flip']);
    expect(entries(t)).toHaveLength(1); // no reverse entry on the flip
    t.tick(CE, 10_010); // the exit fills on the CE's next tick
    expect(trades(t).map((x) => x.exitReason)).toEqual(['flip']);
    t.up(PE, 3);
    t.at(entryTs + 5_000 + 14_999).up(PE, 1);
    expect(entries(t)).toHaveLength(1); // flip cooldown
    t.at(entryTs + 5_000 + 15_000).up(PE, 1);
    expect(entries(t).map((e) => e.side)).toEqual(['CE', 'PE']);
  });

  it('with no flip cooldown the other side still enters only once the flipped position is closed', () => {
    const t = open({ ...flip, minFlipHoldMs: 0, flipCooldownMs: 0 }).tick(CE, 10_000).up(CE, 2).tick(PE, 10_000).up(PE, 2);
    expect(exitOrders(t)).toEqual(['flip']);
    t.up(PE, 1); // the CE exit has not filled: still holding
    expect(entries(t)).toHaveLength(1);
    t.tick(CE, 10_005).up(PE, 1); // a down tick fills the CE exit
    expect(entries(t).map((e) => e.side)).toEqual(['CE', 'PE']);
  });

  it('momentum_flip: a down-streak of the held side ≥ the threshold exits after minFlipHoldMs, then the flip cooldown', () => {
    const t = open({ ...flip, momentumTicks: 3 }).tick(CE, 10_000).up(CE, 3);
    const entryTs = entries(t)[0]!.ts;
    t.down(CE, 4); // a long down-streak, but held too briefly
    expect(exitOrders(t)).toEqual([]);
    t.up(CE, 1).at(entryTs + 5_000).down(CE, 2); // held long enough, down-streak 2 < 3
    expect(exitOrders(t)).toEqual([]);
    t.down(CE, 1); // 3
    const [trade] = trades(t);
    expect(trade?.exitReason).toBe('momentum_flip');
    t.up(CE, 4);
    t.at(trade!.exitTs + 14_999).up(CE, 1);
    expect(entries(t)).toHaveLength(1); // flip cooldown
    t.at(trade!.exitTs + 15_000).up(CE, 1);
    expect(entries(t)).toHaveLength(2);
  });
});

describe('strike roll', () => {
  const base = { exchange: 'NSE', utcOffsetMin: IST, tickSize: 5 } as const;
  const option = (id: number, right: 'CE' | 'PE', strike: number): OptionInstrument => ({
    ...base,
    id,
    kind: 'OPTION',
    symbol: `NIFTY06JAN26${strike / 100}${right}`,
    right,
    underlying: 'NIFTY',
    strike,
    expiryDate: '2026-01-06',
    lotSize: LOT,
    typicalSpread: 10,
  });
  const [CE1, PE1, CE2, PE2] = [1, 2, 3, 4];
  const universe: Universe = {
    instruments: [
      { ...base, id: INDEX, kind: 'INDEX', symbol: 'NIFTY' },
      option(CE1, 'CE', 2_600_000),
      option(PE1, 'PE', 2_600_000),
      option(CE2, 'CE', 2_605_000),
      option(PE2, 'PE', 2_605_000),
    ],
  };
  const strikes: StrikeSource = {
    chainAt: () => ({
      expiryDate: '2026-01-06',
      strikes: [
        { strike: 2_600_000, ce: CE1, pe: PE1 },
        { strike: 2_605_000, ce: CE2, pe: PE2 },
      ],
    }),
  };

  const start = (index: number, overrides: Partial<Params> = {}): Tape => new Tape(session(overrides, { universe, strikes }), at('10:00')).tick(INDEX, index);
  const rolls = (t: Tape): string[] =>
    t.s.store.events.filter((e): e is StrikesRolledEvent => e.kind === 'StrikesRolled').map((e) => `${e.ce}/${e.pe}`);

  it('picks the strike nearest the index from the chain and trades only that strike', () => {
    const t = start(2_604_000);
    expect(rolls(t)).toEqual(['NIFTY06JAN2626050CE/NIFTY06JAN2626050PE']);
    t.tick(CE1, 10_000).up(CE1, 3);
    expect(entries(t)).toHaveLength(0); // not the current strike
    t.tick(CE2, 10_000).up(CE2, 2);
    expect(entries(t).map((e) => e.instrument)).toEqual([CE2]);
  });

  it('keeps the current strike until the index is ¾ of a strike step away', () => {
    const t = start(2_600_000).tick(INDEX, 2_603_000);
    expect(rolls(t)).toHaveLength(1);
    t.tick(INDEX, 2_604_000);
    expect(rolls(t)).toEqual(['NIFTY06JAN2626000CE/NIFTY06JAN2626000PE', 'NIFTY06JAN2626050CE/NIFTY06JAN2626050PE']);
  });

  it('never rolls while a position is open; rolls on the next index tick once flat', () => {
    const t = start(2_600_000).tick(CE1, 10_000).up(CE1, 2);
    expect(entries(t)).toHaveLength(1);
    t.tick(INDEX, 2_605_000);
    expect(rolls(t)).toHaveLength(1);
    t.tick(CE1, 9_000); // still managed: stopped out
    expect(trades(t).map((x) => [x.instrument, x.exitReason])).toEqual([[CE1, 'stop_loss']]);
    t.tick(INDEX, 2_605_000);
    expect(rolls(t)).toHaveLength(2);
    expect(t.s.kernel.status().ce).toBe('NIFTY06JAN2626050CE');
  });

  it('resets the side’s features on a roll: the price jump between strikes is not a directional tick', () => {
    const t = start(2_600_000).tick(CE1, 10_000).up(CE1, 1); // CE1 up-streak 1
    t.tick(INDEX, 2_605_000).tick(CE2, 12_000); // without a reset this jump would be the second up-tick
    expect(rolls(t)).toHaveLength(2);
    expect(entries(t)).toHaveLength(0);
    t.up(CE1, 3); // the old strike is no longer tracked
    expect(entries(t)).toHaveLength(0);
    expect(upUntilEntry(t, CE2)).toBe(2);
    expect(entries(t)[0]?.instrument).toBe(CE2);
  });
});

describe('data stall', () => {
  it('no tick on the held option for dataStallMs exits with data_stall; the exit fills on that option’s next tick', () => {
    const t = open({ dataStallMs: 10_000, trailingEnabled: false }).tick(CE, 10_000).up(CE, 2);
    const entryTs = entries(t)[0]!.ts;
    t.at(entryTs + 9_999).tick(INDEX, 2_600_000);
    expect(exitOrders(t)).toEqual([]);
    t.at(entryTs + 10_000).tick(INDEX, 2_600_000);
    expect(exitOrders(t)).toEqual(['data_stall']);
    t.at(entryTs + 20_000).tick(PE, 10_000); // another instrument's tick does not fill it
    expect(trades(t)).toHaveLength(0);
    t.at(entryTs + 31_000).tick(CE, 10_020);
    const [trade] = trades(t);
    expect([trade?.exitReason, trade?.exitTs, trade?.exitPrice]).toEqual(['data_stall', entryTs + 31_000, 10_015]);
  });

  it('each tick of the held option restarts the stall clock', () => {
    const t = open({ dataStallMs: 10_000, trailingEnabled: false }).tick(CE, 10_000).up(CE, 2);
    const entryTs = entries(t)[0]!.ts;
    t.at(entryTs + 9_000).tick(CE, 10_010).at(entryTs + 18_999).tick(INDEX, 2_600_000);
    expect(exitOrders(t)).toEqual([]);
    t.at(entryTs + 19_000).tick(INDEX, 2_600_000);
    expect(exitOrders(t)).toEqual(['data_stall']);
  });
});
