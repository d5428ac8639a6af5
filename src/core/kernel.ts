/** The trading kernel: one synchronous tick loop shared by backtest, paper and live — features, rules, risk and orders. */
import { dateToDayNumber, minuteOfDay, tradingDate } from './calendar/exchange-time.js';
import { IndexBias } from './features/index-bias.js';
import { Momentum } from './features/momentum.js';
import { SideFeatures } from './features/side-features.js';
import type { TradeEventRecord } from './model/book-records.js';
import type { ClosedTrade, DecisionContext, ExitReason, KernelEvent, Side, TradingState, TrailStage } from './model/events.js';
import type { OrderReport } from './model/fill.js';
import { instrumentById, type Instrument, type OptionInstrument, type Universe } from './model/instrument.js';
import { ceilToTick, floorToTick } from './model/money.js';
import { transitionOrder, type Order, type OrderAction, type OrderPurpose } from './model/order.js';
import type { Tick } from './model/tick.js';
import { toKernelParams, type KernelParams } from './params/kernel-params.js';
import { paramsVersion } from './params/params-version.js';
import { WEEKDAYS } from './params/param-spec.js';
import { PRESET_DATA, isPresetName } from './params/presets.js';
import { withOverrides, type Params } from './params/schema.js';
import type { Broker, Store } from './ports.js';
import { Position } from './portfolio/position.js';
import { DailyRisk, type DailyRiskSnapshot } from './risk/daily-risk.js';
import { entryGuard } from './risk/entry-guard.js';
import { expectedExitPrice } from './risk/exit-cost.js';
import { TradingStateInputs } from './risk/trading-state.js';
import { ADAPTIVE_INTERVAL_MS, chooseAdaptivePreset, marketRegime } from './rules/adaptive-preset.js';
import { CalibrationBuckets } from './rules/calibration-gate.js';
import { STRESS_LEVELS, dailyBudget, lotsWithinBudget, stressLevel } from './rules/capital-budget.js';
import { R_LEVELS, atrStopDistance, partialQty } from './rules/r-multiple.js';
import { ladderStop, ratchets, type LadderInput, type LadderResult } from './rules/trailing-ladder.js';
import { SessionClock } from './session/session-clock.js';

/** One strike of an option chain: the CE and PE instrument ids. Strike in minor units. */
export interface ChainStrike {
  readonly strike: number;
  readonly ce: number;
  readonly pe: number;
}

/** The tradable chain (nearest expiry) at a time. */
export interface OptionChain {
  readonly expiryDate: string;
  readonly strikes: readonly ChainStrike[];
}

/** Where the kernel finds the chain to pick at-the-money strikes from. Must be pure in `ts`. */
export interface StrikeSource {
  chainAt(ts: number): OptionChain | undefined;
}

/**
 * Charges of one fill in minor units (the rate card is chosen by the composition root). `priorTurnover` is
 * the order's filled turnover (Σ price × qty, minor units) before this fill, 0 or omitted for a new order:
 * a fill pays charges(order after) − charges(order before), so brokerage is paid once per order.
 */
export type ChargesFn = (instrument: OptionInstrument, action: OrderAction, qty: number, price: number, ts: number, priorTurnover?: number) => number;

export interface KernelConfig {
  readonly universe: Universe;
  /** Instrument id of the underlying index. */
  readonly underlying: number;
  readonly strikes: StrikeSource;
  readonly broker: Broker;
  readonly store: Store;
  readonly charges: ChargesFn;
  readonly params: Params;
  readonly preset: string;
}

const ROLE_NONE = 0;
const ROLE_INDEX = 1;
const ROLE_CE = 2;
const ROLE_PE = 3;

/** Backoff for retrying a rejected exit, in tick time: 250 ms doubling to 8 s. */
const EXIT_RETRY_BASE_MS = 250;
const EXIT_RETRY_MAX_MS = 8_000;
/** Rejected attempts after which a failing exit raises ExitStuck (it is still retried). */
export const EXIT_STUCK_ATTEMPTS = 3;

/** An open position as the book recorded it, plus the last stop the runtime saved for it. */
export interface RestoredPosition {
  readonly tradeId: string;
  /** The position's fills in order (ENTRY, AVERAGE, PARTIAL_EXIT). */
  readonly fills: readonly TradeEventRecord[];
  /** The last saved stop, stage and high-water mark; the stop never restores below the initial stop. */
  readonly stop?: number;
  readonly stage?: TrailStage;
  readonly highWaterMark?: number;
}

/** What the runtime restores before the first tick after a restart. */
export interface KernelRestore {
  readonly risk: DailyRiskSnapshot;
  /**
   * The trader's standing command, not the derived state: `halted` (killed), `reducing` (paused) or
   * `active`. The daily loss limit comes from `risk`, so it lapses at the next trading date.
   */
  readonly tradingState: TradingState;
  /** Highest trade number and event sequence already used on the risk's date (new ids continue above them). */
  readonly tradeSeq: number;
  readonly eventSeq: number;
  readonly position: RestoredPosition | null;
}

/** A snapshot of the kernel for status displays and tests. */
export interface KernelStatus {
  readonly tradingState: TradingState;
  readonly date: string;
  readonly paramsVersion: string;
  readonly preset: string;
  readonly ce: string | null;
  readonly pe: string | null;
  readonly regime: { readonly CE: string; readonly PE: string };
  readonly position: {
    readonly tradeId: string;
    readonly side: Side;
    readonly symbol: string;
    readonly qty: number;
    readonly avgEntry: number;
    readonly stop: number;
    readonly stage: string;
    readonly unrealisedNet: number;
    /** Rejected exit attempts so far; at EXIT_STUCK_ATTEMPTS or more the exit is stuck. */
    readonly exitAttempts: number;
  } | null;
  readonly realisedNet: number;
  readonly trades: number;
  readonly consecutiveLosses: number;
  readonly winStreak: number;
  readonly lossLimitHit: boolean;
  /** The trader's (or runtime's) pause in force, null when none; a kill shows as tradingState `halted`. */
  readonly pausedReason: string | null;
}

