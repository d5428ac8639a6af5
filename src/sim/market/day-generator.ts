/** Generates one session's ticks for the index and the day's chain, merged in (ts, instrument id) order. */
import type { DayChain } from './chain.js';
import type { DayPlan } from './day-plan.js';
import { appendIndexTicks } from './index-ticks.js';
import { atmIvPath } from './iv-model.js';
import type { MarketSpec } from './market-spec.js';
import { appendOptionTicks } from './option-ticks.js';
import { EXPIRY_WIDEN_MINUTES } from './quote-model.js';
import { Stream, deriveSeed } from './seeds.js';
import { allocatePremiums, computeStrikePremiums, type EventCurves } from './strike-premiums.js';
import { TickBuffer } from './tick-buffer.js';
import type { TickColumns } from './tick-columns.js';
import { yearsToExpiry } from './time-to-expiry.js';
import { simulateDayPath, type DayPath } from './underlying-path.js';

/** The underlying path of a day, regenerated from its seed (identical to the one the plan was made from). */
export function dayPath(plan: DayPlan): DayPath {
  return simulateDayPath(plan.pathSeed, plan.path);
}

function eventCurves(spec: MarketSpec, plan: DayPlan, path: DayPath, seed: number): EventCurves {
  const n = path.count;
  const lnSpot = new Float64Array(n);
  const years = new Float64Array(n);
  const sqrtYears = new Float64Array(n);
  const discount = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    lnSpot[j] = Math.log(path.price[j] ?? 1);
    const y = yearsToExpiry(spec.sessionMs - (path.t[j] ?? 0), spec.sessionMs, plan.sessionsAfterToday);
    years[j] = y;
    sqrtYears[j] = Math.sqrt(y);
    discount[j] = Math.exp(-spec.riskFreeRate * y);
  }
  return {
    count: n,
    t: path.t,
    spot: path.price,
    lnSpot,
    years,
    sqrtYears,
    discount,
    atmIv: atmIvPath(deriveSeed(seed, plan.index, Stream.IV), path, plan.dayIv),
    regime: path.regime,
  };
}

/** All ticks of day `plan.index`; deterministic in (seed, plan, chain). */
export function generateDay(spec: MarketSpec, plan: DayPlan, chain: DayChain, indexId: number, seed: number): TickColumns {
  const path = dayPath(plan);
  const curves = eventCurves(spec, plan, path, seed);

  // Ranks follow instrument ids so the radix sort breaks equal timestamps by id.
  const ids = [indexId];
  for (const row of chain.strikes) ids.push(row.ce, row.pe);
  const sortedIds = [...ids].sort((a, b) => a - b);
  const rankOf = new Map<number, number>(sortedIds.map((id, rank) => [id, rank]));
  const rank = (id: number): number => rankOf.get(id) ?? 0;

  const expected = Math.ceil((spec.sessionMs / 1000) * (spec.indexTicksPerSecond + chain.strikes.length * spec.optionTicksPerSecond * 1.5));
  const out = new TickBuffer(expected);
  appendIndexTicks(
    deriveSeed(seed, plan.index, Stream.INDEX_TICKS),
    path,
    { id: indexId, rank: rank(indexId), tick: spec.indexTick, ticksPerSecond: spec.indexTicksPerSecond, sessionMs: spec.sessionMs },
    out,
  );
  const lateFromMs = plan.sessionsAfterToday === 0 ? spec.sessionMs - EXPIRY_WIDEN_MINUTES * 60_000 : Infinity;
  const premiums = allocatePremiums(curves.count);
  const common = {
    tick: spec.optionTick,
    lotSize: plan.lotSize,
    typicalSpreadTicks: spec.typicalSpreadTicks,
    ticksPerSecond: spec.optionTicksPerSecond,
    sessionMs: spec.sessionMs,
    lateFromMs,
  };
  chain.strikes.forEach((row, slot) => {
    computeStrikePremiums(curves, row.strike, spec.strikeStep, spec.riskFreeRate, premiums);
    const ceSpec = { ...common, id: row.ce, rank: rank(row.ce), isCall: true };
    const peSpec = { ...common, id: row.pe, rank: rank(row.pe), isCall: false };
    appendOptionTicks(deriveSeed(seed, plan.index, Stream.OPTION, slot, 0), curves, premiums.call, premiums.liquidity, ceSpec, out);
    appendOptionTicks(deriveSeed(seed, plan.index, Stream.OPTION, slot, 1), curves, premiums.put, premiums.liquidity, peSpec, out);
  });
  return out.toColumns(plan.openTs, sortedIds.length);
}
