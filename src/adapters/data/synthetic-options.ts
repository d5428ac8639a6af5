/** Synthetic CE/PE for underlying-only data: Black-Scholes premiums for a chain of strikes around each day's open, with the lot size and expiry in force on each date. */
import { dateToDayNumber, dayNumberToDate, epochOfLocal } from '../../core/calendar/exchange-time.js';
import { TradingDays } from '../../core/calendar/trading-days.js';
import type { ChainStrike, OptionChain } from '../../core/kernel.js';
import type { IndexInstrument, OptionInstrument, OptionRight } from '../../core/model/instrument.js';
import { toMinor } from '../../core/model/money.js';
import { optionSymbol } from '../../sim/market/option-symbol.js';
import { yearsToExpiry } from '../../sim/market/time-to-expiry.js';
import { bsPrice } from '../../sim/pricing/black-scholes.js';
import { DataInputError } from './data-input-error.js';
import type { DatasetOptions } from './dataset-options.js';
import { lotSizeOn, type MarketDefaults } from './market-defaults.js';
import type { SessionWindow } from './session-window.js';
import { TickSink, type DatedDays } from './tick-sink.js';

/** Every setting resolved; prices in minor units. */
export interface SyntheticSettings {
  readonly iv: number;
  readonly strikeStep: number;
  readonly strikesEachSide: number;
  readonly expiry: '0dte' | 'weekly';
  /** Units per lot for every contract; undefined: each contract's lot from the market's dated contract table. */
  readonly lotSize: number | undefined;
  readonly optionTick: number;
  readonly rate: number;
}

/** A step of 1, 2.5 or 5 × 10^k major units near 0.5 % of the price, for underlyings without a known strike step. */
function niceStep(priceMinor: number): number {
  const raw = (priceMinor / 100) * 0.005;
  const pow = 10 ** Math.floor(Math.log10(Math.max(raw, 0.01)));
  const step = [1, 2.5, 5, 10].map((m) => m * pow).find((s) => s >= raw) ?? 10 * pow;
  return Math.max(1, toMinor(step));
}

export function resolveSynthetic(options: DatasetOptions, market: MarketDefaults, firstPrice: number, file: string): SyntheticSettings {
  const s = options.syntheticOptions;
  if (s === undefined) throw new Error('internal: resolveSynthetic without syntheticOptions');
  const lotSize = s.lotSize ?? options.lotSize ?? (market.contracts === undefined ? market.lotSize : undefined);
  if (lotSize === undefined && market.contracts === undefined) throw new DataInputError(`${file}: the lot size of ${market.symbol} options is not known: give lotSize in the synthetic options (--synthetic-options iv=…,lotSize=N)`);
  const expiry = s.expiry ?? (options.expiry === 'weekly' ? 'weekly' : '0dte');
  return {
    iv: s.iv,
    strikeStep: s.strikeStep !== undefined ? toMinor(s.strikeStep) : (market.strikeStep ?? niceStep(firstPrice)),
    strikesEachSide: s.strikesEachSide ?? 3,
    expiry,
    lotSize,
    optionTick: s.optionTick !== undefined ? toMinor(s.optionTick) : market.optionTick,
    rate: s.rate ?? 0,
  };
}

/** Weekdays only: the calendar of markets without dated contract terms (US exchange holidays are not modelled). */
const WEEKDAYS = new TradingDays();

/** The fixed-weekday weekly expiry on or after `date`, for markets without dated contract terms. */
function weeklyExpiry(date: string, weekday: number): string {
  const day = dateToDayNumber(date);
  const wd = (((day + 4) % 7) + 7) % 7;
  const target = day + ((weekday - wd + 7) % 7);
  return dayNumberToDate(target);
}

export interface SyntheticInput {
  /** The data file, for messages. */
  readonly file: string;
  /** The underlying's ticks only, by date. */
  readonly underlyingDays: DatedDays;
  readonly underlying: IndexInstrument;
  readonly market: MarketDefaults;
  readonly settings: SyntheticSettings;
  readonly session: SessionWindow;
  readonly utcOffsetMin: number;
}

export interface SyntheticOutput {
  /** Ids from 1, ordered by expiry, strike, CE before PE. */
  readonly options: OptionInstrument[];
  readonly chains: Map<string, OptionChain>;
  /** Underlying and option ticks together. */
  readonly sink: TickSink;
  /** Lot size of each expiry's contracts, in expiry order. */
  readonly lotSizes: ReadonlyMap<string, number>;
}

interface Contract {
  readonly inst: OptionInstrument;
  last: number;
}

/** The expiry of `date`'s contracts: the date itself (0DTE), else the exchange's nearest expiry (dated rules and holidays) or the fixed weekday. */
function expiryOf(file: string, market: MarketDefaults, expiry: '0dte' | 'weekly', date: string): string {
  if (expiry === '0dte') return date;
  if (market.contracts === undefined) return weeklyExpiry(date, market.expiryWeekday);
  try {
    return market.contracts.nextExpiry(date).expiryDate;
  } catch (e) {
    if (e instanceof RangeError) throw new DataInputError(`${file}: ${e.message}`);
    throw e;
  }
}