export class Kernel {
  private p: KernelParams;
  private version: string;
  private preset: string;
  private readonly role: Int8Array;
  private readonly ce: SideFeatures;
  private readonly pe: SideFeatures;
  private readonly underlyingMomentum: Momentum;
  private readonly bias = new IndexBias();
  private readonly session: SessionClock;
  private readonly risk = new DailyRisk();
  private readonly stateInputs = new TradingStateInputs();
  private position: Position | null = null;
  private readonly orders = new Map<string, Order & { tradeId: string; reason: string; filledValue: number }>();
  private underlyingLtp = 0;
  private currentStrike = 0;
  private strikeStep = 0;
  private tradeSeq = 0;
  private eventSeq = 0;
  private orderSeq = 0;
  private readonly ladder: LadderResult = { stop: 0, stage: 'initial' };
  private readonly ladderIn: LadderInput = { entry: 0, price: 0, elapsedMs: 0, winStreak: 0, qty: 0, tickSize: 0 };
  private readonly utcOffsetMin: number;
  /** The validated parameter set currently applied (kernel units are derived from it). */
  private params: Params;
  /** Adaptive mode: the preset the adaptive rule last chose, '' when the preset is not adaptive. */
  private adaptiveActive = '';
  private nextAdaptiveTs = 0;
  private readonly recentNet: number[] = [];
  /** Optional rules' state: the calibration buckets, the index's last tick, today's weekday skip and capital budget. */
  private readonly calibration = new CalibrationBuckets();
  private indexLastTs = 0;
  private skipToday = false;
  private dayBudget = 0;

  constructor(private readonly cfg: KernelConfig) {
    const underlying = instrumentById(cfg.universe, cfg.underlying);
    this.utcOffsetMin = underlying.utcOffsetMin;
    this.params = cfg.params;
    this.p = toKernelParams(cfg.params);
    this.version = paramsVersion(cfg.params);
    this.preset = cfg.preset;
    this.adaptiveActive = isAdaptive(cfg.preset) ? cfg.preset : '';
    this.role = new Int8Array(cfg.universe.instruments.length);
    this.role[cfg.underlying] = ROLE_INDEX;
    this.ce = new SideFeatures(this.p.momentumMinTick, this.p.regimeWindowMs);
    this.pe = new SideFeatures(this.p.momentumMinTick, this.p.regimeWindowMs);
    // The index counts any move as directional: its tick size is the smallest move.
    this.underlyingMomentum = new Momentum(underlying.tickSize);
    this.session = new SessionClock(this.utcOffsetMin, this.p);
  }

  // ---------------------------------------------------------------- commands from the runtime

  /** Replaces the parameter set; takes effect on the next tick. Open positions keep their stop and target. */
  applyParams(params: Params, preset: string, ts: number): void {
    this.setParams(params);
    this.preset = preset;
    this.adaptiveActive = isAdaptive(preset) ? preset : '';
    this.emit({ kind: 'ParamsApplied', id: this.eventId('params'), ts, paramsVersion: this.version, preset });
  }

  private setParams(params: Params): void {
    this.params = params;
    this.p = toKernelParams(params);
    this.version = paramsVersion(params);
    if (this.ce.instrument >= 0) this.ce.momentum.setMinTick(this.minTickOf(this.ce.instrument));
    if (this.pe.instrument >= 0) this.pe.momentum.setMinTick(this.minTickOf(this.pe.instrument));
    this.session.setParams(this.p);
    if (this.risk.date !== '') this.applyDayRules(this.risk.date, false);
  }

  /** Stops new entries; exits keep being managed. */
  pauseEntries(ts: number, reason = 'paused'): void {
    this.stateInputs.pausedReason = reason;
    this.refreshTradingState(ts, reason);
  }

  /** Clears a pause or a kill (a human decision, enforced by the caller). The daily loss limit still applies. */
  resume(ts: number): void {
    this.stateInputs.halted = false;
    this.stateInputs.pausedReason = null;
    this.refreshTradingState(ts, 'resumed');
  }

  /** Kill switch: exit everything and halt until resumed. */
  kill(ts: number): void {
    this.stateInputs.halted = true;
    this.refreshTradingState(ts, 'kill');
    this.exitPosition(ts, 'kill');
  }

  /** Exits the open position (stop with flatten). */
  flatten(ts: number, reason: ExitReason = 'stop'): void {
    this.exitPosition(ts, reason);
  }

  /** Heartbeat without a tick: session flatten, data-stall and exit retries run on time alone. */
  onTime(ts: number): void {
    this.rollDay(ts);
    this.timeChecks(ts);
  }

  /**
   * Restores the trading date's risk state, the id sequences and an open position after a restart.
   * Call before the first tick. The position's instrument and its pair on the other side become the
   * current strikes, so it is managed again at once.
   */
  restore(r: KernelRestore): void {
    this.risk.restore(r.risk);
    this.stateInputs.halted = r.tradingState === 'halted';
    this.stateInputs.pausedReason = r.tradingState === 'reducing' ? 'paused before the restart' : null;
    this.risk.tradingState = this.stateInputs.derive(this.risk.lossLimitHit);
    if (this.risk.date !== '') this.applyDayRules(this.risk.date, true);
    this.tradeSeq = r.tradeSeq;
    this.eventSeq = r.eventSeq;
    this.orderSeq = r.eventSeq;
    const rp = r.position;
    if (rp === null || rp.fills.length === 0) return;
    const first = rp.fills[0]!;
    const inst = this.cfg.universe.instruments.find((i): i is OptionInstrument => i.kind === 'OPTION' && i.symbol === first.symbol);
    if (inst === undefined) throw new RangeError(`restored position ${rp.tradeId}: unknown symbol ${first.symbol}`);
    const pair = this.cfg.universe.instruments.find(
      (i): i is OptionInstrument =>
        i.kind === 'OPTION' && i.underlying === inst.underlying && i.strike === inst.strike && i.expiryDate === inst.expiryDate && i.right !== inst.right,
    );
    const [ceInst, peInst] = inst.right === 'CE' ? [inst.id, pair?.id] : [pair?.id, inst.id];
    if (ceInst !== undefined) this.assignSide(this.ce, ROLE_CE, ceInst);
    if (peInst !== undefined) this.assignSide(this.pe, ROLE_PE, peInst);
    this.currentStrike = inst.strike;
    const pos = new Position(rp.tradeId, inst.right, inst.id, inst.symbol, inst.lotSize, inst.tickSize, false);
    const { tp, sl } = this.targets(inst, first.ts);
    pos.tpPoints = tp;
    pos.slPoints = sl;
    for (const f of rp.fills) {
      const purpose = f.kind === 'ENTRY' ? 'ENTRY' : f.kind === 'AVERAGE' ? 'AVERAGE' : f.kind === 'PARTIAL_EXIT' ? 'PARTIAL_EXIT' : 'EXIT';
      pos.applyFill(f.ts, f.action, f.qty, f.price, f.charges, purpose);
      if (purpose === 'AVERAGE') pos.lastAddTs = f.ts;
      if (purpose === 'ENTRY') pos.lastAddTs = f.ts;
      if (purpose === 'PARTIAL_EXIT') pos.partialDone = true;
    }
    if (pos.qty === 0) return;
    pos.lots = Math.round(pos.buyQty / inst.lotSize);
    const initialStop = floorToTick(pos.avgEntry - pos.slPoints, pos.tickSize);
    pos.stop = Math.max(initialStop, rp.stop ?? 0);
    pos.stage = rp.stop !== undefined && rp.stop > initialStop ? (rp.stage ?? 'trail') : 'initial';
    pos.target = ceilToTick(pos.avgEntry + pos.tpPoints, pos.tickSize);
    pos.highWaterMark = Math.max(rp.highWaterMark ?? 0, ...rp.fills.map((f) => f.price));
    this.position = pos;
  }

