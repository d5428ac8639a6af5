/** Everything the rules know about one side (CE or PE): momentum, directional window, regime, candles and quote. */
import type { Regime } from '../model/events.js';
import type { Tick } from '../model/tick.js';
import type { KernelParams } from '../params/kernel-params.js';
import { DirectionalWindow, emptyWindowStats, type WindowStats } from './directional-window.js';
import { Atr } from './indicators/atr.js';
import { Ema } from './indicators/ema.js';
import { MinuteCandles } from './minute-candles.js';
import { Momentum } from './momentum.js';
import { RollingWindowStats } from './rolling-window-stats.js';
import { classifyRegime } from './regime.js';


export class SideFeatures {
  /** Instrument id currently tracked by this side, −1 when none. */
  instrument = -1;
  readonly momentum: Momentum;
  /** Directional ticks for the no-trade zone (scanned only when a signal is evaluated). */
  readonly window = new DirectionalWindow();
  /** Incremental stats over the regime window, so the regime is fresh on every tick (the original throttled to 250 ms). */
  private readonly regimeWindow: RollingWindowStats;
  regime: Regime = 'UNKNOWN';
  private readonly stats: WindowStats = emptyWindowStats();

  readonly candles = new MinuteCandles();
  /** EMA9 of closed 1-minute closes, seeded with the first close (the original's candle confirm). */
  candleEma = new Ema(9, 'first');
  /** ATR(14) of the closed 1-minute premium candles (NaN until 15 candles), for ATR stops. */
  candleAtr = new Atr(14);
  lastClose = Number.NaN;
  prevClose = Number.NaN;

  ltp = 0;
  bid = 0;
  ask = 0;
  bidQty = 0;
  askQty = 0;
  lastTs = 0;
  /** Price of the last exit on this instrument (0 = none), for the min-move re-entry rule. */
  lastExitPrice = 0;
  /** Tick time of the last profitable exit on this instrument, for re-entry detection. */
  lastProfitExitTs = Number.NEGATIVE_INFINITY;
  /** Last risk refusal logged for this side, so RiskDenied is emitted on change only. */
  lastDenied = '';

  constructor(minTick: number, regimeWindowMs: number) {
    this.momentum = new Momentum(minTick);
    this.regimeWindow = new RollingWindowStats(regimeWindowMs);
  }

  /** Starts tracking a new instrument (after a strike roll): every feature starts from scratch. */
  reset(instrument: number): void {
    this.instrument = instrument;
    this.momentum.reset();
    this.window.clear();
    this.regimeWindow.clear();
    this.regime = 'UNKNOWN';
    this.candles.reset();
    this.candleEma = new Ema(9, 'first');
    this.candleAtr = new Atr(14);
    this.lastClose = Number.NaN;
    this.prevClose = Number.NaN;
    this.ltp = 0;
    this.bid = 0;
    this.ask = 0;
    this.bidQty = 0;
    this.askQty = 0;
    this.lastTs = 0;
    this.lastExitPrice = 0;
    this.lastProfitExitTs = Number.NEGATIVE_INFINITY;
    this.lastDenied = '';
  }

  update(tick: Tick, p: KernelParams): void {
    const price = tick.ltp;
    this.ltp = price;
    this.bid = tick.bid;
    this.ask = tick.ask;
    this.bidQty = tick.bidQty;
    this.askQty = tick.askQty;
    this.lastTs = tick.ts;
    const m = this.momentum;
    m.update(price);
    if (m.lastMove !== 0) {
      this.window.push(tick.ts, price, m.lastMove);
      if (p.regimeDetectionEnabled) this.regimeWindow.push(tick.ts, price, m.lastMove);
    }
    if (this.candles.update(tick.ts, price)) {
      const close = this.candles.closedClose;
      this.prevClose = this.lastClose;
      this.lastClose = close;
      this.candleEma.update(close);
      this.candleAtr.update(this.candles.closedHigh, this.candles.closedLow, close);
    }
    if (p.regimeDetectionEnabled) {
      this.regimeWindow.setWindow(p.regimeWindowMs);
      this.regime = classifyRegime(this.regimeWindow.stats(tick.ts, this.stats), p.regimeVolatileThreshold, p.regimeRangingThreshold);
    } else {
      // Detection switched off at runtime must not leave a stale regime boosting or gating entries.
      this.regime = 'UNKNOWN';
    }
  }

  /** No-trade zone: enough directional ticks in the window but the premium range is still narrow. */
  inNoTradeZone(ts: number, p: KernelParams): boolean {
    const s = this.window.stats(ts, p.noTradeZoneWindowMs, this.stats);
    return s.count >= p.noTradeZoneMinTicks && s.max - s.min < p.noTradeZoneRangePts;
  }

  /** Candle confirmation of an up signal, from closed 1-minute candles of this side. */
  candleConfirms(mode: 'EMA9' | 'PREV'): boolean {
    if (this.candles.closedCount < 2 || Number.isNaN(this.prevClose)) return false;
    if (mode === 'EMA9' && this.candleEma.ready) {
      // The EMA includes the last close, as the original computed it over all closed candles.
      return this.lastClose > this.candleEma.value;
    }
    return this.lastClose > this.prevClose;
  }
}
