/** Daily net P&L and daily returns on capital: each trade counts on its exit's exchange trading date; days without trades are 0. */
import type { ClosedTrade } from '../../core/model/events.js';
import { tradingDate } from '../../core/calendar/exchange-time.js';

/** Net P&L per date of `dates` (minor units), trades binned by the exchange-local date of exitTs; a trade outside `dates` is a RangeError. */
export function dailyNetPnl(trades: readonly ClosedTrade[], dates: readonly string[], utcOffsetMin: number): number[] {
  const index = new Map<string, number>();
  dates.forEach((d, i) => index.set(d, i));
  const pnl = new Array<number>(dates.length).fill(0);
  for (const t of trades) {
    const date = tradingDate(t.exitTs, utcOffsetMin);
    const i = index.get(date);
    if (i === undefined) throw new RangeError(`trades: trade ${t.id} exits on ${date}, which is not one of dates`);
    pnl[i]! += t.netPnl;
  }
  return pnl;
}

/** Daily returns on a fixed capital: dailyNetPnl / capital, one per date (0 on days without trades). */
export function dailyReturns(trades: readonly ClosedTrade[], dates: readonly string[], utcOffsetMin: number, capital: number): number[] {
  return dailyNetPnl(trades, dates, utcOffsetMin).map((p) => p / capital);
}
