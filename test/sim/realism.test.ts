/** Realism of the simulated market: daily ranges, volatility, U-shape, regimes, premium streaks, tick rates, spreads, expiry decay. */
import { describe, expect, it } from 'vitest';
import { createSimMarket } from '../../src/sim/market/sim-market.js';
import { nearestStrikeRow } from '../../src/sim/market/chain.js';
import { dayPath } from '../../src/sim/market/day-generator.js';
import { planDays } from '../../src/sim/market/day-plan.js';
import { contractCalendarOf, findUnderlying } from '../../src/sim/market/sim-config.js';
import { toMarketSpec } from '../../src/sim/market/market-spec.js';
import { dayContract } from '../../src/sim/market/trading-calendar.js';
import type { TickColumns } from '../../src/sim/market/tick-columns.js';
import { loadConfig } from './helpers.js';

const config = loadConfig();
const niftySpec = toMarketSpec(findUnderlying(config, 'NIFTY'));
const MINUTE = 60_000;

/** Rows of one instrument: [ts, ltp, bid, ask]. */
function series(c: TickColumns, id: number): { ts: number[]; ltp: number[]; bid: number[]; ask: number[] } {
  const out = { ts: [] as number[], ltp: [] as number[], bid: [] as number[], ask: [] as number[] };
  for (let i = 0; i < c.length; i++) {
    if (c.instrument[i] !== id) continue;
    out.ts.push(c.ts[i]!);
    out.ltp.push(c.ltp[i]!);
    out.bid.push(c.bid[i]!);
    out.ask.push(c.ask[i]!);
  }
  return out;
}

/** Number of runs of at least `min` consecutive same-direction price changes (unchanged ticks are skipped). */
function streaks(prices: readonly number[], min: number): number {
  let dir = 0;
  let run = 0;
  let count = 0;
  for (let i = 1; i < prices.length; i++) {
    const d = Math.sign(prices[i]! - prices[i - 1]!);
    if (d === 0) continue;
    if (d === dir) run++;
    else {
      dir = d;
      run = 1;
    }
    if (run === min) count++;
  }
  return count;
}

function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

// Wednesday 2025-11-19 … Tuesday 2025-11-25 (NIFTY expiry is the last day).
const market = createSimMarket(config, { underlying: 'NIFTY', startDate: '2025-11-19', days: 5, seed: 3 });
const EXPIRY_DAY = 4;

