/** What the loader assumes about an underlying it knows by symbol: exchange, currency, time zone, session, tick sizes, lot size, strike step. */
import { loadSimConfig } from '../sim-config-file.js';
import { toMinor } from '../../core/model/money.js';
import type { MarketProfile } from '../../backtest/dataset.js';

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
  readonly lotSize: number | undefined;
  readonly strikeStep: number | undefined;
  /** Weekly expiry weekday, 0 = Sunday … 6 = Saturday. */
  readonly expiryWeekday: number;
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
  };
  const cfg = loadSimConfig().underlyings.find((u) => u.symbol === symbol);
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
    lotSize: cfg.lotSize,
    strikeStep: toMinor(cfg.strikeStep),
    expiryWeekday: cfg.expiryWeekday,
  };
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