  /** What the runtime saves to restore a position's stop after a restart (null when flat). */
  positionSnapshot(): { tradeId: string; stop: number; stage: TrailStage; highWaterMark: number } | null {
    const pos = this.position;
    if (pos === null || pos.qty === 0) return null;
    return { tradeId: pos.tradeId, stop: pos.stop, stage: pos.stage, highWaterMark: pos.highWaterMark };
  }

  /** The daily risk state as plain data (for persistence per trading date). */
  riskSnapshot(): DailyRiskSnapshot {
    return this.risk.snapshot();
  }

  // ---------------------------------------------------------------- the tick path

  onTick(tick: Tick): void {
    const ts = tick.ts;
    if (!(tick.ltp > 0) || !Number.isSafeInteger(tick.ltp) || !Number.isSafeInteger(ts)) {
      throw new RangeError(`invalid tick for instrument ${tick.instrument}: ltp ${tick.ltp}, ts ${ts}`);
    }
    if (ts >= this.session.nextDayTs || ts < this.session.dayStartTs) this.rollDay(ts);
    const role = this.role[tick.instrument];
    if (role === undefined) throw new RangeError(`tick for unknown instrument id ${tick.instrument}`);
    if (role === ROLE_INDEX) {
      this.underlyingLtp = tick.ltp;
      this.underlyingMomentum.update(tick.ltp);
      this.bias.update(ts, tick.ltp);
      this.indexLastTs = ts;
      this.maybeRoll(ts);
      this.timeChecks(ts);
      return;
    }
    if (role === ROLE_CE || role === ROLE_PE) {
      const side: Side = role === ROLE_CE ? 'CE' : 'PE';
      const f = role === ROLE_CE ? this.ce : this.pe;
      f.update(tick, this.p);
      const pos = this.position;
      if (pos !== null && pos.instrument === tick.instrument) this.managePosition(pos, f, ts);
      this.timeChecks(ts);
      if (this.adaptiveActive !== '' && ts >= this.nextAdaptiveTs) this.adapt(ts);
      this.evaluateSignal(side, f, ts);
      return;
    }
    // A held instrument that is no longer a current strike (cannot happen: rolls wait for flat) or a strike we ignore.
  }

  /** A broker report (acknowledgement, rejection or fill), delivered between ticks. */
  onOrderReport(report: OrderReport): void {
    const orderId = report.kind === 'filled' ? report.fill.orderId : report.orderId;
    const order = this.orders.get(orderId);
    if (order === undefined) throw new RangeError(`report for unknown order ${orderId}`);
    if (report.kind === 'accepted') {
      transitionOrder(order, 'accept');
      return;
    }
    if (report.kind === 'rejected') {
      transitionOrder(order, 'reject');
      this.orders.delete(orderId);
      this.onRejected(order, report.ts, report.reason);
      return;
    }
    const fill = report.fill;
    if (!(fill.qty > 0) || !Number.isSafeInteger(fill.qty) || !Number.isSafeInteger(fill.price) || fill.price <= 0) {
      throw new RangeError(`invalid fill for order ${orderId}: qty ${fill.qty}, price ${fill.price}`);
    }
    order.filledQty += fill.qty;
    if (order.filledQty > order.qty) throw new RangeError(`order ${orderId} overfilled`);
    transitionOrder(order, report.final || order.filledQty === order.qty ? 'fill' : 'fill_partial');
    if (order.status === 'FILLED') {
      this.orders.delete(orderId);
    }
    this.onFill(order, fill.ts, fill.qty, fill.price);
  }

  status(): KernelStatus {
    const pos = this.position;
    const posF = pos === null ? null : pos.side === 'CE' ? this.ce : this.pe;
    const symbolOf = (id: number): string | null => (id < 0 ? null : instrumentById(this.cfg.universe, id).symbol);
    return {
      tradingState: this.risk.tradingState,
      date: this.risk.date,
      paramsVersion: this.version,
      preset: this.preset,
      ce: symbolOf(this.ce.instrument),
      pe: symbolOf(this.pe.instrument),
      regime: { CE: this.ce.regime, PE: this.pe.regime },
      position:
        pos === null || posF === null
          ? null
          : {
              tradeId: pos.tradeId,
              side: pos.side,
              symbol: pos.symbol,
              qty: pos.qty,
              avgEntry: pos.avgEntry,
              stop: pos.stop,
              stage: pos.stage,
              unrealisedNet: pos.netAt(posF.ltp),
              exitAttempts: pos.exitAttempts,
            },
      realisedNet: this.risk.realisedNet,
      trades: this.risk.trades,
      consecutiveLosses: this.risk.consecutiveLosses,
      winStreak: this.risk.winStreak,
      lossLimitHit: this.risk.lossLimitHit,
      pausedReason: this.stateInputs.pausedReason,
    };
  }

  // ---------------------------------------------------------------- day, strikes, time

  private rollDay(ts: number): void {
    if (!this.session.advance(ts)) return;
    const date = tradingDate(ts, this.utcOffsetMin);
    // Dates only move forward: a late tick from an earlier date must not reset today's risk state.
    if (date > this.risk.date) {
      this.risk.startDate(date);
      this.tradeSeq = 0;
      this.orderSeq = 0;
      this.eventSeq = 0;
      this.bias.newDay();
      this.applyDayRules(date, true);
      // The date's risk state is new: a loss limit hit yesterday no longer blocks entries.
      this.refreshTradingState(ts, 'new trading date');
    }
  }

  /**
   * The optional rules' per-date settings: whether entries skip this weekday, and the capital budget,
   * fixed at the start of the date; a parameter change during the day may shrink it, never expand it.
   */
  private applyDayRules(date: string, newDay: boolean): void {
    const p = this.p;
    this.skipToday = p.skipWeekdays.length > 0 && p.skipWeekdays.includes(WEEKDAYS[(dateToDayNumber(date) + 3) % 7]!);
    const budget = p.capitalBudgetPct > 0 ? dailyBudget(p.accountCapital, p.capitalBudgetPct) : 0;
    this.dayBudget = newDay || budget === 0 || this.dayBudget === 0 ? budget : Math.min(this.dayBudget, budget);
  }

