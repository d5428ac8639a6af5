/** The simulator as a replayable dataset (`sim:UNDERLYING:SEED:START:DAYS`), so backtests, sweeps and experiments can use it like recorded data. */
import { createHash } from 'node:crypto';
import type { ReplayDataset } from '../backtest/dataset.js';
import type { OptionChain } from '../core/kernel.js';
import { holidayCalendarOf } from '../core/calendar/holiday-calendar.js';
import { createSimMarket } from '../sim/market/sim-market.js';
import { findUnderlying, type SimConfig } from '../sim/market/sim-config.js';
import type { TickColumns } from '../sim/market/tick-columns.js';
import { AppError } from './errors.js';

const refuse = (field: string, rule: string): AppError => new AppError('INVALID_INPUT', `${field}: ${rule}`, { issues: [{ field, rule }] });

const SIM_REF = /^sim:([A-Z]+):(\d+):(\d{4}-\d{2}-\d{2}):(\d+)$/;

/** True when `ref` names a simulated dataset. */
export function isSimRef(ref: string): boolean {
  return ref.startsWith('sim:');
}

function copy(c: TickColumns): TickColumns {
  return { length: c.length, ts: c.ts.slice(), instrument: c.instrument.slice(), ltp: c.ltp.slice(), bid: c.bid.slice(), ask: c.ask.slice(), bidQty: c.bidQty.slice(), askQty: c.askQty.slice() };
}

/** Builds the dataset; a malformed reference is INVALID_INPUT naming `data` and the rule. */
export function simDataset(config: SimConfig, ref: string): ReplayDataset {
  const m = SIM_REF.exec(ref);
  if (m === null) throw refuse('data', `a simulated dataset is sim:UNDERLYING:SEED:START:DAYS (e.g. sim:NIFTY:7:2026-01-05:10), got ${ref.slice(0, 60)}`);
  const [, underlying, seed, startDate, days] = m as unknown as [string, string, string, string, string];
  if (Number(days) < 1 || Number(days) > 250) throw refuse('data', `DAYS must be 1..250, got ${days}`);
  const spec = findUnderlying(config, underlying);
  const market = createSimMarket(config, { underlying, startDate, days: Number(days), seed: Number(seed) });
  const chains = new Map<string, OptionChain>(market.tradingDates.map((d, i) => [d, market.chainForDay(i)]));
  return {
    name: ref,
    description: `simulated ${underlying} market, seed ${seed}, ${market.tradingDates.length} trading days from ${market.tradingDates[0] ?? startDate}`,
    universe: market.universe,
    underlying: market.indexInstrumentId,
    dates: market.tradingDates,
    days: market.tradingDates.map((_, i) => copy(market.columnsForDay(i))),
    chains,
    profile: {
      currency: 'INR',
      utcOffsetMin: spec.utcOffsetMin,
      sessionOpen: spec.session.open,
      sessionClose: spec.session.close,
      optionExchange: spec.optionExchange,
    },
    synthetic: false,
    // The underlying's terms (contract tables included) and its exchange's holidays shape the ticks.
    dataHash: createHash('sha256').update(JSON.stringify({ ref, underlying: spec, holidays: holidayCalendarOf(config.holidays, spec.exchange) })).digest('hex'),
  };
}
