/** Ticks of one option: its book follows the Black–Scholes premium and is published on requotes and heartbeats. */
import { createRng } from '../../core/rng.js';
import { HEARTBEAT_SHARE, PARTICIPATION_FLOOR, TOUCH_PRINT_PROB, drawQty, meanLots, spreadTicks } from './quote-model.js';
import type { EventCurves } from './strike-premiums.js';
import { SimRegime } from './regime.js';
import type { TickBuffer } from './tick-buffer.js';

export interface OptionTickSpec {
  readonly id: number;
  readonly rank: number;
  readonly isCall: boolean;
  /** Minor units. */
  readonly tick: number;
  readonly lotSize: number;
  readonly typicalSpreadTicks: number;
  /** Configured near-ATM tick rate; heartbeats are a share of it. */
  readonly ticksPerSecond: number;
  readonly sessionMs: number;
  /** Session offset from which expiry-day books widen (Infinity on other days). */
  readonly lateFromMs: number;
}

/** Publication delay after the underlying event: 0..MAX ms, skewed to short (u² shape). */
const JITTER_MAX_MS = 24;
const QTY_TILT_WITH = 1.4;
const QTY_TILT_AGAINST = 0.75;

/**
 * Appends one option's ticks for the session. `premium[j]` (minor units) and `liquidity[j]` are the
 * option's fair price and liquidity at event j. Prices are whole ticks with bid ≥ 1 tick,
 * bid < ask and bid ≤ ltp ≤ ask on every tick; timestamps strictly increase.
 */
export function appendOptionTicks(
  seed: number,
  curves: EventCurves,
  premium: Float64Array,
  liquidity: Float64Array,
  spec: OptionTickSpec,
  out: TickBuffer,
): void {
  const rng = createRng(seed);
  const tick = spec.tick;
  const sessionMs = spec.sessionMs;
  const hbBase = HEARTBEAT_SHARE * spec.ticksPerSecond;
  const withTrendRegime = spec.isCall ? SimRegime.TREND_UP : SimRegime.TREND_DOWN;
  const againstTrendRegime = spec.isCall ? SimRegime.TREND_DOWN : SimRegime.TREND_UP;
  const t = curves.t;
  const regimes = curves.regime;

  // Book state in ticks (integers).
  let center = 0;
  let bid = 0;
  let ask = 0;
  let ltp = 0;
  let up = true;
  let wasVolatile = false;
  let wasLate = false;
  let dirty = false;
  let started = false;
  let lastMs = -1;
  let liq = 1;
  let bidMean = 1;
  let askMean = 1;
  let nextHeartbeat = Infinity;

  const emit = (ms: number, trade: boolean): void => {
    let at = ms;
    if (at <= lastMs) at = lastMs + 1;
    if (at >= sessionMs) return;
    if (trade) ltp = rng.next() < TOUCH_PRINT_PROB ? (up ? ask : bid) : center;
    out.push(at, spec.rank, spec.id, ltp * tick, bid * tick, ask * tick, drawQty(spec.lotSize, bidMean, rng.next()), drawQty(spec.lotSize, askMean, rng.next()));
    lastMs = at;
    dirty = false;
    started = true;
  };

  for (let j = 0; j <= curves.count; j++) {
    const ms = j < curves.count ? (t[j] ?? 0) : sessionMs;
    while (nextHeartbeat < ms) {
      // A heartbeat publishes the current book; it prints a trade only if the book moved unpublished.
      emit(Math.floor(nextHeartbeat), dirty);
      nextHeartbeat += Math.max(1, (-Math.log(1 - rng.next()) * 1000) / (hbBase * (0.3 + 0.7 * liq)));
    }
    if (j === curves.count) break;

    const px = premium[j] ?? 0;
    liq = liquidity[j] ?? 0;
    const regime = regimes[j] ?? SimRegime.RANGING;
    const volatile = regime === SimRegime.VOLATILE;
    const late = ms >= spec.lateFromMs;
    const inTicks = px / tick;
    let c = Math.round(inTicks);
    if (c < 1) c = 1;
    if (c !== center || volatile !== wasVolatile || late !== wasLate || !started) {
      const k = spreadTicks(spec.typicalSpreadTicks, volatile, late, liq, rng.next());
      let b = Math.round(inTicks - k / 2);
      if (b < 1) b = 1;
      const a = b + k;
      if (c < b) c = b;
      else if (c > a) c = a;
      up = c >= center;
      center = c;
      bid = b;
      ask = a;
      wasVolatile = volatile;
      wasLate = late;
      dirty = true;
      // Size leans towards the side a trend favours (bids for calls in an up-trend).
      const lots = meanLots(liq);
      bidMean = regime === withTrendRegime ? lots * QTY_TILT_WITH : regime === againstTrendRegime ? lots * QTY_TILT_AGAINST : lots;
      askMean = regime === withTrendRegime ? lots * QTY_TILT_AGAINST : regime === againstTrendRegime ? lots * QTY_TILT_WITH : lots;
    }
    if (dirty && (!started || rng.next() < PARTICIPATION_FLOOR + (1 - PARTICIPATION_FLOOR) * liq)) {
      const u = rng.next();
      emit(ms + Math.floor(u * u * JITTER_MAX_MS), true);
    }
    if (j === 0) nextHeartbeat = Math.max(1, (-Math.log(1 - rng.next()) * 1000) / (hbBase * (0.3 + 0.7 * liq)));
  }
}