  /** Picks the at-the-money strikes; never while a position or an order is open (the original's flaw §15.4). */
  private maybeRoll(ts: number): void {
    if (this.position !== null || this.orders.size > 0) return;
    const chain = this.cfg.strikes.chainAt(ts);
    if (chain === undefined || chain.strikes.length === 0) return;
    const u = this.underlyingLtp;
    let held = false;
    for (const s of chain.strikes) if (s.ce === this.ce.instrument) held = true;
    // Hysteresis: keep the current strike until the index is three quarters of a strike step away.
    if (held && Math.abs(u - this.currentStrike) < this.strikeStep * 0.75) return;
    let best = chain.strikes[0]!;
    for (const s of chain.strikes) if (Math.abs(s.strike - u) < Math.abs(best.strike - u)) best = s;
    if (best.ce === this.ce.instrument && best.pe === this.pe.instrument) return;
    this.strikeStep = chain.strikes.length > 1 ? Math.abs(chain.strikes[1]!.strike - chain.strikes[0]!.strike) : best.strike;
    this.currentStrike = best.strike;
    this.assignSide(this.ce, ROLE_CE, best.ce);
    this.assignSide(this.pe, ROLE_PE, best.pe);
    this.emit({
      kind: 'StrikesRolled',
      id: this.eventId('roll'),
      ts,
      ce: instrumentById(this.cfg.universe, best.ce).symbol,
      pe: instrumentById(this.cfg.universe, best.pe).symbol,
    });
  }

  private assignSide(f: SideFeatures, role: number, instrument: number): void {
    if (f.instrument >= 0) this.role[f.instrument] = ROLE_NONE;
    f.reset(instrument);
    f.momentum.setMinTick(this.minTickOf(instrument));
    this.role[instrument] = role;
  }

  /** Session flatten, data stall and exit retries. */
  private timeChecks(ts: number): void {
    const pos = this.position;
    if (pos === null) return;
    // Also flattens a position carried into a new day (restored after a crash before the flatten time).
    const carriedOver = pos.qty > 0 && pos.entryTs < this.session.dayStartTs;
    if ((ts >= this.session.flattenTs || carriedOver) && pos.exitReason === null) {
      this.exitPosition(ts, 'session_flatten');
      return;
    }
    const f = pos.side === 'CE' ? this.ce : this.pe;
    if (pos.exitReason === null && f.lastTs > 0 && ts - f.lastTs >= this.p.dataStallMs) {
      this.exitPosition(ts, 'data_stall');
      return;
    }
    if (pos.exitReason !== null && pos.exitOrderId === null && pos.qty > 0 && ts >= pos.exitRetryTs) {
      this.submitExitOrder(pos, ts, f.ltp);
    }
  }

  // ---------------------------------------------------------------- exits

  private managePosition(pos: Position, f: SideFeatures, ts: number): void {
    const price = f.ltp;
    if (price > pos.highWaterMark) pos.highWaterMark = price;
    const profit = price - pos.avgEntry;
    if (profit > pos.maxProfit) pos.maxProfit = profit;
    if (pos.exitReason !== null || pos.qty === 0) return;
    const p = this.p;
    if (price <= pos.stop) {
      this.exitPosition(ts, stopExitReason(pos.stage));
      return;
    }
    // With ATR stops the target always takes the rest of the position (it is the last R level).
    if ((pos.rPoints > 0 || !(p.trailingEnabled && p.trailingOverrideTp)) && price >= pos.target) {
      this.exitPosition(ts, 'take_profit');
      return;
    }
    const openNet = pos.netAt(price);
    if (openNet <= -p.perTradeMaxLoss) {
      this.exitPosition(ts, 'per_trade_max_loss');
      return;
    }
    if (this.dailyLimitReached(pos, f, openNet, ts)) {
      this.risk.lossLimitHit = true;
      this.exitPosition(ts, 'daily_max_loss');
      return;
    }
    if (p.partialExitEnabled && !pos.partialDone && pos.exitOrderId === null && profit >= p.partialExitPts) {
      const lots = Math.floor((pos.qty * p.partialExitPct) / 100 / pos.lotSize);
      const exitQty = Math.max(1, lots) * pos.lotSize;
      pos.partialDone = true;
      if (exitQty < pos.qty) this.submit(pos.tradeId, pos.instrument, 'SELL', 'PARTIAL_EXIT', exitQty, ts, price, 'partial_exit');
    }
    if (pos.rPoints > 0) this.takeRLevel(pos, price, ts);
    if (this.dayBudget > 0) this.relieveBudgetStress(pos, price, ts);
    if (pos.tightTrail && profit > 0) {
      const tight = floorToTick(price - p.tightGapPts, pos.tickSize);
      if (ratchets(pos.stop, tight, p.trailStep)) {
        pos.stop = tight;
        pos.stage = 'tight';
      }
    }
    if (p.trailingEnabled) {
      const x = this.ladderIn;
      x.entry = pos.avgEntry;
      x.price = price;
      x.elapsedMs = ts - pos.entryTs;
      x.winStreak = this.risk.winStreak;
      x.qty = pos.qty;
      x.tickSize = pos.tickSize;
      ladderStop(p, x, this.ladder);
      if (!Number.isNaN(this.ladder.stop) && ratchets(pos.stop, this.ladder.stop, p.trailStep)) {
        pos.stop = this.ladder.stop;
        pos.stage = this.ladder.stage;
      }
    }
    if (ts - pos.entryTs >= p.tradeMaxDurationMs && f.momentum.upCount < this.momentumThreshold()) {
      if (pos.netAt(price) > 0) {
        this.exitPosition(ts, 'time_exit');
        return;
      }
      // A loser's stop tightens to at most price − tighten, never above the price (the original's flaw §15.23).
      const tightened = floorToTick(price - p.timeExitTightenPts, pos.tickSize);
      if (tightened > pos.stop) {
        pos.stop = tightened;
        pos.stage = 'time_tighten';
      }
    }
  }