describe('underlying', () => {
  const calendar = contractCalendarOf(config, 'NIFTY');
  const dates = calendar.days.dates('2025-01-01', 250);
  const plans = planDays(niftySpec, dates, dates.map((d) => dayContract(calendar, d)), 99);
  const paths = plans.map((p) => dayPath(p));

  it('has plausible NIFTY daily ranges (typically 0.5–1.5 %)', () => {
    const ranges = paths.map((p) => {
      let lo = Infinity;
      let hi = -Infinity;
      for (const v of p.price) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
      return (hi - lo) / p.open;
    });
    expect(quantile(ranges, 0.5)).toBeGreaterThan(0.007);
    expect(quantile(ranges, 0.5)).toBeLessThan(0.014);
    expect(quantile(ranges, 0.1)).toBeGreaterThan(0.004);
    expect(quantile(ranges, 0.9)).toBeLessThan(0.025);
  });

  it('carries the configured volatility: session variance plus gap variance ≈ σ²/252', () => {
    const session = paths.map((p) => Math.log(p.close / p.open));
    const gaps = plans.slice(1).map((p, i) => Math.log(p.open / plans[i]!.close));
    const variance = (xs: number[]): number => xs.reduce((a, x) => a + x * x, 0) / xs.length;
    const annualised = Math.sqrt((variance(session) + variance(gaps)) * 252);
    expect(annualised).toBeGreaterThan(0.13 * 0.82);
    expect(annualised).toBeLessThan(0.13 * 1.18);
    for (const g of gaps) expect(Math.abs(g)).toBeLessThan(0.02);
  });

  it('is U-shaped: busier and more volatile at the open and close than at midday', () => {
    const absMove = (fromMin: number, toMin: number): { move: number; events: number } => {
      let move = 0;
      let events = 0;
      for (const p of paths.slice(0, 100)) {
        for (let j = 0; j < p.count; j++) {
          const m = p.t[j]! / MINUTE;
          if (m >= fromMin && m < toMin) events++;
        }
        const at = (min: number): number => {
          let j = 0;
          while (j + 1 < p.count && p.t[j + 1]! <= min * MINUTE) j++;
          return Math.log(p.price[j]!);
        };
        for (let m = fromMin; m < toMin; m++) move += Math.abs(at(m + 1) - at(m));
      }
      return { move: move / (toMin - fromMin), events: events / (toMin - fromMin) };
    };
    const open = absMove(0, 15);
    const midday = absMove(165, 255);
    const close = absMove(345, 375);
    expect(open.move).toBeGreaterThan(1.8 * midday.move);
    expect(close.move).toBeGreaterThan(1.1 * midday.move);
    expect(open.events).toBeGreaterThan(1.8 * midday.events);
  });

  it('switches regimes every few minutes, and trends drift their way', () => {
    let up = 0;
    let down = 0;
    let spans = 0;
    for (const p of paths.slice(0, 100)) {
      spans += p.spans.length;
      p.spans.forEach((s, k) => {
        const end = p.spans[k + 1]?.startMs ?? Infinity;
        let first = -1;
        let last = -1;
        for (let j = 0; j < p.count; j++) {
          if (p.t[j]! < s.startMs) continue;
          if (p.t[j]! >= end) break;
          if (first < 0) first = j;
          last = j;
        }
        if (first < 0) return;
        const ret = Math.log(p.price[last]! / p.price[first]!);
        if (s.regime === 0) up += ret;
        if (s.regime === 1) down += ret;
      });
    }
    const perDay = spans / 100;
    expect(perDay).toBeGreaterThan(15);
    expect(perDay).toBeLessThan(60);
    expect(up).toBeGreaterThan(0);
    expect(down).toBeLessThan(0);
  });
});

