/** Ticks of one strike's CE and PE: Black–Scholes on every underlying event, published on requotes and heartbeats. */
import { createRng } from '../../core/rng.js';
import type { Rng } from '../../core/ports.js';
import { normCdf } from '../pricing/normal-cdf.js';
import { smileMultiplier } from './iv-model.js';
import { HEARTBEAT_SHARE, PARTICIPATION_FLOOR, TOUCH_PRINT_PROB, drawQty, liquidityOf, meanLots, spreadTicks } from './quote-model.js';
import { SimRegime } from './regime.js';
import type { TickBuffer } from './tick-buffer.js';

/** Per-event market state shared by every strike of a session. */
export interface EventCurves {
  readonly count: number;
  readonly t: Int32Array;
  readonly spot: Float64Array;
  readonly lnSpot: Float64Array;
  readonly years: Float64Array;
  readonly sqrtYears: Float64Array;
  readonly discount: Float64Array;
  readonly atmIv: Float64Array;
  readonly regime: Uint8Array;
}

export interface StrikeTickSpec {
  /** Minor units. */
  readonly strike: number;
  readonly strikeStep: number;
  readonly ceId: number;
  readonly peId: number;
  readonly ceRank: number;
  readonly peRank: number;
  readonly tick: number;
  readonly lotSize: number;
  readonly typicalSpreadTicks: number;
  readonly rate: number;
  /** Configured near-ATM tick rate; heartbeats are a share of it. */
  readonly ticksPerSecond: number;
  readonly sessionMs: number;
  /** Session offset from which expiry-day books widen (Infinity on other days). */
  readonly lateFromMs: number;
}

/** Publication jitter after the underlying event, ms (exponential, mean 8). */
const JITTER_MEAN_MS = 8;
const QTY_TILT_WITH = 1.4;
const QTY_TILT_AGAINST = 0.75;

/** Book state of one option; prices in ticks (integers). */
class Book {
  center = 0;
  bid = 0;
  ask = 0;
  ltp = 0;
  up = true;
  volatile = false;
  late = false;
  /** The book changed since it was last published. */
  dirty = false;
  started = false;
  lastMs = -1;
  nextHeartbeat = 0;
  heartbeatRate = 1;
  liquidity = 1;
  bidTilt = 1;
  askTilt = 1;

  constructor(
    readonly id: number,
    readonly rank: number,
    readonly isCall: boolean,
  ) {}
}