  /**
   * The daily limit counts the open position at what closing it would realise: the expected fill (bid less
   * the modelled slippage) and the exit order's charges, so the day does not end past the limit by the
   * costs of getting out. Exact charges are computed only when a cheap bound says the limit is near.
   */
  private dailyLimitReached(pos: Position, f: SideFeatures, openNet: number, ts: number): boolean {
    const exitPrice = expectedExitPrice(f.ltp, f.bid, pos.tickSize, this.p.lossLimitSlippageTicks);
    const beforeCharges = this.risk.realisedNet + openNet - (f.ltp - exitPrice) * pos.qty;
    const limit = -this.p.dailyMaxLoss;
    const turnover = exitPrice * pos.qty;
    if (beforeCharges - pos.exitCharges.upperBound(turnover) > limit) return false;
    const inst = instrumentById(this.cfg.universe, pos.instrument) as OptionInstrument;
    const charges = this.cfg.charges(inst, 'SELL', pos.qty, exitPrice, ts);
    pos.exitCharges.record(turnover, charges);
    return beforeCharges - charges <= limit;
  }

  /** What buying `qty` now and selling it straight back would cost: both orders' charges and the spread with the modelled slippage. */
  private roundTripCost(t: SideFeatures, inst: OptionInstrument, qty: number, ts: number): number {
    const buy = t.ask > 0 ? t.ask : t.ltp;
    const sell = expectedExitPrice(t.ltp, t.bid, inst.tickSize, this.p.lossLimitSlippageTicks);
    return this.cfg.charges(inst, 'BUY', qty, buy, ts) + this.cfg.charges(inst, 'SELL', qty, sell, ts) + Math.max(0, buy - sell) * qty;
  }

  /** Decides to close the whole position; the exit order goes out at once in its own lane. */
  private exitPosition(ts: number, reason: ExitReason): void {
    const pos = this.position;
    if (pos === null || pos.exitReason !== null) return;
    pos.exitReason = reason;
    if (reason === 'momentum_flip' || reason === 'flip') this.risk.flipCooldownUntil = ts + this.p.flipCooldownMs;
    const f = pos.side === 'CE' ? this.ce : this.pe;
    if (pos.qty > 0 && pos.exitOrderId === null) this.submitExitOrder(pos, ts, f.ltp);
  }

  private submitExitOrder(pos: Position, ts: number, price: number): void {
    const reason = pos.exitReason ?? 'stop';
    // A partial exit still in flight is already selling part of the position.
    let pendingSell = 0;
    for (const o of this.orders.values()) if (o.tradeId === pos.tradeId && o.action === 'SELL') pendingSell += o.qty - o.filledQty;
    const qty = pos.qty - pendingSell;
    if (qty <= 0) return;
    pos.exitOrderId = this.submit(pos.tradeId, pos.instrument, 'SELL', 'EXIT', qty, ts, price, reason);
  }

  // ---------------------------------------------------------------- entries

  private momentumThreshold(): number {
    const p = this.p;
    return p.candleConfirmEnabled ? Math.max(p.momentumTicks, p.candleMomentumTicks) : p.momentumTicks;
  }

  private evaluateSignal(signal: Side, f: SideFeatures, ts: number): void {
    const p = this.p;
    const tradeSide: Side = p.reverseTrades ? (signal === 'CE' ? 'PE' : 'CE') : signal;
    if (p.tradeMode !== 'AUTO' && p.tradeMode !== tradeSide) return;
    if (ts < this.risk.flipCooldownUntil) return;
    const pos = this.position;
    const threshold = this.momentumThreshold();
    const m = f.momentum;
    // Momentum reversal against the held side exits it (with persistence on: only once it has held).
    if (pos !== null && pos.side === tradeSide && pos.exitReason === null && p.signalExitPersistence > 0) {
      const reversing = m.dir === -1 && m.count >= threshold + p.signalExitHysteresisTicks;
      pos.flipStreak = reversing ? pos.flipStreak + 1 : 0;
      if (reversing && pos.flipStreak >= p.signalExitPersistence && ts - pos.entryTs >= p.minFlipHoldMs) {
        this.exitPosition(ts, 'momentum_flip');
        return;
      }
      if (m.dir === -1 && m.count >= threshold) return;
    } else if (pos !== null && pos.side === tradeSide && pos.exitReason === null && m.dir === -1 && m.count >= threshold) {
      if (ts - pos.entryTs >= p.minFlipHoldMs) this.exitPosition(ts, 'momentum_flip');
      return;
    }
    let required = threshold;
    if (this.risk.consecutiveLosses >= p.consecutiveLossBreaker) required += p.consecutiveLossMomentumBoost;
    if (f.regime === 'RANGING') required += p.regimeRangingBoost;
    if (m.dir !== 1 || m.count < required) return;
    // Everything below runs only on a qualified momentum signal, which is rare.
    if (p.momentumMinMovePts > 0 && m.velocity < p.momentumMinMovePts) return;
    if (p.noTradeZoneEnabled && f.inNoTradeZone(ts, p)) return;
    if (p.underlyingFilterEnabled) {
      const u = this.underlyingMomentum;
      const want = signal === 'CE' ? 1 : -1;
      if (u.dir !== want || u.count < p.underlyingMomentumTicks) return;
    }
    if (p.candleConfirmEnabled && !f.candleConfirms(p.candleConfirmMode)) return;
    const other = signal === 'CE' ? this.pe : this.ce;
    if (p.relativeStrengthEnabled && m.upCount < other.momentum.upCount + p.relativeStrengthDiff) return;
    if (p.indexBiasMode !== 'OFF') {
      const bias = this.bias.bias(p, this.underlyingLtp);
      const wanted = tradeSide === 'CE' ? 'BULL' : 'BEAR';
      const against = tradeSide === 'CE' ? 'BEAR' : 'BULL';
      if (p.indexBiasMode === 'FILTER' && bias === against) return;
      if (p.indexBiasMode === 'STRONG' && bias !== wanted) return;
    }
    const t = tradeSide === 'CE' ? this.ce : this.pe;
    if (t.instrument < 0 || t.ltp <= 0) return;
    if (p.spreadFilterEnabled && !this.spreadOk(t, ts)) return;
    if (p.imbalanceEnabled && !(t.askQty > 0 && t.bidQty / t.askQty >= p.imbalanceRatio)) return;
    if (p.minMovePts > 0 && t.lastExitPrice > 0 && Math.abs(t.ltp - t.lastExitPrice) < p.minMovePts) return;
    const inst = instrumentById(this.cfg.universe, t.instrument) as OptionInstrument;
    const maxQty = p.maxQty > 0 ? p.maxQty : p.maxLotsPerStrike * inst.lotSize;
    if (pos !== null && pos.side === tradeSide) {
      this.maybeAverage(pos, t, inst, maxQty, ts);
      return;
    }
    const reEntry = p.reEntryEnabled && ts - t.lastProfitExitTs <= p.reEntryWindowMs;
    if (pos !== null) {
      // A signal for the other side closes the held position first; no immediate reverse entry.
      if (pos.exitReason === null && ts - pos.entryTs >= p.minFlipHoldMs) this.exitPosition(ts, 'flip');
      return;
    }
    const lots = this.dayBudget > 0 ? lotsWithinBudget(this.dayBudget, this.risk.realisedNet, t.ask > 0 ? t.ask : t.ltp, inst.lotSize, p.entryLots) : p.entryLots;
    const qty = Math.max(1, lots) * inst.lotSize;
    const denied = entryGuard(p, this.risk, {
      ts,
      inEntryWindow: this.session.inEntryWindow(ts),
      reEntry,
      regime: t.regime,
      qtyAfter: qty,
      maxQty,
      orderPending: this.orders.size > 0,
      stalled: this.stale(t, ts),
      netAfterRoundTrip: this.risk.realisedNet - this.roundTripCost(t, inst, qty, ts),
      weekdaySkipped: this.skipToday,
      overBudget: lots < 1,
      pProfit: this.pProfit(tradeSide, t, ts),
    });
    if (denied !== null) {
      if (denied !== t.lastDenied) {
        t.lastDenied = denied;
        this.emit({ kind: 'RiskDenied', id: this.eventId('deny'), ts, side: tradeSide, reason: denied });
      }
      return;
    }
    t.lastDenied = '';
    this.enter(tradeSide, t, inst, qty, ts, reEntry);
  }

