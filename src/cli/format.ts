/** Human-readable rendering of backtest results: a trade table and a metrics summary. */
import { tradingDate } from '../core/calendar/exchange-time.js';
import type { SimBacktestOutput } from '../app/commands/run-backtest.js';

const IST = 330;

/** HH:MM:SS of an epoch-ms time in exchange-local time. */
export function clock(ts: number, utcOffsetMin = IST): string {
  const local = new Date(ts + utcOffsetMin * 60_000);
  return local.toISOString().slice(11, 19);
}

const money = (x: number): string => x.toFixed(2);
const pad = (s: string, n: number): string => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const lpad = (s: string, n: number): string => (s.length >= n ? s : ' '.repeat(n - s.length) + s);

/** Times print in the exchange's local time (`utcOffsetMin`, IST by default). */
export function formatBacktest(out: SimBacktestOutput, utcOffsetMin = IST): string {
  const lines: string[] = [];
  lines.push(
    `AI Scalper backtest — ${out.underlying} simulator, preset ${out.preset} (${out.paramsVersion}), seed ${out.seed}, ` +
      `${out.dates.length} day(s) ${out.dates[0] ?? ''}..${out.dates[out.dates.length - 1] ?? ''}, ${out.ticks.toLocaleString('en-US')} ticks`,
  );
  lines.push('');
  lines.push(
    `${pad('date', 11)}${pad('entry', 9)}${pad('exit', 9)}${pad('side', 5)}${pad('symbol', 22)}${lpad('qty', 5)}${lpad('entry₹', 9)}${lpad('exit₹', 9)}${lpad('gross₹', 10)}${lpad('charges₹', 9)}${lpad('net₹', 10)}  reason`,
  );
  for (const t of out.trades) {
    lines.push(
      `${pad(tradingDate(t.entryTs, utcOffsetMin), 11)}${pad(clock(t.entryTs, utcOffsetMin), 9)}${pad(clock(t.exitTs, utcOffsetMin), 9)}${pad(t.side, 5)}${pad(t.symbol, 22)}${lpad(String(t.qty), 5)}` +
        `${lpad(money(t.entryPrice), 9)}${lpad(money(t.exitPrice), 9)}${lpad(money(t.grossPnl), 10)}${lpad(money(t.charges), 9)}${lpad(money(t.netPnl), 10)}  ${t.exitReason}`,
    );
  }
  const m = out.metrics;
  lines.push('');
  lines.push(
    `trades ${m.trades}   win rate ${(m.winRate * 100).toFixed(1)}%   profit factor ${m.profitFactor === null ? 'n/a' : m.profitFactor.toFixed(2)}   ` +
      `max drawdown ₹${money(m.maxDrawdown)}`,
  );
  lines.push(`gross ₹${money(m.grossPnl)}   charges ₹${money(m.charges)}   net ₹${money(m.netPnl)}`);
  return lines.join('\n');
}
