/** A CE/PE panel's dataset: each in-session row gives an underlying tick and a CE and a PE tick. */
import { tradingDate } from '../../core/calendar/exchange-time.js';
import type { Instrument, OptionInstrument, OptionRight } from '../../core/model/instrument.js';
import { formatMajor, toMinor } from '../../core/model/money.js';
import { optionSymbol } from '../../sim/market/option-symbol.js';
import { inferBarMs } from './bar-path.js';
import { microToTicks } from './byte-numbers.js';
import type { BuiltDataset } from './built-dataset.js';
import type { CsvCursor } from './csv-cursor.js';
import { DataInputError } from './data-input-error.js';
import type { DatasetOptions } from './dataset-options.js';
import { lotSizeOn, marketDefaults } from './market-defaults.js';
import { chainsFromUniverse } from './option-chains.js';
import { refuseOtherOptions } from './option-scope.js';
import { readPanelRows, type RawPanel } from './panel-rows.js';
import { resolveOffset } from './resolve-offset.js';
import { SessionWindow } from './session-window.js';
import type { PanelLayout } from './text-layout.js';
import { TickSink } from './tick-sink.js';

/** Defaults of the known SPX + SPXW 3700 0DTE panel. */
const SPX_PANEL = { symbol: 'SPX', strike: 3700 };

/** A mapped panel's underlying symbol: the option, else the underlying column's name up to its first underscore (spx_close → SPX). */
function panelSymbol(layout: PanelLayout, options: DatasetOptions): string {
  if (options.symbol !== undefined) return options.symbol;
  if (layout.known) return SPX_PANEL.symbol;
  const name = (layout.mapping.underlying ?? '').split('_')[0]?.toUpperCase() ?? '';
  return /^[A-Z][A-Z0-9]*$/.test(name) ? name : 'UNDERLYING';
}

/** Median (ask − bid) in micro-units over rows quoting both, as minor units rounded to the tick (at least one tick). */
function typicalSpread(bid: Float64Array, ask: Float64Array, n: number, tick: number): number {
  const spreads: number[] = [];
  for (let i = 0; i < n; i++) if (bid[i]! > 0 && ask[i]! > bid[i]!) spreads.push(ask[i]! - bid[i]!);
  spreads.sort((a, b) => a - b);
  const median = spreads[Math.floor(spreads.length / 2)];
  return median === undefined ? tick : Math.max(tick, microToTicks(median, tick));
}

/** LTP of one side: the last trade if present, else the quote mid; both rounded to the tick (at least one tick). 0 = no price. */
function sideLtp(last: number, bid: number, ask: number, tick: number): number {
  if (last === last && last > 0) return Math.max(tick, microToTicks(last, tick));
  if (bid === bid && ask === ask && bid > 0 && ask > 0) return Math.max(tick, microToTicks((bid + ask) / 2, tick));
  return 0;
}

const fmt = (n: number): string => n.toLocaleString('en-US');