  private spreadOk(t: SideFeatures, ts: number): boolean {
    if (t.bid <= 0 || t.ask <= 0 || t.ask < t.bid) return false;
    const p = this.p;
    const inst = instrumentById(this.cfg.universe, t.instrument) as OptionInstrument;
    const mult = inst.expiryDate === this.risk.date && ts >= this.session.t1400 ? p.expirySpreadMultiplier : 1;
    const spread = t.ask - t.bid;
    return spread <= p.spreadMaxPts * mult && (spread * 100) / t.ltp <= p.spreadMaxPct * mult;
  }

  private enter(side: Side, t: SideFeatures, inst: OptionInstrument, qty: number, ts: number, reEntry: boolean): void {
    this.tradeSeq++;
    const tradeId = `${this.risk.date}#${this.tradeSeq}`;
    const pos = new Position(tradeId, side, inst.id, inst.symbol, inst.lotSize, inst.tickSize, reEntry);
    const { tp, sl } = this.targets(inst, ts);
    pos.tpPoints = tp;
    pos.slPoints = sl;
    this.applyAtrStops(pos, t, inst, ts);
    pos.lots = qty / inst.lotSize;
    this.position = pos;
    this.risk.recordEntry(ts);
    pos.entryContext = this.context(pos, t);
    this.submit(tradeId, inst.id, 'BUY', 'ENTRY', qty, ts, t.ltp, reEntry ? 're-entry' : 'momentum');
  }

  /** TP/SL distances for a new entry: the expiry-day profile from 14:00 on expiry day, else the parameters. */
  private targets(inst: OptionInstrument, ts: number): { tp: number; sl: number } {
    const p = this.p;
    if (p.expiryProfileEnabled && inst.expiryDate === this.risk.date) {
      if (ts >= this.session.t1500) return { tp: p.expiryTp1500, sl: p.expirySl1500 };
      if (ts >= this.session.t1430) return { tp: p.expiryTp1430, sl: p.expirySl1430 };
      if (ts >= this.session.t1400) return { tp: p.expiryTp1400, sl: p.expirySl1400 };
    }
    return { tp: p.tpPoints, sl: p.slPoints };
  }

  /**
   * ATR stops: stop and target from the traded side's ATR of 1-minute candles, and R for the partial
   * levels. Until 15 candles have closed on the side (ATR not ready), and inside the expiry-day profile's
   * window, the fixed distances stand and no R level applies.
   */
  private applyAtrStops(pos: Position, t: SideFeatures, inst: OptionInstrument, ts: number): void {
    const p = this.p;
    if (!p.atrStopsEnabled) return;
    if (p.expiryProfileEnabled && inst.expiryDate === this.risk.date && ts >= this.session.t1400) return;
    const r = atrStopDistance(t.candleAtr.value, p.atrStopMultiplier, inst.tickSize);
    if (Number.isNaN(r)) return;
    pos.rPoints = r;
    pos.slPoints = r;
    pos.tpPoints = ceilToTick(r * p.atrRewardRatio, inst.tickSize);
  }

  /** The next R level: at +1R sell half and stop to breakeven, at +2R sell a quarter and stop to +1R. */
  private takeRLevel(pos: Position, price: number, ts: number): void {
    const level = R_LEVELS[pos.rLevel];
    if (level === undefined || pos.exitOrderId !== null || this.pendingSellQty(pos) > 0) return;
    if (price - pos.avgEntry < level.atR * pos.rPoints) return;
    pos.rLevel++;
    const stop = Math.min(price, ceilToTick(pos.avgEntry + level.stopAtR * pos.rPoints, pos.tickSize));
    if (stop > pos.stop) {
      pos.stop = stop;
      pos.stage = level.stage;
    }
    const qty = partialQty(pos.qty, pos.peakQty, level.sellPct, pos.lotSize);
    if (qty > 0) this.submit(pos.tradeId, pos.instrument, 'SELL', 'PARTIAL_EXIT', qty, ts, price, `r_multiple_${level.atR}R`);
  }

  /** Capital budget stress: as the day's losses use 30 / 50 / 70% of the budget, an open winner sells part, moves to breakeven, trails tight. */
  private relieveBudgetStress(pos: Position, price: number, ts: number): void {
    const level = stressLevel(this.risk.realisedNet, this.dayBudget);
    if (level <= pos.stressLevel || price <= pos.avgEntry || pos.exitOrderId !== null || this.pendingSellQty(pos) > 0) return;
    const s = STRESS_LEVELS[level - 1]!;
    pos.stressLevel = level;
    if (s.breakeven) {
      const breakeven = ceilToTick(pos.avgEntry, pos.tickSize);
      if (breakeven <= price && breakeven > pos.stop) {
        pos.stop = breakeven;
        pos.stage = 'breakeven';
      }
    }
    if (s.tightTrail) pos.tightTrail = true;
    const qty = partialQty(pos.qty, pos.qty, s.sellPct, pos.lotSize);
    if (qty > 0) this.submit(pos.tradeId, pos.instrument, 'SELL', 'PARTIAL_EXIT', qty, ts, price, `budget_stress_${s.usedPct}`);
  }

  /** Units of the position already being sold by orders in flight. */
  private pendingSellQty(pos: Position): number {
    let qty = 0;
    for (const o of this.orders.values()) if (o.tradeId === pos.tradeId && o.action === 'SELL') qty += o.qty - o.filledQty;
    return qty;
  }

