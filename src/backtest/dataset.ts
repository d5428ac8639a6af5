/** A replayable dataset: instruments, per-date option chains and per-date tick columns, as every data loader produces it. */
import type { OptionChain } from '../core/kernel.js';
import type { Universe } from '../core/model/instrument.js';
import type { TickColumns } from '../sim/market/tick-columns.js';

/** The market a dataset comes from: money currency, exchange time and regular session (exchange local). */
export interface MarketProfile {
  readonly currency: 'INR' | 'USD';
  /** Fixed UTC offset of the exchange for this dataset's dates, minutes (IST 330, US Eastern −300 or −240). */
  readonly utcOffsetMin: number;
  /** Regular session, exchange local HH:MM. */
  readonly sessionOpen: string;
  readonly sessionClose: string;
  /** Exchange (or segment) of the options, used to pick a charges rate card. */
  readonly optionExchange: string;
}

export interface ReplayDataset {
  /** Short name for results, e.g. the file name. */
  readonly name: string;
  /** What was loaded and how, e.g. "panel: SPX + SPXW 3700 CE/PE, 1-min bars expanded O-H-L-C". */
  readonly description: string;
  readonly universe: Universe;
  /** Instrument id of the underlying index. */
  readonly underlying: number;
  /** Trading dates (exchange local, YYYY-MM-DD), ascending; `days[i]` holds the ticks of `dates[i]`. */
  readonly dates: readonly string[];
  readonly days: readonly TickColumns[];
  /** The option chain of each trading date. */
  readonly chains: ReadonlyMap<string, OptionChain>;
  readonly profile: MarketProfile;
  /** True when CE/PE premiums were derived by the option pricer rather than recorded. */
  readonly synthetic: boolean;
  /** Hex SHA-256 over the source bytes and every loader option that changes the ticks. */
  readonly dataHash: string;
}
