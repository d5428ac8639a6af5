/** Builds the run's Universe: the index first (id 0), then each distinct option contract once, in order of first use. */
import type { Instrument, OptionRight, Universe } from '../../core/model/instrument.js';
import type { ChainRow, DayChain } from './chain.js';
import type { DayPlan } from './day-plan.js';
import type { MarketSpec } from './market-spec.js';
import { optionSymbol } from './option-symbol.js';

export interface BuiltUniverse {
  readonly universe: Universe;
  readonly indexId: number;
  /** One chain per day, same order as the plans. */
  readonly chains: readonly DayChain[];
}

/** Strikes of a day: the nearest strike to the open, with `strikesEachSide` more on each side. */
export function dayStrikes(spec: MarketSpec, open: number): number[] {
  const atm = Math.round(open / spec.strikeStep) * spec.strikeStep;
  const out: number[] = [];
  for (let k = -spec.strikesEachSide; k <= spec.strikesEachSide; k++) {
    const strike = atm + k * spec.strikeStep;
    if (strike > 0) out.push(strike);
  }
  return out;
}

/** A contract listed on several days (same expiry and strike) keeps one id and one symbol. */
export function buildUniverse(spec: MarketSpec, plans: readonly DayPlan[]): BuiltUniverse {
  const instruments: Instrument[] = [
    { kind: 'INDEX', id: 0, symbol: spec.symbol, exchange: spec.exchange, utcOffsetMin: spec.utcOffsetMin, tickSize: spec.indexTick },
  ];
  const bySymbol = new Map<string, number>();
  const idFor = (expiryDate: string, strike: number, right: OptionRight, lotSize: number): number => {
    const symbol = optionSymbol(spec.symbol, expiryDate, strike, right);
    const known = bySymbol.get(symbol);
    if (known !== undefined) return known;
    const id = instruments.length;
    instruments.push({
      kind: 'OPTION',
      id,
      symbol,
      exchange: spec.optionExchange,
      utcOffsetMin: spec.utcOffsetMin,
      tickSize: spec.optionTick,
      right,
      underlying: spec.symbol,
      strike,
      expiryDate,
      lotSize,
      typicalSpread: spec.typicalSpreadTicks * spec.optionTick,
    });
    bySymbol.set(symbol, id);
    return id;
  };
  const chains = plans.map((plan): DayChain => {
    const strikes = dayStrikes(spec, plan.open);
    const rows: ChainRow[] = strikes.map((strike) => ({ strike, ce: idFor(plan.expiryDate, strike, 'CE', plan.lotSize), pe: idFor(plan.expiryDate, strike, 'PE', plan.lotSize) }));
    return { expiryDate: plan.expiryDate, atmAtOpen: Math.round(plan.open / spec.strikeStep) * spec.strikeStep, strikes: rows };
  });
  return { universe: { instruments }, indexId: 0, chains };
}