  /** Tick freshness gate: the traded side's or the index's last tick is older than maxTickAgeMs. */
  private stale(t: SideFeatures, ts: number): boolean {
    const max = this.p.maxTickAgeMs;
    return max > 0 && (ts - t.lastTs > max || ts - this.indexLastTs > max);
  }

  /** The calibration gate's posterior for this entry's bucket, or null while the gate does not apply. */
  private pProfit(side: Side, t: SideFeatures, ts: number): number | null {
    const p = this.p;
    if (!p.calibrationGateEnabled || this.calibration.closed < p.calibrationMinTrades) return null;
    return this.calibration.posterior(side, t.regime, Math.floor(minuteOfDay(ts, this.utcOffsetMin) / 60));
  }

  /** Averaging passes the same guards as an entry, and the new average never loosens the stop. */
  private maybeAverage(pos: Position, t: SideFeatures, inst: OptionInstrument, maxQty: number, ts: number): void {
    const p = this.p;
    if (!p.avgEnabled || pos.exitReason !== null || pos.qty === 0) return;
    if (p.avgOnlyProfit && !(pos.netAt(t.ltp) > 0)) return;
    if (ts - pos.entryTs > p.avgWindowMs) return;
    if (ts - pos.lastAddTs < p.avgIntervalMs) return;
    if (pos.lots + p.scaleLots > p.maxLotsPerStrike) return;
    const qty = p.scaleLots * inst.lotSize;
    const denied = entryGuard(p, this.risk, {
      ts,
      inEntryWindow: this.session.inEntryWindow(ts),
      reEntry: pos.reEntry,
      regime: t.regime,
      qtyAfter: pos.qty + qty,
      maxQty,
      orderPending: this.orders.size > 0,
      stalled: this.stale(t, ts),
      netAfterRoundTrip: this.risk.realisedNet + pos.netAt(t.ltp) - this.roundTripCost(t, inst, qty, ts),
      weekdaySkipped: this.skipToday,
      overBudget: this.dayBudget > 0 && lotsWithinBudget(this.dayBudget - pos.buyValue, this.risk.realisedNet, t.ask > 0 ? t.ask : t.ltp, inst.lotSize, p.scaleLots) < p.scaleLots,
      pProfit: null,
    });
    if (denied !== null) return;
    pos.lots += p.scaleLots;
    pos.lastAddTs = ts;
    this.submit(pos.tradeId, inst.id, 'BUY', 'AVERAGE', qty, ts, t.ltp, 'average');
  }

  // ---------------------------------------------------------------- orders and fills

  private submit(
    tradeId: string,
    instrument: number,
    action: OrderAction,
    purpose: OrderPurpose,
    qty: number,
    ts: number,
    signalPrice: number,
    reason: string,
  ): string {
    this.orderSeq++;
    const orderId = `${tradeId}/${purpose}-${this.orderSeq}`;
    const order = { id: orderId, instrument, action, purpose, qty, createdTs: ts, signalPrice, status: 'INITIALIZED' as const, filledQty: 0, filledValue: 0, tradeId, reason };
    const tracked: Order & { tradeId: string; reason: string; filledValue: number } = order;
    this.orders.set(orderId, tracked);
    transitionOrder(tracked, 'submit');
    this.emit({ kind: 'OrderSubmitted', id: this.eventId('order'), ts, orderId, tradeId, instrument, action, purpose, qty, signalPrice, reason });
    this.cfg.broker.submit({ orderId, instrument, action, qty, ts });
    return orderId;
  }

  private onRejected(order: Order & { tradeId: string }, ts: number, reason: string): void {
    this.emit({ kind: 'OrderRejected', id: this.eventId('reject'), ts, orderId: order.id, tradeId: order.tradeId, purpose: order.purpose, reason });
    const pos = this.position;
    if (pos === null || pos.tradeId !== order.tradeId) return;
    if (order.purpose === 'EXIT') {
      // Exits are retried with backoff in tick time until they fill.
      pos.exitOrderId = null;
      pos.exitAttempts++;
      pos.exitRetryTs = ts + Math.min(EXIT_RETRY_MAX_MS, EXIT_RETRY_BASE_MS * 2 ** (pos.exitAttempts - 1));
      if (pos.exitAttempts === EXIT_STUCK_ATTEMPTS) {
        this.emit({ kind: 'ExitStuck', id: this.eventId('stuck'), ts, tradeId: pos.tradeId, symbol: pos.symbol, qty: pos.qty, attempts: pos.exitAttempts, reason });
      }
    } else if (order.purpose === 'ENTRY') {
      if (pos.qty === 0) this.position = null;
    } else if (order.purpose === 'AVERAGE') {
      pos.lots -= order.qty / pos.lotSize;
    }
    // A position sold out while an add was in flight closes once nothing is pending.
    if (this.position === pos && pos.qty === 0 && pos.buyQty > 0 && this.orders.size === 0) {
      this.closeTrade(pos, ts, pos.side === 'CE' ? this.ce : this.pe);
    }
  }

  private onFill(order: Order & { tradeId: string; reason: string; filledValue: number }, ts: number, qty: number, price: number): void {
    const pos = this.position;
    if (pos === null || pos.tradeId !== order.tradeId) throw new RangeError(`fill for ${order.id} has no open position`);
    const inst = instrumentById(this.cfg.universe, order.instrument) as OptionInstrument;
    const charges = this.cfg.charges(inst, order.action, qty, price, ts, order.filledValue);
    order.filledValue += qty * price;
    pos.applyFill(ts, order.action, qty, price, charges, order.purpose);
    const f = pos.side === 'CE' ? this.ce : this.pe;
    if (order.action === 'BUY') {
      // The averaging interval counts from the entry fill (as both original engines did).
      if (order.purpose === 'ENTRY') pos.lastAddTs = ts;
      const entry = pos.avgEntry;
      const stop = floorToTick(entry - pos.slPoints, pos.tickSize);
      // After an add the stop may rise with the new average, never fall.
      pos.stop = pos.stop === 0 ? stop : Math.max(pos.stop, stop);
      pos.target = ceilToTick(entry + pos.tpPoints, pos.tickSize);
      if (pos.highWaterMark < price) pos.highWaterMark = price;
    }
    const kind = order.purpose === 'ENTRY' ? 'Entry' : order.purpose === 'AVERAGE' ? 'Average' : order.purpose === 'PARTIAL_EXIT' ? 'PartialExit' : 'Exit';
    this.emit({
      kind,
      id: this.eventId(kind),
      ts,
      tradeId: pos.tradeId,
      orderId: order.id,
      side: pos.side,
      symbol: pos.symbol,
      instrument: pos.instrument,
      action: order.action,
      qty,
      price,
      signalPrice: order.signalPrice,
      latencyMs: ts - order.createdTs,
      charges,
      positionQty: pos.qty,
      reason: order.reason,
      context: order.purpose === 'ENTRY' && pos.entryContext !== null ? pos.entryContext : this.context(pos, f),
    });
    if (order.purpose === 'EXIT' && order.status === 'FILLED') pos.exitOrderId = null;
    if (pos.qty === 0 && this.orders.size === 0) this.closeTrade(pos, ts, f);
    else if (pos.qty > 0 && pos.exitReason !== null && pos.exitOrderId === null && order.action === 'BUY') {
      // An add that filled after the exit decision must be sold too.
      this.submitExitOrder(pos, ts, f.ltp);
    }
  }

