/** Finishes a tick or bar file's dataset: dates and chains from its option symbols, or synthetic options when it holds only the underlying. */
import type { Instrument, IndexInstrument } from '../../core/model/instrument.js';
import { formatMajor } from '../../core/model/money.js';
import type { BuiltDataset } from './built-dataset.js';
import { DataInputError } from './data-input-error.js';
import type { DatasetOptions } from './dataset-options.js';
import type { MarketDefaults } from './market-defaults.js';
import { chainsFromUniverse } from './option-chains.js';
import type { SessionWindow } from './session-window.js';
import type { SymbolUniverse } from './symbol-universe.js';
import { deriveSyntheticOptions, resolveSynthetic } from './synthetic-options.js';
import type { TickSink } from './tick-sink.js';

export interface SymbolDatasetInput {
  readonly file: string;
  readonly options: DatasetOptions;
  readonly su: SymbolUniverse;
  readonly market: MarketDefaults;
  readonly session: SessionWindow;
  readonly utcOffsetMin: number;
  /** The file's ticks (in session, in time order), underlying and options. */
  readonly sink: TickSink;
  /** What was read, e.g. "ticks: SPY, 241,504 of 250,601 rows in session". */
  readonly summary: string;
  readonly settings: Readonly<Record<string, unknown>>;
}

/** Refuses underlying-only data without synthetic options, and synthetic options on data that has CE/PE prices. */
export function checkSyntheticChoice(file: string, su: SymbolUniverse, options: DatasetOptions): void {
  if (!su.hasOptions && options.syntheticOptions === undefined) {
    throw new DataInputError(
      `${file}: holds only ${su.market.symbol} (the underlying) and no CE/PE prices; to derive them by Black-Scholes add synthetic options, e.g. --synthetic-options iv=0.15 (the dataset is then labelled synthetic)`,
    );
  }
  if (su.hasOptions && options.syntheticOptions !== undefined) {
    throw new DataInputError(`${file}: already has CE/PE prices (option symbols); synthetic options apply to underlying-only data: drop them`);
  }
}

export function finishSymbolDataset(input: SymbolDatasetInput): BuiltDataset {
  const { file, options, su, market, session, utcOffsetMin, sink } = input;
  const profile = { currency: market.currency, utcOffsetMin, sessionOpen: market.sessionOpen, sessionClose: market.sessionClose, optionExchange: market.optionExchange };
  if (su.hasOptions) {
    const { dates, days } = sink.finish(utcOffsetMin);
    const universe = { instruments: su.instruments };
    return { description: input.summary, universe, underlying: 0, dates, days, chains: chainsFromUniverse(universe, dates), profile, synthetic: false, settings: input.settings };
  }
  const underlyingDays = sink.finish(utcOffsetMin);
  const underlying = su.instruments[0] as IndexInstrument;
  const settings = resolveSynthetic(options, market, underlyingDays.days[0]!.ltp[0]!, file);
  const out = deriveSyntheticOptions({ file, underlyingDays, underlying, market, settings, session, utcOffsetMin });
  const { dates, days } = out.sink.finish(utcOffsetMin);
  const instruments: Instrument[] = [underlying, ...out.options];
  const lots = [...new Set(out.lotSizes.values())];
  const dated = market.contracts !== undefined;
  const expiry = settings.expiry === '0dte' ? '0DTE' : dated ? `nearest ${market.exchange} expiry in force on each date` : 'weekly expiry';
  const lot = settings.lotSize !== undefined ? `lot ${settings.lotSize}` : `lot ${lots.join('/')} (${market.exchange} lot size in force on each date)`;
  const description =
    `SYNTHETIC options: ${input.summary}; CE/PE premiums derived by Black-Scholes (iv ${settings.iv}, rate ${settings.rate}, ` +
    `${expiry}, ${2 * settings.strikesEachSide + 1} strikes ${formatMajor(settings.strikeStep)} apart around each day's open, ` +
    `tick ${formatMajor(settings.optionTick)}, ${lot}), not recorded prices`;
  return {
    description,
    universe: { instruments },
    underlying: 0,
    dates,
    days,
    chains: out.chains,
    profile,
    synthetic: true,
    // Dated markets add the lot of each expiry (it shapes the instruments); fixed-term markets keep their settings (and hashes) as before.
    settings: { ...input.settings, synthetic: dated ? { ...settings, lotSizes: Object.fromEntries(out.lotSizes) } : settings },
  };
}
