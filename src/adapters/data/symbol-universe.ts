/** The instruments of a tick or bar file, one per symbol: the underlying first (id 0), other indices, then options read from OpenAlgo symbols. */
import type { IndexInstrument, Instrument, OptionInstrument } from '../../core/model/instrument.js';
import { DataInputError } from './data-input-error.js';
import type { DatasetOptions } from './dataset-options.js';
import { isKnownUnderlying, lotSizeForExpiry, marketDefaults, type MarketDefaults } from './market-defaults.js';
import { parseOptionSymbol, underlyingOfRoot, type ParsedOptionSymbol } from './option-symbol-parse.js';

export interface SymbolUniverse {
  /** Underlying at 0, then other non-option symbols by name, then options by (expiry, strike, right). */
  readonly instruments: Instrument[];
  readonly market: MarketDefaults;
  /** Instrument id of each symbol id of the file. */
  readonly idOfSymbol: Int32Array;
  /** Tick size (minor units) of each symbol id. */
  readonly tickOfSymbol: Int32Array;
  readonly hasOptions: boolean;
}

/** Picks the underlying: the only non-option symbol, or the one the option symbols refer to. */
export function pickUnderlying(file: string, symbols: readonly string[]): string {
  const parsed = symbols.map(parseOptionSymbol);
  const plain = symbols.filter((_, i) => parsed[i] === undefined);
  const roots = new Set(parsed.flatMap((p) => (p === undefined ? [] : [underlyingOfRoot(p.root)])));
  if (roots.size === 0) {
    if (plain.length === 1) return plain[0]!;
    throw new DataInputError(
      `${file}: ${plain.length} symbols [${plain.slice(0, 10).join(', ')}${plain.length > 10 ? ', …' : ''}] and no option symbols: which is the underlying? Load one underlying per file (with synthetic options, --synthetic-options iv=0.15)`,
    );
  }
  const named = plain.filter((s) => roots.has(s));
  if (named.length === 1) return named[0]!;
  if (plain.length === 1) return plain[0]!;
  throw new DataInputError(
    `${file}: the option symbols refer to ${[...roots].join(', ')}, but the file has ${plain.length === 0 ? 'no ticks of an underlying' : `the non-option symbols [${plain.join(', ')}]`}; a dataset needs exactly one underlying with ticks`,
  );
}

/**
 * The market of the file's underlying. When its name is not one the loader knows (e.g. "NIFTY 50") but
 * its options' root is (NIFTY), the root's terms apply under the file's name.
 */
export function underlyingMarket(file: string, symbols: readonly string[]): MarketDefaults {
  const symbol = pickUnderlying(file, symbols);
  const root = symbols.map(parseOptionSymbol).find((p) => p !== undefined)?.root;
  if (root !== undefined && !isKnownUnderlying(symbol) && isKnownUnderlying(underlyingOfRoot(root))) {
    return { ...marketDefaults(underlyingOfRoot(root)), symbol };
  }
  return marketDefaults(symbol);
}

/**
 * `spreads[symbolId]` holds observed (ask − bid) values in minor units, for each option's typical spread
 * (median, rounded to its tick; one tick when none).
 */
export function buildSymbolUniverse(
  file: string,
  symbols: readonly string[],
  market: MarketDefaults,
  spreads: readonly (readonly number[])[],
  options: DatasetOptions,
  utcOffsetMin: number,
): SymbolUniverse {
  const parsed = symbols.map(parseOptionSymbol);
  const underlyingSymbol = market.symbol;
  const idOfSymbol = new Int32Array(symbols.length);
  const tickOfSymbol = new Int32Array(symbols.length);
  const index = (symbol: string, id: number): IndexInstrument => ({ kind: 'INDEX', id, symbol, exchange: market.exchange, utcOffsetMin, tickSize: market.indexTick });
  const instruments: Instrument[] = [index(underlyingSymbol, 0)];
  const others = symbols.map((s, i) => ({ s, i })).filter(({ s, i }) => parsed[i] === undefined && s !== underlyingSymbol);
  others.sort((a, b) => (a.s < b.s ? -1 : 1));
  for (const { s, i } of others) {
    idOfSymbol[i] = instruments.length;
    instruments.push(index(s, instruments.length));
  }
  symbols.forEach((s, i) => {
    if (s === underlyingSymbol) idOfSymbol[i] = 0;
    tickOfSymbol[i] = market.indexTick;
  });
  const opts = symbols
    .map((symbol, i) => ({ symbol, i, p: parsed[i] }))
    .filter((o): o is { symbol: string; i: number; p: ParsedOptionSymbol } => o.p !== undefined)
    .sort((a, b) => (a.p.expiryDate < b.p.expiryDate ? -1 : a.p.expiryDate > b.p.expiryDate ? 1 : a.p.strike - b.p.strike || (a.p.right === 'CE' ? -1 : 1)));
  if (opts.length > 0) {
    for (const { symbol, i, p } of opts) {
      // Dated markets (NIFTY, SENSEX) take the lot of the option's own expiry from the contract table.
      const lotSize = lotSizeForExpiry(file, market, p.expiryDate, options.lotSize);
      if (lotSize === undefined) throw new DataInputError(`${file}: the lot size of ${underlyingSymbol} options is not known: pass lotSize (--lot-size N)`);
      const tick = market.optionTick;
      const observed = [...(spreads[i] ?? [])].filter((x) => x > 0).sort((a, b) => a - b);
      const median = observed[Math.floor(observed.length / 2)];
      const typicalSpread = median === undefined ? tick : Math.max(tick, Math.round(median / tick) * tick);
      const inst: OptionInstrument = {
        kind: 'OPTION',
        id: instruments.length,
        symbol,
        exchange: market.optionExchange,
        utcOffsetMin,
        tickSize: tick,
        right: p.right,
        underlying: underlyingSymbol,
        strike: p.strike,
        expiryDate: p.expiryDate,
        lotSize,
        typicalSpread,
      };
      idOfSymbol[i] = inst.id;
      tickOfSymbol[i] = tick;
      instruments.push(inst);
    }
  }
  return { instruments, market, idOfSymbol, tickOfSymbol, hasOptions: opts.length > 0 };
}