/**
 * Prices every contract of the day's chain on every underlying tick at one implied volatility. A CE/PE
 * tick is emitted when its price (rounded to the option tick) changes — as a quote feed would — and for
 * every contract on the day's first tick; bid/ask are one tick either side. Time to expiry counts session
 * time only (0DTE: to today's close; exchange holidays skipped where the market has a calendar), as the
 * simulator does.
 */
export function deriveSyntheticOptions(input: SyntheticInput): SyntheticOutput {
  const { file, underlyingDays, underlying, market, settings, session, utcOffsetMin } = input;
  const { strikeStep, strikesEachSide, optionTick } = settings;
  const days = market.contracts?.days ?? WEEKDAYS;
  // First pass: each day's expiry, lot and strikes, so ids can be given in (expiry, strike, right) order.
  const plans = underlyingDays.dates.map((date, d) => {
    const open = underlyingDays.days[d]!.ltp[0]!;
    const atm = Math.round(open / strikeStep) * strikeStep;
    const strikes: number[] = [];
    for (let k = -strikesEachSide; k <= strikesEachSide; k++) if (atm + k * strikeStep > 0) strikes.push(atm + k * strikeStep);
    const expiryDate = expiryOf(file, market, settings.expiry, date);
    const lotSize = lotSizeOn(file, market, date, expiryDate, settings.lotSize)!;
    return { date, expiryDate, strikes, lotSize };
  });
  const keys = new Map<string, { expiryDate: string; strike: number; right: OptionRight; lotSize: number }>();
  for (const p of plans) {
    for (const strike of p.strikes) {
      for (const right of ['CE', 'PE'] as const) keys.set(optionSymbol(market.optionRoot, p.expiryDate, strike, right), { expiryDate: p.expiryDate, strike, right, lotSize: p.lotSize });
    }
  }
  const sorted = [...keys].sort(([, a], [, b]) => (a.expiryDate < b.expiryDate ? -1 : a.expiryDate > b.expiryDate ? 1 : a.strike - b.strike || (a.right === 'CE' ? -1 : 1)));
  const bySymbol = new Map<string, OptionInstrument>();
  const options = sorted.map(([symbol, k], i): OptionInstrument => {
    const inst: OptionInstrument = {
      kind: 'OPTION',
      id: i + 1,
      symbol,
      exchange: market.optionExchange,
      utcOffsetMin,
      tickSize: optionTick,
      right: k.right,
      underlying: underlying.symbol,
      strike: k.strike,
      expiryDate: k.expiryDate,
      lotSize: k.lotSize,
      typicalSpread: 2 * optionTick,
    };
    bySymbol.set(symbol, inst);
    return inst;
  });

  const total = underlyingDays.days.reduce((n, c) => n + c.length, 0);
  const sink = new TickSink(total * 3);
  const chains = new Map<string, OptionChain>();
  plans.forEach((plan, d) => {
    const day = underlyingDays.days[d]!;
    const rows: ChainStrike[] = [];
    const contracts: Contract[] = [];
    for (const strike of plan.strikes) {
      const ce = bySymbol.get(optionSymbol(market.optionRoot, plan.expiryDate, strike, 'CE'))!;
      const pe = bySymbol.get(optionSymbol(market.optionRoot, plan.expiryDate, strike, 'PE'))!;
      rows.push({ strike, ce: ce.id, pe: pe.id });
      contracts.push({ inst: ce, last: -1 }, { inst: pe, last: -1 });
    }
    chains.set(plan.date, { expiryDate: plan.expiryDate, strikes: rows });
    const closeTs = epochOfLocal(plan.date, session.closeMin, utcOffsetMin);
    const sessionsAfter = days.sessionsAfter(plan.date, plan.expiryDate);
    for (let i = 0; i < day.length; i++) {
      const ts = day.ts[i]!;
      const spot = day.ltp[i]!;
      sink.push(ts, day.instrument[i]!, spot, day.bid[i]!, day.ask[i]!, day.bidQty[i]!, day.askQty[i]!);
      const years = yearsToExpiry(closeTs - ts, session.lengthMs, sessionsAfter);
      for (const c of contracts) {
        const premium = bsPrice({ right: c.inst.right, spot, strike: c.inst.strike, years, vol: settings.iv, rate: settings.rate });
        const ltp = Math.max(optionTick, Math.round(premium / optionTick) * optionTick);
        if (ltp === c.last) continue;
        c.last = ltp;
        sink.push(ts, c.inst.id, ltp, ltp - optionTick, ltp + optionTick, 0, 0);
      }
    }
  });
  const lotSizes = new Map<string, number>();
  for (const o of options) lotSizes.set(o.expiryDate, o.lotSize);
  return { options, chains, sink, lotSizes };
}
