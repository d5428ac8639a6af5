/** `scalper sim` (what `npm start` runs): the scalper trading the built-in simulator day by day, with a live status line. */
import { PaperSession } from '../backtest/run-days.js';
import type { ClosedTrade } from '../core/model/events.js';
import { formatMajor } from '../core/model/money.js';
import { paramsVersion } from '../core/params/params-version.js';
import { isPresetName, presetParams } from '../core/params/presets.js';
import { readRow } from '../sim/market/tick-columns.js';
import type { MutableTick } from '../core/model/tick.js';
import { loadRateCards } from '../adapters/rate-cards.js';
import { loadSimConfig } from '../adapters/sim-config-file.js';
import { createSimWorld } from '../app/sim-world.js';
import { clock } from './format.js';
import { UsageError } from './errors.js';

export interface SimOptions {
  readonly preset: string;
  readonly seed: number;
  readonly days: number;
  readonly startDate: string;
  /** Simulated seconds per wall second, or Infinity for as fast as possible. */
  readonly speed: number;
}

const STATUS_EVERY_MS = 250;
const CHUNK = 50_000;

export async function runSimCommand(o: SimOptions): Promise<void> {
  if (!isPresetName(o.preset)) throw new UsageError(`preset: unknown preset ${o.preset}`);
  const params = presetParams(o.preset);
  const underlying = o.preset.startsWith('sensex') ? 'SENSEX' : 'NIFTY';
  const { market, world } = createSimWorld(loadSimConfig(), loadRateCards(), {
    underlying,
    startDate: o.startDate,
    days: o.days,
    seed: o.seed,
    preset: o.preset,
    fill: { latencyMs: 100, slippageTicks: 0, slippageProbability: 0.25 },
  });
  const session = new PaperSession(params, world);
  const tty = process.stderr.isTTY;
  const speedLabel = Number.isFinite(o.speed) ? `×${o.speed}` : 'max speed';
  process.stderr.write(
    `AI Scalper — paper trading the ${underlying} simulator (${speedLabel}), preset ${o.preset} (${paramsVersion(params)}), seed ${o.seed}. Ctrl-C stops.\n`,
  );
  let stopped = false;
  process.once('SIGINT', () => {
    stopped = true;
  });
  process.once('SIGTERM', () => {
    stopped = true;
  });
  let printedTrades = 0;
  let simTs = 0;
  const tick: MutableTick = { ts: 0, instrument: 0, ltp: 0, bid: 0, ask: 0, bidQty: 0, askQty: 0 };
  const printTrades = (): void => {
    const trades = session.store.trades;
    for (; printedTrades < trades.length; printedTrades++) writeAbove(tty, tradeLine(trades[printedTrades]!));
  };
  let lastStatus = 0;
  for (let d = 0; d < market.tradingDates.length && !stopped; d++) {
    const cols = market.columnsForDay(d);
    const wallStart = Date.now();
    const simStart = cols.length > 0 ? cols.ts[0]! : 0;
    let i = 0;
    while (i < cols.length && !stopped) {
      const target = Number.isFinite(o.speed) ? simStart + (Date.now() - wallStart) * o.speed : Infinity;
      const end = Math.min(cols.length, i + CHUNK);
      while (i < end && cols.ts[i]! <= target) {
        readRow(cols, i, tick);
        session.step(tick);
        i++;
      }
      simTs = i > 0 ? cols.ts[i - 1]! : simTs;
      printTrades();
      const now = Date.now();
      if (now - lastStatus >= STATUS_EVERY_MS) {
        lastStatus = now;
        writeStatus(tty, statusLine(session, simTs, underlying, speedLabel));
      }
      await new Promise((resolve) => setTimeout(resolve, Number.isFinite(o.speed) ? 20 : 0));
    }
  }
  printTrades();
  const s = session.kernel.status();
  writeAbove(tty, `stopped at ${market.universe.instruments.length > 0 ? clock(simTs) : ''}: ${session.store.trades.length} trades, realised net today ₹${formatMajor(s.realisedNet)}, ${session.ticks.toLocaleString('en-US')} ticks processed.`);
}

function tradeLine(t: ClosedTrade): string {
  return (
    `${clock(t.entryTs)}→${clock(t.exitTs)} ${t.side} ${t.symbol} ${t.qty} @ ${formatMajor(Math.round(t.entryPrice))} → ${formatMajor(Math.round(t.exitPrice))}` +
    `  gross ₹${formatMajor(t.grossPnl)}  charges ₹${formatMajor(t.charges)}  net ₹${formatMajor(t.netPnl)}  (${t.exitReason})`
  );
}

function statusLine(session: PaperSession, ts: number, underlying: string, speed: string): string {
  const s = session.kernel.status();
  const pos =
    s.position === null
      ? 'flat'
      : `${s.position.side} ${s.position.qty} @ ${formatMajor(Math.round(s.position.avgEntry))} stop ${formatMajor(s.position.stop)} (${s.position.stage}) open ₹${formatMajor(s.position.unrealisedNet)}`;
  return `[${underlying} ${speed}] ${s.date} ${clock(ts)} | trades ${s.trades} | net ₹${formatMajor(s.realisedNet)} | ${pos} | regime CE ${s.regime.CE} PE ${s.regime.PE} | ${s.tradingState}`;
}

function writeStatus(tty: boolean, line: string): void {
  if (tty) process.stderr.write(`\r\x1b[2K${line}`);
  else process.stderr.write(`${line}\n`);
}

function writeAbove(tty: boolean, line: string): void {
  if (tty) process.stderr.write(`\r\x1b[2K${line}\n`);
  else process.stderr.write(`${line}\n`);
}