  private closeTrade(pos: Position, ts: number, f: SideFeatures): void {
    const gross = pos.sellValue - pos.buyValue;
    const net = gross - pos.charges;
    const reason = pos.exitReason ?? 'partial_exit';
    const trade: ClosedTrade = {
      id: pos.tradeId,
      side: pos.side,
      symbol: pos.symbol,
      instrument: pos.instrument,
      qty: pos.peakQty,
      entryTs: pos.entryTs,
      entryPrice: pos.buyValue / pos.buyQty,
      exitTs: ts,
      exitPrice: pos.sellValue / pos.sellQty,
      grossPnl: gross,
      charges: pos.charges,
      netPnl: net,
      exitReason: reason,
      fills: pos.fills,
    };
    this.position = null;
    this.risk.recordClose(ts, net, this.p.consecutiveLossBreaker, this.p.consecutiveLossCooldownMs);
    this.calibration.record(pos.side, pos.entryContext?.regime ?? 'UNKNOWN', Math.floor(minuteOfDay(pos.entryTs, this.utcOffsetMin) / 60), net);
    if (reason === 'per_trade_max_loss') this.risk.cooldownUntil = ts + this.p.cooldownMs;
    // A fill worse than the mark can push the realised loss past the limit on its own.
    if (this.risk.realisedNet <= -this.p.dailyMaxLoss) this.risk.lossLimitHit = true;
    this.recentNet.push(net);
    if (this.recentNet.length > 10) this.recentNet.shift();
    f.lastExitPrice = trade.exitPrice;
    if (net > 0) f.lastProfitExitTs = ts;
    this.emit({ kind: 'TradeClosed', id: this.eventId('closed'), ts, trade });
    if (this.risk.lossLimitHit) this.refreshTradingState(ts, 'daily max loss');
  }

  // ---------------------------------------------------------------- adaptive preset

  /**
   * The adaptive preset (the original's flaw §15.14 fixed): the chosen preset's overrides are applied
   * under their real names on top of the current set, so a trader's own overrides on fields presets do
   * not set survive. Open positions keep their stop and target.
   */
  private adapt(ts: number): void {
    this.nextAdaptiveTs = ts + ADAPTIVE_INTERVAL_MS;
    const regime = marketRegime(this.ce.regime, this.pe.regime);
    const choice = chooseAdaptivePreset({
      consecutiveLosses: this.risk.consecutiveLosses,
      winStreak: this.risk.winStreak,
      recent: this.recentNet,
      regime,
    });
    if (choice.preset === this.adaptiveActive) return;
    const from = this.adaptiveActive;
    this.adaptiveActive = choice.preset;
    this.setParams(withOverrides(this.params, PRESET_DATA[choice.preset].overrides));
    this.emit({
      kind: 'PresetSwitched',
      id: this.eventId('adaptive'),
      ts,
      fromPreset: from,
      toPreset: choice.preset,
      reason: choice.reason,
      regime,
      consecutiveLosses: this.risk.consecutiveLosses,
      winStreak: this.risk.winStreak,
      recentWinRate: choice.recentWinRate,
      recentTrades: this.recentNet.length,
      paramsVersion: this.version,
    });
  }

  // ---------------------------------------------------------------- helpers

  private context(pos: Position, f: SideFeatures): DecisionContext {
    const m = f.momentum;
    return {
      regime: f.regime,
      momentumCount: m.count * m.dir,
      momentumVelocity: m.velocity,
      consecutiveLosses: this.risk.consecutiveLosses,
      winStreak: this.risk.winStreak,
      sessionPnl: this.risk.realisedNet,
      tradeNumber: this.tradeSeq,
      spread: f.bid > 0 && f.ask > 0 ? f.ask - f.bid : 0,
      bidAskRatio: f.askQty > 0 ? f.bidQty / f.askQty : 0,
      trailStage: pos.stage,
      highWaterMark: pos.highWaterMark,
      maxProfit: pos.maxProfit,
      reEntry: pos.reEntry,
      preset: this.adaptiveActive !== '' && this.adaptiveActive !== this.preset ? `${this.preset}:${this.adaptiveActive}` : this.preset,
      paramsVersion: this.version,
    };
  }

  private refreshTradingState(ts: number, reason: string): void {
    this.setTradingState(this.stateInputs.derive(this.risk.lossLimitHit), ts, reason);
  }

  private setTradingState(state: TradingState, ts: number, reason: string): void {
    if (this.risk.tradingState === state) return;
    this.risk.tradingState = state;
    this.emit({ kind: 'TradingStateChanged', id: this.eventId('state'), ts, state, reason });
  }

  /** The smallest move that counts as directional for an instrument: the parameter, or its tick size when 0. */
  private minTickOf(instrument: number): number {
    return this.p.momentumMinTick > 0 ? this.p.momentumMinTick : instrumentById(this.cfg.universe, instrument).tickSize;
  }

  private eventId(kind: string): string {
    this.eventSeq++;
    return `${this.risk.date}:${this.eventSeq}:${kind}`;
  }

  private emit(event: KernelEvent): void {
    this.cfg.store.append(event);
  }
}

/** What a stop hit is called: the stop's stage says what put it there. */
function stopExitReason(stage: TrailStage): ExitReason {
  if (stage === 'initial') return 'stop_loss';
  if (stage === 'time_tighten') return 'time_stop';
  return 'trail_stop';
}

function isAdaptive(preset: string): boolean {
  return isPresetName(preset) && PRESET_DATA[preset].adaptive;
}

/** Builds the kernel: the one way backtest, paper and live assemble it. */
export function createKernel(cfg: KernelConfig): Kernel {
  const inst: Instrument = instrumentById(cfg.universe, cfg.underlying);
  if (inst.kind !== 'INDEX') throw new RangeError(`underlying ${inst.symbol} must be an index instrument`);
  return new Kernel(cfg);
}
