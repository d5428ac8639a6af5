/** Instruments: indices and CE/PE options, with exchange time offset, lot size and tick size. */

/** Option right: call (CE) or put (PE). */
export type OptionRight = 'CE' | 'PE';

/** Fields every instrument has. Prices (tickSize, strike) are in minor units. */
interface InstrumentBase {
  /** Dense integer id, unique within one universe; ticks refer to instruments by it. */
  readonly id: number;
  readonly symbol: string;
  /** Exchange code, e.g. NSE, BSE (the charges rate card is chosen by it). */
  readonly exchange: string;
  /** The exchange's fixed offset from UTC in minutes (IST = +330, no DST). */
  readonly utcOffsetMin: number;
  /** Minimum price increment in minor units (5 = ₹0.05). */
  readonly tickSize: number;
}

export interface IndexInstrument extends InstrumentBase {
  readonly kind: 'INDEX';
}

export interface OptionInstrument extends InstrumentBase {
  readonly kind: 'OPTION';
  readonly right: OptionRight;
  /** Symbol of the underlying index instrument. */
  readonly underlying: string;
  /** Strike in minor units. */
  readonly strike: number;
  /** Expiry trading date in exchange time, YYYY-MM-DD. */
  readonly expiryDate: string;
  /** Units per lot; order quantities are whole lots. */
  readonly lotSize: number;
  /** Typical bid/ask spread in minor units, used for paper fills when a tick carries no quote. */
  readonly typicalSpread: number;
}

export type Instrument = IndexInstrument | OptionInstrument;

/** A set of instruments addressed by dense id. */
export interface Universe {
  readonly instruments: readonly Instrument[];
}

/** Looks up an instrument by id; throws on an unknown id (a broken feed is an invariant failure). */
export function instrumentById(universe: Universe, id: number): Instrument {
  const inst = universe.instruments[id];
  if (inst === undefined || inst.id !== id) throw new RangeError(`unknown instrument id ${id}`);
  return inst;
}
