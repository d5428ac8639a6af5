/** What the loader assumes about an underlying it knows by symbol: exchange, currency, time zone, session, tick sizes, lot size and expiry (dated for NIFTY and SENSEX), strike step. */
import { loadSimConfig } from '../sim-config-file.js';
import type { ContractCalendar } from '../../core/calendar/contract-terms.js';
import { toMinor } from '../../core/model/money.js';
import type { MarketProfile } from '../../backtest/dataset.js';
import { contractCalendarOf } from '../../sim/market/sim-config.js';
import { DataInputError } from './data-input-error.js';

/** Prices in minor units. */
export interface MarketDefaults {
  readonly symbol: string;
  readonly currency: 'INR' | 'USD';
  /** Exchange of the underlying. */
  readonly exchange: string;
  readonly optionExchange: string;
  /** Symbol prefix of its options (SPX options are SPXW weeklies). */
  readonly optionRoot: string;
  /** Fixed offset (IST 330); undefined for US Eastern, which follows daylight saving. */
  readonly fixedOffsetMin: number | undefined;
  readonly sessionOpen: string;
  readonly sessionClose: string;
  readonly indexTick: number;
  readonly optionTick: number;
  /** A fixed lot size; for an underlying with `contracts`, unused (the lot comes from its table by date). */
  readonly lotSize: number | undefined;
  readonly strikeStep: number | undefined;
  /** Weekly expiry weekday, 0 = Sunday … 6 = Saturday, for markets without `contracts` (weekends-only calendar). */
  readonly expiryWeekday: number;
  /**
   * Dated contract terms over the exchange's trading days (NIFTY, SENSEX: config/instruments.json and
   * config/exchange-holidays.json); undefined for markets with fixed terms.
   */
  readonly contracts: ContractCalendar | undefined;
}

const NSE = ['NIFTY', 'BANKNIFTY', 'FINNIFTY', 'MIDCPNIFTY', 'NIFTYNXT50'];
const BSE = ['SENSEX', 'BANKEX', 'SENSEX50'];

/** US underlyings with known contract terms; anything else US gets penny ticks, 100-share lots and a strike step from its price. */
const US: Readonly<Record<string, Partial<MarketDefaults>>> = {
  SPX: { exchange: 'CBOE', optionRoot: 'SPXW', optionTick: 5, strikeStep: 500 },
  SPXW: { exchange: 'CBOE', optionRoot: 'SPXW', optionTick: 5, strikeStep: 500 },
  SPY: { exchange: 'ARCA', strikeStep: 100 },
  QQQ: { exchange: 'NASDAQ', strikeStep: 100 },
  IWM: { exchange: 'ARCA', strikeStep: 100 },
};

function indian(symbol: string): MarketDefaults {
  const bse = BSE.includes(symbol);
  const base: MarketDefaults = {
    symbol,
    currency: 'INR',
    exchange: bse ? 'BSE' : 'NSE',
    optionExchange: bse ? 'BFO' : 'NFO',
    optionRoot: symbol,
    fixedOffsetMin: 330,
    sessionOpen: '09:15',
    sessionClose: '15:30',
    indexTick: 5,
    optionTick: 5,
    lotSize: undefined,
    strikeStep: undefined,
    expiryWeekday: bse ? 4 : 2,
    contracts: undefined,
  };
  const config = loadSimConfig();
  const cfg = config.underlyings.find((u) => u.symbol === symbol);
  if (cfg === undefined) return base;
  return {
    ...base,
    exchange: cfg.exchange,
    optionExchange: cfg.optionExchange,
    fixedOffsetMin: cfg.utcOffsetMin,
    sessionOpen: cfg.session.open,
    sessionClose: cfg.session.close,
    indexTick: toMinor(cfg.indexTickSize),
    optionTick: toMinor(cfg.optionTickSize),
    strikeStep: toMinor(cfg.strikeStep),
    contracts: contractCalendarOf(config, symbol),
  };
}

/** Runs a contract-table lookup, turning its range error (a date before the table) into a data error naming the file. */
function fromTable<T>(file: string, lookup: () => T): T {
  try {
    return lookup();
  } catch (e) {
    if (e instanceof RangeError) throw new DataInputError(`${file}: ${e.message}; pass lotSize (--lot-size N)`);
    throw e;
  }
}

/**
 * Lot size of the options a file lists with expiry `expiryDate` (`file` names the data in errors):
 * `override` (--lot-size) when given, else the contract table's lot for that expiry, else the market's
 * fixed lot, undefined when there is none.
 */
export function lotSizeForExpiry(file: string, market: MarketDefaults, expiryDate: string, override?: number): number | undefined {
  if (override !== undefined) return override;
  const contracts = market.contracts;
  return contracts === undefined ? market.lotSize : fromTable(file, () => contracts.lotSizeForExpiry(expiryDate));
}

/**
 * Lot size of options the loader creates for trading date `date` with expiry `expiryDate`: as
 * lotSizeForExpiry, except that an expiry off the exchange's schedule (a 0DTE stand-in) takes the lot of
 * the nearest listed contract on `date`.
 */
export function lotSizeOn(file: string, market: MarketDefaults, date: string, expiryDate: string, override?: number): number | undefined {
  if (override !== undefined) return override;
  const contracts = market.contracts;
  if (contracts === undefined) return market.lotSize;
  return fromTable(file, () =>
    contracts.nextExpiry(expiryDate).expiryDate === expiryDate ? contracts.lotSizeForExpiry(expiryDate) : contracts.contractSpecOn(date).lotSize,
  );
}

/** True for the underlyings the loader knows by name (NSE/BSE indices, SPX, SPY, QQQ, IWM). */
export function isKnownUnderlying(symbol: string): boolean {
  return NSE.includes(symbol) || BSE.includes(symbol) || US[symbol] !== undefined;
}

/** India for the NSE/BSE index names (terms from config/instruments.json when listed there); the US otherwise. */
export function marketDefaults(symbol: string): MarketDefaults {
  if (NSE.includes(symbol) || BSE.includes(symbol)) return indian(symbol);
  return {
    symbol,
    currency: 'USD',
    exchange: 'US',
    optionExchange: 'CBOE',
    optionRoot: symbol,
    fixedOffsetMin: undefined,
    sessionOpen: '09:30',
    sessionClose: '16:00',
    indexTick: 1,
    optionTick: 1,
    lotSize: 100,
    strikeStep: undefined,
    expiryWeekday: 5,
    contracts: undefined,
    ...US[symbol],
  };
}

const INDIAN_EXCHANGES = ['NSE', 'BSE', 'NFO', 'BFO'];

/** The profile of a recording, from its instruments' exchanges and the offset it was recorded at. */
export function profileForExchange(exchange: string, optionExchange: string, utcOffsetMin: number): MarketProfile {
  const india = INDIAN_EXCHANGES.includes(exchange) || INDIAN_EXCHANGES.includes(optionExchange);
  return india
    ? { currency: 'INR', utcOffsetMin, sessionOpen: '09:15', sessionClose: '15:30', optionExchange }
    : { currency: 'USD', utcOffsetMin, sessionOpen: '09:30', sessionClose: '16:00', optionExchange };
}
