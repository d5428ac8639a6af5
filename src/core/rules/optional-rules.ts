/** The seeds' optional rules in one place: their per-date settings, entry inputs and position steps (all off by default). */
import { dateToDayNumber, minuteOfDay } from '../calendar/exchange-time.js';
import type { SideFeatures } from '../features/side-features.js';
import type { Regime, Side } from '../model/events.js';
import type { OptionInstrument } from '../model/instrument.js';
import { ceilToTick, floorToTick } from '../model/money.js';
import type { KernelParams } from '../params/kernel-params.js';
import { WEEKDAYS } from '../params/param-spec.js';
import type { Position } from '../portfolio/position.js';
import { CalibrationBuckets } from './calibration-gate.js';
import { STRESS_LEVELS, dailyBudget, lotsWithinBudget, stressLevel } from './capital-budget.js';
import { R_LEVELS, atrStopDistance, partialQty } from './r-multiple.js';

/** A partial exit a rule asks for: units to sell and the reason on the order. */
export interface PartialSell {
  readonly qty: number;
  readonly reason: string;
}

/** The ask when quoted, else the last price: what a market BUY is expected to pay. */
const buyPrice = (t: SideFeatures): number => (t.ask > 0 ? t.ask : t.ltp);

export class OptionalRules {
  private readonly calibration = new CalibrationBuckets();
  private indexLastTs = 0;
  private skipToday = false;
  /** Today's capital budget in minor units, 0 when the rule is off. */
  private dayBudget = 0;

  constructor(private readonly utcOffsetMin: number) {}

  /**
   * Per-date settings: whether entries skip this weekday, and the capital budget, fixed at the start of
   * the date; a parameter change during the day may shrink it, never expand it.
   */
  startDate(p: KernelParams, date: string, newDay: boolean): void {
    this.skipToday = p.skipWeekdays.length > 0 && p.skipWeekdays.includes(WEEKDAYS[(dateToDayNumber(date) + 3) % 7]!);
    const budget = p.capitalBudgetPct > 0 ? dailyBudget(p.accountCapital, p.capitalBudgetPct) : 0;
    this.dayBudget = newDay || budget === 0 || this.dayBudget === 0 ? budget : Math.min(this.dayBudget, budget);
  }

  onIndexTick(ts: number): void {
    this.indexLastTs = ts;
  }

  get weekdaySkipped(): boolean {
    return this.skipToday;
  }

  /** Lots for a new entry: entryLots, or fewer to fit the capital budget (0: none fits). */
  entryLots(p: KernelParams, realisedNet: number, t: SideFeatures, lotSize: number): number {
    return this.dayBudget > 0 ? lotsWithinBudget(this.dayBudget, realisedNet, buyPrice(t), lotSize, p.entryLots) : p.entryLots;
  }

  /** An averaging add that does not fit in the budget with the premium already held. */
  addOverBudget(p: KernelParams, realisedNet: number, pos: Position, t: SideFeatures, lotSize: number): boolean {
    return this.dayBudget > 0 && lotsWithinBudget(this.dayBudget - pos.buyValue, realisedNet, buyPrice(t), lotSize, p.scaleLots) < p.scaleLots;
  }

  /** Tick freshness gate: the traded side's or the index's last tick is older than maxTickAgeMs. */
  stale(p: KernelParams, t: SideFeatures, ts: number): boolean {
    const max = p.maxTickAgeMs;
    return max > 0 && (ts - t.lastTs > max || ts - this.indexLastTs > max);
  }

  /** The calibration gate's posterior for this entry's bucket, or null while the gate does not apply. */
  pProfit(p: KernelParams, side: Side, regime: Regime, ts: number): number | null {
    if (!p.calibrationGateEnabled || this.calibration.closed < p.calibrationMinTrades) return null;
    return this.calibration.posterior(side, regime, this.hour(ts));
  }

  /** Books a closed trade for the calibration gate (always: it must know the history when switched on). */
  recordClose(pos: Position, net: number): void {
    this.calibration.record(pos.side, pos.entryContext?.regime ?? 'UNKNOWN', this.hour(pos.entryTs), net);
  }

  /**
   * ATR stops: stop and target from the traded side's ATR of 1-minute candles, and R for the partial
   * levels. Until 15 candles have closed on the side (ATR not ready), and inside the expiry-day profile's
   * window, the fixed distances stand and no R level applies.
   */
  applyAtrStops(p: KernelParams, pos: Position, t: SideFeatures, inst: OptionInstrument, inExpiryWindow: boolean): void {
    if (!p.atrStopsEnabled || inExpiryWindow) return;
    const r = atrStopDistance(t.candleAtr.value, p.atrStopMultiplier, inst.tickSize);
    if (Number.isNaN(r)) return;
    pos.rPoints = r;
    pos.slPoints = r;
    pos.tpPoints = ceilToTick(r * p.atrRewardRatio, inst.tickSize);
  }

  /** Whether any rule has a step for this position (all off: the tick path skips them, and the pending-sell scan). */
  hasPositionSteps(pos: Position): boolean {
    return pos.rPoints > 0 || pos.tightTrail || this.dayBudget > 0;
  }

  /**
   * The rules' steps on a tick of the held option. With no sell in flight: the next R level (+1R sells
   * half and moves the stop to breakeven, +2R sells a quarter and moves it to +1R), else the capital
   * budget's stress levels. Then the budget's tight trail. Stops only ratchet up; returns the partial
   * sell to submit, if any.
   */
  positionStep(p: KernelParams, pos: Position, price: number, realisedNet: number, sellInFlight: boolean): PartialSell | null {
    const sell = sellInFlight ? null : this.partialStep(pos, price, realisedNet);
    if (pos.tightTrail && price > pos.avgEntry) raiseStop(pos, floorToTick(price - p.tightGapPts, pos.tickSize), 'tight', p.trailStep);
    return sell;
  }

  private partialStep(pos: Position, price: number, realisedNet: number): PartialSell | null {
    if (pos.rPoints > 0) {
      const level = R_LEVELS[pos.rLevel];
      if (level !== undefined && price - pos.avgEntry >= level.atR * pos.rPoints) {
        pos.rLevel++;
        raiseStop(pos, Math.min(price, ceilToTick(pos.avgEntry + level.stopAtR * pos.rPoints, pos.tickSize)), level.stage);
        const qty = partialQty(pos.qty, pos.peakQty, level.sellPct, pos.lotSize);
        if (qty > 0) return { qty, reason: `r_multiple_${level.atR}R` };
      }
    }
    if (this.dayBudget > 0) {
      const level = stressLevel(realisedNet, this.dayBudget);
      if (level > pos.stressLevel && price > pos.avgEntry) {
        const s = STRESS_LEVELS[level - 1]!;
        pos.stressLevel = level;
        if (s.breakeven) {
          const breakeven = ceilToTick(pos.avgEntry, pos.tickSize);
          if (breakeven <= price) raiseStop(pos, breakeven, 'breakeven');
        }
        if (s.tightTrail) pos.tightTrail = true;
        const qty = partialQty(pos.qty, pos.qty, s.sellPct, pos.lotSize);
        if (qty > 0) return { qty, reason: `budget_stress_${s.usedPct}` };
      }
    }
    return null;
  }

  private hour(ts: number): number {
    return Math.floor(minuteOfDay(ts, this.utcOffsetMin) / 60);
  }
}

/** Moves the stop up to `stop` (by more than `step`), never down. */
function raiseStop(pos: Position, stop: number, stage: Position['stage'], step = 0): void {
  if (stop > pos.stop + step) {
    pos.stop = stop;
    pos.stage = stage;
  }
}