/** Appends the session's ticks for the CE and PE of one strike. */
export function appendStrikeTicks(seed: number, curves: EventCurves, spec: StrikeTickSpec, out: TickBuffer): void {
  const rng = createRng(seed);
  const tick = spec.tick;
  const strike = spec.strike;
  const lnStrike = Math.log(strike);
  const rate = spec.rate;
  const sessionMs = spec.sessionMs;
  const hbBase = HEARTBEAT_SHARE * spec.ticksPerSecond;
  const ce = new Book(spec.ceId, spec.ceRank, true);
  const pe = new Book(spec.peId, spec.peRank, false);

  const emit = (book: Book, ms: number, trade: boolean): void => {
    let at = ms;
    if (at <= book.lastMs) at = book.lastMs + 1;
    if (at >= sessionMs) return;
    if (trade) book.ltp = rng.next() < TOUCH_PRINT_PROB ? (book.up ? book.ask : book.bid) : book.center;
    const liq = book.liquidity;
    const bidQty = drawQty(spec.lotSize, meanLots(liq) * book.bidTilt, rng.next());
    const askQty = drawQty(spec.lotSize, meanLots(liq) * book.askTilt, rng.next());
    out.push(at, book.rank, book.id, book.ltp * tick, book.bid * tick, book.ask * tick, bidQty, askQty);
    book.lastMs = at;
    book.dirty = false;
    book.started = true;
  };

  const heartbeatsBefore = (book: Book, ms: number): void => {
    while (book.nextHeartbeat < ms) {
      // A heartbeat publishes the current book; a print happens only if the book moved unpublished.
      if (book.started) emit(book, Math.floor(book.nextHeartbeat), book.dirty);
      book.nextHeartbeat += expMs(rng, book.heartbeatRate);
    }
  };

  const requote = (book: Book, premium: number, ms: number, regime: number, late: boolean): void => {
    const volatile = regime === SimRegime.VOLATILE;
    const inTicks = premium / tick;
    let c = Math.round(inTicks);
    if (c < 1) c = 1;
    if (c !== book.center || volatile !== book.volatile || late !== book.late || !book.started) {
      const k = spreadTicks(spec.typicalSpreadTicks, volatile, late, premium, book.liquidity, rng.next());
      let b = Math.round(inTicks - k / 2);
      if (b < 1) b = 1;
      const a = b + k;
      if (c < b) c = b;
      else if (c > a) c = a;
      book.up = c >= book.center;
      book.center = c;
      book.bid = b;
      book.ask = a;
      book.volatile = volatile;
      book.late = late;
      book.dirty = true;
      const withTrend = (regime === SimRegime.TREND_UP) === book.isCall;
      const trending = regime === SimRegime.TREND_UP || regime === SimRegime.TREND_DOWN;
      book.bidTilt = trending ? (withTrend ? QTY_TILT_WITH : QTY_TILT_AGAINST) : 1;
      book.askTilt = trending ? (withTrend ? QTY_TILT_AGAINST : QTY_TILT_WITH) : 1;
    }
    if (book.dirty && (!book.started || rng.next() < PARTICIPATION_FLOOR + (1 - PARTICIPATION_FLOOR) * book.liquidity)) {
      emit(book, ms + Math.floor(-Math.log(1 - rng.next()) * JITTER_MEAN_MS), true);
    }
  };

  const t = curves.t;
  const spot = curves.spot;
  const lnSpot = curves.lnSpot;
  const years = curves.years;
  const sqrtYears = curves.sqrtYears;
  const discount = curves.discount;
  const atmIv = curves.atmIv;
  const regimes = curves.regime;
  for (let j = 0; j < curves.count; j++) {
    const ms = t[j] ?? 0;
    heartbeatsBefore(ce, ms);
    heartbeatsBefore(pe, ms);

    const s = spot[j] ?? 0;
    const kd = strike * (discount[j] ?? 1);
    const iv = atmIv[j] ?? 0;
    const sq = sqrtYears[j] ?? 0;
    const x = (lnSpot[j] ?? 0) - lnStrike;
    let call: number;
    let put: number;
    const atmSd = iv * sq;
    if (atmSd < 1e-9) {
      call = s > kd ? s - kd : 0;
      put = kd > s ? kd - s : 0;
    } else {
      const vol = iv * smileMultiplier(-x / atmSd);
      const sd = vol * sq;
      const d1 = (x + (rate + 0.5 * vol * vol) * (years[j] ?? 0)) / sd;
      const n1 = normCdf(d1);
      const n2 = normCdf(d1 - sd);
      call = s * n1 - kd * n2;
      put = kd * (1 - n2) - s * (1 - n1);
      if (call < 0) call = 0;
      if (put < 0) put = 0;
    }
    const liq = liquidityOf(Math.abs(s - strike) / spec.strikeStep);
    ce.liquidity = liq;
    pe.liquidity = liq;
    const late = ms >= spec.lateFromMs;
    const regime = regimes[j] ?? SimRegime.RANGING;
    requote(ce, call, ms, regime, late);
    requote(pe, put, ms, regime, late);
    const hbRate = hbBase * (0.3 + 0.7 * liq);
    ce.heartbeatRate = hbRate;
    pe.heartbeatRate = hbRate;
    if (j === 0) {
      ce.nextHeartbeat = expMs(rng, hbRate);
      pe.nextHeartbeat = expMs(rng, hbRate);
    }
  }
  heartbeatsBefore(ce, sessionMs);
  heartbeatsBefore(pe, sessionMs);
}

/** An exponential waiting time in ms for `perSecond` events per second (at least 1 ms). */
function expMs(rng: Rng, perSecond: number): number {
  return Math.max(1, (-Math.log(1 - rng.next()) * 1000) / perSecond);
}
