/** Synthetic CE/PE for underlying-only data: Black-Scholes premiums for a chain of strikes around each day's open. */
import { dateToDayNumber, dayNumberToDate, epochOfLocal } from '../../core/calendar/exchange-time.js';
import type { ChainStrike, OptionChain } from '../../core/kernel.js';
import type { IndexInstrument, OptionInstrument, OptionRight } from '../../core/model/instrument.js';
import { toMinor } from '../../core/model/money.js';
import { optionSymbol } from '../../sim/market/option-symbol.js';
import { yearsToExpiry } from '../../sim/market/time-to-expiry.js';
import { bsPrice } from '../../sim/pricing/black-scholes.js';
import { DataInputError } from './data-input-error.js';
import type { DatasetOptions } from './dataset-options.js';
import type { MarketDefaults } from './market-defaults.js';
import type { SessionWindow } from './session-window.js';
import { TickSink, type DatedDays } from './tick-sink.js';

/** Every setting resolved; prices in minor units. */
export interface SyntheticSettings {
  readonly iv: number;
  readonly strikeStep: number;
  readonly strikesEachSide: number;
  readonly expiry: '0dte' | 'weekly';
  readonly lotSize: number;
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
  const lotSize = s.lotSize ?? options.lotSize ?? market.lotSize;
  if (lotSize === undefined) throw new DataInputError(`${file}: the lot size of ${market.symbol} options is not known: give lotSize in the synthetic options (--synthetic-options iv=…,lotSize=N)`);
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

/** Weekdays (Mon–Fri) after `date` up to and including `expiry`: whole sessions left after today. */
function sessionsBetween(date: string, expiry: string): number {
  const from = dateToDayNumber(date);
  const to = dateToDayNumber(expiry);
  let n = 0;
  for (let d = from + 1; d <= to; d++) {
    const wd = (((d + 4) % 7) + 7) % 7;
    if (wd !== 0 && wd !== 6) n++;
  }
  return n;
}

/** The weekly expiry on or after `date`. */
function weeklyExpiry(date: string, weekday: number): string {
  const day = dateToDayNumber(date);
  const wd = (((day + 4) % 7) + 7) % 7;
  const target = day + ((weekday - wd + 7) % 7);
  return dayNumberToDate(target);
}

export interface SyntheticInput {
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
}

interface Contract {
  readonly inst: OptionInstrument;
  last: number;
}

/**
 * Prices every contract of the day's chain on every underlying tick at one implied volatility. A CE/PE
 * tick is emitted when its price (rounded to the option tick) changes — as a quote feed would — and for
 * every contract on the day's first tick; bid/ask are one tick either side. Time to expiry counts session
 * time only (0DTE: to today's close), as the simulator does.
 */
export function deriveSyntheticOptions(input: SyntheticInput): SyntheticOutput {
  const { underlyingDays, underlying, market, settings, session, utcOffsetMin } = input;
  const { strikeStep, strikesEachSide, optionTick } = settings;
  // First pass: each day's expiry and strikes, so ids can be given in (expiry, strike, right) order.
  const plans = underlyingDays.dates.map((date, d) => {
    const open = underlyingDays.days[d]!.ltp[0]!;
    const atm = Math.round(open / strikeStep) * strikeStep;
    const strikes: number[] = [];
    for (let k = -strikesEachSide; k <= strikesEachSide; k++) if (atm + k * strikeStep > 0) strikes.push(atm + k * strikeStep);
    const expiryDate = settings.expiry === '0dte' ? date : weeklyExpiry(date, market.expiryWeekday);
    return { date, expiryDate, strikes };
  });
  const keys = new Map<string, { expiryDate: string; strike: number; right: OptionRight }>();
  for (const p of plans) {
    for (const strike of p.strikes) {
      for (const right of ['CE', 'PE'] as const) keys.set(optionSymbol(market.optionRoot, p.expiryDate, strike, right), { expiryDate: p.expiryDate, strike, right });
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
      lotSize: settings.lotSize,
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
    const sessionsAfter = sessionsBetween(plan.date, plan.expiryDate);
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
  return { options, chains, sink };
}
