/** Per-trading-date session boundaries (entry window, flatten time, expiry-day profile times) as epoch ms, and whether the date trades at all. */
import { localDayNumber, parseHhMm } from '../calendar/exchange-time.js';
import type { KernelParams } from '../params/kernel-params.js';

const MS_PER_DAY = 86_400_000;
const MS_PER_MINUTE = 60_000;

/**
 * Recomputed only when a tick crosses into a new local day, so the hot path compares numbers.
 * All times are exchange-local wall times turned into epoch ms with the instrument's fixed offset.
 */
export class SessionClock {
  dayNumber = Number.NaN;
  dayStartTs = 0;
  nextDayTs = 0;
  entryStartTs = 0;
  entryEndTs = 0;
  flattenTs = 0;
  /** Expiry-day profile switch times (14:00, 14:30, 15:00 local). */
  t1400 = 0;
  t1430 = 0;
  t1500 = 0;
  /** False on an exchange holiday or weekend (per `isTradingDay`): no entry window that day. */
  tradingDay = true;

  /** `isTradingDay(dayNumber)` is the exchange calendar, e.g. `(d) => tradingDays.isTradingDay(d)`; by default every day trades. */
  constructor(
    private readonly utcOffsetMin: number,
    private params: KernelParams,
    private readonly isTradingDay: (day: number) => boolean = () => true,
  ) {}

  setParams(params: KernelParams): void {
    this.params = params;
    if (!Number.isNaN(this.dayNumber)) this.compute(this.dayNumber);
  }

  /** Advances to the local day of `ts`; returns true when the day changed. */
  advance(ts: number): boolean {
    if (ts < this.nextDayTs && ts >= this.dayStartTs) return false;
    this.compute(localDayNumber(ts, this.utcOffsetMin));
    return true;
  }

  private compute(day: number): void {
    this.dayNumber = day;
    this.tradingDay = this.isTradingDay(day);
    this.dayStartTs = day * MS_PER_DAY - this.utcOffsetMin * MS_PER_MINUTE;
    this.nextDayTs = this.dayStartTs + MS_PER_DAY;
    const at = (minute: number): number => this.dayStartTs + minute * MS_PER_MINUTE;
    this.entryStartTs = at(parseHhMm(this.params.entryStart));
    this.entryEndTs = at(parseHhMm(this.params.entryEnd));
    this.flattenTs = at(parseHhMm(this.params.flattenAt));
    this.t1400 = at(14 * 60);
    this.t1430 = at(14 * 60 + 30);
    this.t1500 = at(15 * 60);
  }

  inEntryWindow(ts: number): boolean {
    return this.tradingDay && ts >= this.entryStartTs && ts < this.entryEndTs;
  }
}
