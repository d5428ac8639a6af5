/** Analytics benchmark: `analyze` over n deterministic trades (and two fills each), median of timed runs after a warm-up. */
import { pathToFileURL } from 'node:url';
import { analyze } from '../src/analytics/analyze.js';
import { dateToDayNumber } from '../src/core/calendar/exchange-time.js';
import type { ClosedTradeRecord, TradeEventRecord } from '../src/core/model/book-records.js';
import type { Regime } from '../src/core/model/events.js';
import { createRng } from '../src/core/rng.js';
import { measure } from './measure.js';

const IST = 330;
const DAY_MS = 86_400_000;
const MIN_MS = 60_000;
const REASONS = ['take_profit', 'stop_loss', 'trail_stop', 'time_exit', 'momentum_flip', 'session_flatten'] as const;
const REGIMES: readonly Regime[] = ['UNKNOWN', 'TRENDING', 'RANGING', 'VOLATILE'];
const PRESETS = ['nifty_normal', 'nifty_expiry', 'momentum_scalper', null] as const;

const pick = <T>(xs: readonly T[], u: number): T => xs[Math.floor(u * xs.length)]!;

/** n closed trades in exit order (about 200 a trading day, IST session 09:15–15:30) and their ENTRY/EXIT fills. */
export function benchBook(n: number, seed = 7): { trades: ClosedTradeRecord[]; events: TradeEventRecord[] } {
  const rng = createRng(seed);
  const trades: ClosedTradeRecord[] = [];
  const events: TradeEventRecord[] = [];
  const perDay = 200;
  let day = dateToDayNumber('2026-01-05');
  let slot = 0;
  for (let i = 0; i < n; i++) {
    if (slot === perDay) {
      slot = 0;
      day += (day + 4) % 7 === 5 ? 3 : 1; // Friday → Monday
    }
    const sessionOpen = day * DAY_MS + (9 * 60 + 15 - IST) * MIN_MS;
    const entryTs = sessionOpen + slot * 110_000 + Math.floor(rng.next() * 20_000);
    const exitTs = entryTs + 5_000 + Math.floor(rng.next() * 80_000);
    slot++;
    const side = rng.next() < 0.5 ? 'CE' : 'PE';
    const underlying = rng.next() < 0.7 ? 'NIFTY' : 'SENSEX';
    const qty = (1 + Math.floor(rng.next() * 4)) * 75;
    const entryPrice = 5_000 + Math.floor(rng.next() * 20_000) * 5;
    const exitPrice = Math.max(5, entryPrice + Math.round((rng.next() - 0.48) * 400) * 5);
    const grossPnl = (exitPrice - entryPrice) * qty;
    const charges = 2_000 + Math.floor(rng.next() * 3_000);
    const preset = pick(PRESETS, rng.next());
    const tradeId = `T${i}`;
    const symbol = `${underlying}26JAN${side}`;
    const exchange = underlying === 'NIFTY' ? 'NFO' : 'BFO';
    const netPnl = grossPnl - charges;
    // Plain literals with every field (as a store's row mapper builds them): V8 keeps them in fast mode.
    trades.push({
      tradeId,
      mode: 'PAPER',
      source: 'agent',
      underlying,
      exchange,
      symbol,
      side,
      qty,
      entryTs,
      exitTs,
      entryPrice,
      exitPrice,
      grossPnl,
      charges,
      netPnl,
      exitReason: pick(REASONS, rng.next()),
      preset,
      paramsVersion: 'v1',
      regime: pick(REGIMES, rng.next()),
      tradingDate: '2026-01-05',
      utcOffsetMin: IST,
    });
    const fill = (kind: 'ENTRY' | 'EXIT', ts: number, price: number): TradeEventRecord => ({
      eventId: `${tradeId}-${kind}`,
      tradeId,
      kind,
      ts,
      tradingDate: '2026-01-05',
      mode: 'PAPER',
      source: 'agent',
      underlying,
      exchange,
      symbol,
      side,
      action: kind === 'ENTRY' ? 'BUY' : 'SELL',
      qty,
      price,
      signalPrice: price + (Math.floor(rng.next() * 5) - 2) * 5,
      latencyMs: rng.next() < 0.9 ? 50 + Math.floor(rng.next() * 300) : null,
      charges: kind === 'ENTRY' ? 0 : charges,
      positionQty: kind === 'ENTRY' ? qty : 0,
      reason: kind,
      preset,
      paramsVersion: 'v1',
      contextJson: null,
    });
    events.push(fill('ENTRY', entryTs, entryPrice), fill('EXIT', exitTs, exitPrice));
  }
  return { trades, events };
}

/** Times `analyze` (no filter) over n generated trades and 2n fills; generation is not timed. */
export function analyticsBench(n = 1_000_000, passes = 5): { trades: number; ms: number } {
  const { trades, events } = benchBook(n);
  let sink = 0;
  const m = measure(passes, () => {
    sink += analyze({ trades, events }).summary.trades;
  });
  if (sink !== n * (passes + 1)) throw new Error('analytics bench: unexpected trade count');
  return { trades: n, ms: Math.round(m.medianMs * 10) / 10 };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const n = Number(process.argv[2] ?? 1_000_000);
  const r = analyticsBench(n);
  console.log(`analyze over ${r.trades.toLocaleString('en-US')} trades (+${(2 * r.trades).toLocaleString('en-US')} fills): ${r.ms} ms (median)`);
}