describe('option ticks', () => {
  it('show many directional streaks of 6+ ticks on the ATM premium every day', () => {
    for (let d = 0; d < 5; d++) {
      const c = market.columnsForDay(d);
      const chain = market.chainForDay(d);
      const row = nearestStrikeRow(chain, chain.atmAtOpen);
      for (const id of [row.ce, row.pe]) {
        const s = series(c, id);
        expect(streaks(s.ltp, 6), `day ${d} id ${id}`).toBeGreaterThan(50);
      }
    }
  });

  it('tick about once a second for the index and 1–4 times a second near the money, less far away', () => {
    const c = market.columnsForDay(1);
    const chain = market.chainForDay(1);
    const sessionS = 375 * 60;
    const counts = new Map<number, number>();
    for (let i = 0; i < c.length; i++) counts.set(c.instrument[i]!, (counts.get(c.instrument[i]!) ?? 0) + 1);
    const indexRate = counts.get(market.indexInstrumentId)! / sessionS;
    expect(indexRate).toBeGreaterThan(0.9);
    expect(indexRate).toBeLessThan(1.1);
    // The strike nearest the day's average index level is the most liquid.
    const idx = series(c, market.indexInstrumentId);
    const mean = idx.ltp.reduce((a, b) => a + b, 0) / idx.ltp.length;
    const atm = nearestStrikeRow(chain, mean);
    const atmRate = (counts.get(atm.ce)! + counts.get(atm.pe)!) / 2 / sessionS;
    expect(atmRate).toBeGreaterThan(1);
    expect(atmRate).toBeLessThan(4);
    const far = [chain.strikes[0]!, chain.strikes.at(-1)!].sort((a, b) => Math.abs(b.strike - mean) - Math.abs(a.strike - mean))[0]!;
    expect((counts.get(far.ce)! + counts.get(far.pe)!) / 2 / sessionS).toBeLessThan(atmRate / 2);
    expect(c.length).toBeGreaterThan(150_000);
    expect(c.length).toBeLessThan(1_000_000);
  });

  it('have irregular inter-arrival times', () => {
    const c = market.columnsForDay(0);
    const row = nearestStrikeRow(market.chainForDay(0), market.chainForDay(0).atmAtOpen);
    const s = series(c, row.ce);
    const gaps = s.ts.slice(1).map((t, i) => t - s.ts[i]!);
    const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    const sd = Math.sqrt(gaps.reduce((a, g) => a + (g - mean) ** 2, 0) / gaps.length);
    // Exponential-like: coefficient of variation near (or above) 1, many distinct gaps.
    expect(sd / mean).toBeGreaterThan(0.7);
    expect(new Set(gaps).size).toBeGreaterThan(1000);
  });

  it('quote NIFTY ATM with 1–3 tick spreads most of the time', () => {
    const c = market.columnsForDay(2);
    const row = nearestStrikeRow(market.chainForDay(2), market.chainForDay(2).atmAtOpen);
    const s = series(c, row.ce);
    const spreads = s.bid.map((b, i) => (s.ask[i]! - b) / 5);
    const within = spreads.filter((k) => k >= 1 && k <= 3).length / spreads.length;
    expect(within).toBeGreaterThan(0.8);
    expect(quantile(spreads, 0.5)).toBeLessThanOrEqual(2);
  });

  it('decay toward intrinsic value on expiry day, with jumpier premiums', () => {
    const c = market.columnsForDay(EXPIRY_DAY);
    const chain = market.chainForDay(EXPIRY_DAY);
    expect(chain.expiryDate).toBe(market.tradingDates[EXPIRY_DAY]);
    const { openTs, closeTs } = market.session(EXPIRY_DAY);
    const idx = series(c, market.indexInstrumentId);
    const indexAt = (ts: number): number => {
      let k = 0;
      while (k + 1 < idx.ts.length && idx.ts[k + 1]! <= ts) k++;
      return idx.ltp[k]!;
    };
    const timeValue = (fromTs: number, toTs: number): number => {
      let sum = 0;
      for (const row of chain.strikes) {
        for (const [id, sign] of [
          [row.ce, 1],
          [row.pe, -1],
        ] as const) {
          const s = series(c, id);
          let k = s.ts.findIndex((t) => t >= fromTs && t < toTs);
          if (k < 0) k = s.ts.findLastIndex((t) => t < toTs);
          const intrinsic = Math.max(0, sign * (indexAt(s.ts[k]!) - row.strike));
          sum += s.ltp[k]! - intrinsic;
        }
      }
      return sum / (2 * chain.strikes.length);
    };
    const morning = timeValue(openTs + 5 * MINUTE, openTs + 10 * MINUTE);
    const lastMinute = timeValue(closeTs - MINUTE, closeTs);
    expect(morning).toBeGreaterThan(1000);
    expect(Math.abs(lastMinute)).toBeLessThan(0.05 * morning);
    expect(Math.abs(lastMinute)).toBeLessThan(500);

    // Relative tick-to-tick moves of the near-ATM premium in the last hour: expiry vs four sessions before.
    const jumpiness = (day: number): number => {
      const cc = market.columnsForDay(day);
      const { closeTs: end } = market.session(day);
      const ix = series(cc, market.indexInstrumentId);
      const row = nearestStrikeRow(market.chainForDay(day), ix.ltp.at(-1)!);
      const s = series(cc, row.ce);
      const rel: number[] = [];
      for (let k = 1; k < s.ts.length; k++) if (s.ts[k]! >= end - 60 * MINUTE) rel.push(Math.abs(s.ltp[k]! / s.ltp[k - 1]! - 1));
      return quantile(rel, 0.5);
    };
    expect(jumpiness(EXPIRY_DAY)).toBeGreaterThan(2 * jumpiness(0));
  });
});