export function panelDataset(file: string, cursor: CsvCursor, layout: PanelLayout, options: DatasetOptions): BuiltDataset {
  refuseOtherOptions(file, 'a CE/PE panel', options, ['columns', 'strike', 'expiry', 'lotSize', 'utcOffsetMin', 'symbol']);
  const symbol = panelSymbol(layout, options);
  const market = marketDefaults(symbol);
  const strikeMajor = options.strike ?? (layout.known ? SPX_PANEL.strike : undefined);
  if (strikeMajor === undefined) throw new DataInputError(`${file}: a panel needs the strike of its CE/PE columns: pass strike (--strike 3700)`);
  const strike = toMinor(strikeMajor);
  const expiry = options.expiry ?? '0dte';
  if (options.lotSize === undefined && market.lotSize === undefined && market.contracts === undefined) {
    throw new DataInputError(`${file}: the lot size of ${symbol} options is not known: pass lotSize (--lot-size N)`);
  }
  const lots = new Set<number>();
  const raw: RawPanel = readPanelRows(cursor, layout);
  if (raw.n === 0) throw new DataInputError(`${file}: no data rows after the header (line ${cursor.headerLine})`);
  const { utcOffsetMin, source } = resolveOffset(file, market, raw.time, raw.ts[0]!, raw.ts[raw.n - 1]!, options.utcOffsetMin);
  const session = new SessionWindow(utcOffsetMin, market.sessionOpen, market.sessionClose);
  const shift = raw.time.naive ? utcOffsetMin * 60_000 : 0;
  const barMs = inferBarMs(raw.ts, raw.n);
  const tick = market.optionTick;

  const instruments: Instrument[] = [{ kind: 'INDEX', id: 0, symbol, exchange: market.exchange, utcOffsetMin, tickSize: market.indexTick }];
  const spread: Record<OptionRight, number> = {
    CE: typicalSpread(raw.ceBid, raw.ceAsk, raw.n, tick),
    PE: typicalSpread(raw.peBid, raw.peAsk, raw.n, tick),
  };
  const pairs = new Map<string, { ce: number; pe: number }>();
  const pairFor = (expiryDate: string, date: string): { ce: number; pe: number } => {
    let pair = pairs.get(expiryDate);
    if (pair === undefined) {
      // Dated markets (NIFTY, SENSEX) take the lot in force for the expiry (a 0DTE stand-in: the nearest contract's).
      const lotSize = lotSizeOn(file, market, date, expiryDate, options.lotSize)!;
      lots.add(lotSize);
      const make = (right: OptionRight): number => {
        const inst: OptionInstrument = {
          kind: 'OPTION',
          id: instruments.length,
          symbol: optionSymbol(market.optionRoot, expiryDate, strike, right),
          exchange: market.optionExchange,
          utcOffsetMin,
          tickSize: tick,
          right,
          underlying: symbol,
          strike,
          expiryDate,
          lotSize,
          typicalSpread: spread[right],
        };
        instruments.push(inst);
        return inst.id;
      };
      pair = { ce: make('CE'), pe: make('PE') };
      pairs.set(expiryDate, pair);
    }
    return pair;
  };

  const sink = new TickSink(raw.n * 3);
  let rows = 0;
  let missing = 0;
  for (let i = 0; i < raw.n; i++) {
    const start = raw.ts[i]! - shift;
    if (!session.contains(start)) continue;
    rows++;
    // The row holds closes of a bar stamped at its start: replaying them at the start would show each close a bar early.
    const ts = start + barMs - 1;
    const date = tradingDate(start, utcOffsetMin);
    if (expiry !== '0dte' && date > expiry) throw new DataInputError(`${file}: rows on ${date} are after the options' expiry ${expiry}`);
    const pair = pairFor(expiry === '0dte' ? date : expiry, date);
    const u = raw.underlying[i]!;
    if (u > 0) sink.push(ts, 0, Math.max(market.indexTick, microToTicks(u, market.indexTick)), 0, 0, 0, 0);
    else missing++;
    const sides = [
      [pair.ce, raw.ceLast[i]!, raw.ceBid[i]!, raw.ceAsk[i]!],
      [pair.pe, raw.peLast[i]!, raw.peBid[i]!, raw.peAsk[i]!],
    ] as const;
    for (const [id, last, bid, ask] of sides) {
      const ltp = sideLtp(last, bid, ask, tick);
      if (ltp === 0) {
        missing++;
        continue;
      }
      sink.push(ts, id, ltp, bid > 0 ? microToTicks(bid, tick) : 0, ask > 0 ? microToTicks(ask, tick) : 0, 0, 0);
    }
  }
  if (rows === 0) {
    throw new DataInputError(`${file}: none of the ${fmt(raw.n)} rows falls in the regular session ${market.sessionOpen}–${market.sessionClose} (UTC offset ${utcOffsetMin} min, from ${source})`);
  }
  const { dates, days } = sink.finish(utcOffsetMin);
  const universe = { instruments };
  const description =
    `panel: ${symbol} + ${market.optionRoot} ${formatMajor(strike).replace(/\.00$/, '')} CE/PE (${expiry === '0dte' ? '0DTE' : `expiry ${expiry}`}, lot ${[...lots].join('/')}); ` +
    `${fmt(rows)} of ${fmt(raw.n)} rows in the regular session ${market.sessionOpen}–${market.sessionClose} (UTC offset ${utcOffsetMin} min, from ${source}), ` +
    `${barMs / 1000}-second closes stamped at the bar end; LTP = last trade, else the quote mid; prices rounded to the tick` +
    `${missing > 0 ? `; prices missing (no tick): ${fmt(missing)}` : ''}`;
  return {
    description,
    universe,
    underlying: 0,
    dates,
    days,
    chains: chainsFromUniverse(universe, dates),
    profile: { currency: market.currency, utcOffsetMin, sessionOpen: market.sessionOpen, sessionClose: market.sessionClose, optionExchange: market.optionExchange },
    synthetic: false,
    settings: { format: 'panel', mapping: layout.mapping, symbol, strike, expiry, lotSize: lots.size === 1 ? [...lots][0] : [...lots], utcOffsetMin, barMs, session: [market.sessionOpen, market.sessionClose] },
  };
}
