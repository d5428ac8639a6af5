/** The regular session as a filter on epoch ms: ticks at or after the open and before the close (exchange local time). */
import { parseHhMm } from '../../core/calendar/exchange-time.js';

const MS_PER_DAY = 86_400_000;

export class SessionWindow {
  readonly openMin: number;
  readonly closeMin: number;
  private readonly offsetMs: number;
  private readonly openMs: number;
  private readonly closeMs: number;

  constructor(utcOffsetMin: number, open: string, close: string) {
    this.openMin = parseHhMm(open);
    this.closeMin = parseHhMm(close);
    this.offsetMs = utcOffsetMin * 60_000;
    this.openMs = this.openMin * 60_000;
    this.closeMs = this.closeMin * 60_000;
  }

  /** Length of the session in ms. */
  get lengthMs(): number {
    return this.closeMs - this.openMs;
  }

  contains(ts: number): boolean {
    const local = ts + this.offsetMs;
    const ms = local - Math.floor(local / MS_PER_DAY) * MS_PER_DAY;
    return ms >= this.openMs && ms < this.closeMs;
  }
}
