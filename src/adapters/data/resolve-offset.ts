/** Chooses a text file's UTC offset: the option, else the offset its ISO times state, else the market's (IST, or US Eastern by date). */
import { tradingDate } from '../../core/calendar/exchange-time.js';
import { DataInputError } from './data-input-error.js';
import type { MarketDefaults } from './market-defaults.js';
import type { TimeColumn } from './time-column.js';
import { usEasternOffsetMin } from './us-eastern-offset.js';

export interface OffsetChoice {
  readonly utcOffsetMin: number;
  /** How it was chosen, for the dataset description. */
  readonly source: string;
}

/** `firstTs`/`lastTs` are the file's first and last times (local wall time when `time.naive`). */
export function resolveOffset(file: string, market: MarketDefaults, time: TimeColumn, firstTs: number, lastTs: number, option: number | undefined): OffsetChoice {
  if (option !== undefined) return { utcOffsetMin: option, source: 'utcOffsetMin option' };
  const { offsets } = time;
  if (offsets.first === offsets.first) {
    if (offsets.other === offsets.other) {
      throw new DataInputError(
        `${file}:${offsets.otherLine}: the UTC offset changes from ${offsets.first} to ${offsets.other} min (daylight saving); a dataset has one offset: load the dates on each side separately, or pass utcOffsetMin (--utc-offset-min)`,
      );
    }
    return { utcOffsetMin: offsets.first, source: 'ISO times in the file' };
  }
  if (market.fixedOffsetMin !== undefined) return { utcOffsetMin: market.fixedOffsetMin, source: `${market.symbol} exchange time` };
  // A provisional −300 only picks the calendar date; no session time is within an hour of midnight.
  const first = tradingDate(firstTs, time.naive ? 0 : -300);
  const last = tradingDate(lastTs, time.naive ? 0 : -300);
  const a = usEasternOffsetMin(first);
  const b = usEasternOffsetMin(last);
  if (a !== b) {
    throw new DataInputError(
      `${file}: the dates ${first}..${last} span a US daylight-saving change (UTC offset ${a} then ${b} min); a dataset has one offset: load the dates on each side separately`,
    );
  }
  return { utcOffsetMin: a, source: `US Eastern daylight-saving rules for ${first}` };
}
