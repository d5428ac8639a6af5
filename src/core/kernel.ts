/** The trading kernel: one synchronous tick loop shared by backtest, paper and live — features, rules, risk and orders. */
import { tradingDate } from './calendar/exchange-time.js';
import { IndexBias } from './features/index-bias.js';
import { Momentum } from './features/momentum.js';
import { SideFeatures } from './features/side-features.js';
import type { ClosedTrade, DecisionContext, ExitReason, KernelEvent, Side, TradingState, TrailStage } from './model/events.js';
import type { OrderReport } from './model/fill.js';
import { instrumentById, type Instrument, type OptionInstrument } from './model/instrument.js';
import { ceilToTick, floorToTick } from './model/money.js';
import { transitionOrder, type Order, type OrderAction, type OrderPurpose } from './model/order.js';
import type { Tick } from './model/tick.js';
import { toKernelParams, type KernelParams } from './params/kernel-params.js';
import { paramsVersion } from './params/params-version.js';
import { PRESET_DATA, isPresetName } from './params/presets.js';
import { withOverrides, type Params } from './params/schema.js';
import { Position } from './portfolio/position.js';
import { rebuildPosition } from './portfolio/rebuild-position.js';
import { DailyRisk, type DailyRiskSnapshot } from './risk/daily-risk.js';
import { entryGuard } from './risk/entry-guard.js';
import { lockFor, type EntryLock } from './risk/entry-locks.js';
import { expectedExitPrice } from './risk/exit-cost.js';
import { TradingStateInputs } from './risk/trading-state.js';
import { ADAPTIVE_INTERVAL_MS, chooseAdaptivePreset, marketRegime } from './rules/adaptive-preset.js';
import { OptionalRules } from './rules/optional-rules.js';
import { signalQualifies } from './rules/signal-filters.js';
import { ladderStop, ratchets, type LadderInput, type LadderResult } from './rules/trailing-ladder.js';
import { SessionClock } from './session/session-clock.js';
import type { KernelConfig, KernelRestore, KernelStatus } from './kernel-types.js';

export type { ChainStrike, ChargesFn, KernelConfig, KernelRestore, KernelStatus, OptionChain, RestoredPosition, StrikeSource } from './kernel-types.js';

const ROLE_NONE = 0;
const ROLE_INDEX = 1;
const ROLE_CE = 2;
const ROLE_PE = 3;

/** Backoff for retrying a rejected exit, in tick time: 250 ms doubling to 8 s. */
const EXIT_RETRY_BASE_MS = 250;
const EXIT_RETRY_MAX_MS = 8_000;
/** Rejected attempts after which a failing exit raises ExitStuck (it is still retried). */
export const EXIT_STUCK_ATTEMPTS = 3;

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
  private entryLocks: readonly EntryLock[] = [];
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
  private readonly rules: OptionalRules;

  constructor(private readonly cfg: KernelConfig) {
    const underlying = instrumentById(cfg.universe, cfg.underlying);
    this.utcOffsetMin = underlying.utcOffsetMin;
    this.rules = new OptionalRules(this.utcOffsetMin);
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
    this.session = new SessionClock(this.utcOffsetMin, this.p, cfg.isTradingDay);
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
    if (this.risk.date !== '') this.rules.startDate(this.p, this.risk.date, false);
  }

  /** Stops new entries; exits keep being managed. */
  pauseEntries(ts: number, reason = 'paused'): void {
    this.stateInputs.pausedReason = reason;
    this.refreshTradingState(ts, reason);
  }

  /** Replaces the entry locks in force (the runtime owns the list; an expired lock simply stops matching). */
  setEntryLocks(locks: readonly EntryLock[]): void {
    this.entryLocks = locks.map((l) => ({ ...l }));
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
    if (this.risk.date !== '') this.rules.startDate(this.p, this.risk.date, true);
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
    const { tp, sl } = this.targets(inst, first.ts);
    const pos = rebuildPosition(rp, inst, tp, sl);
    if (pos === null) return;
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
      this.rules.onIndexTick(ts);
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
    if (report.kind === 'rejected' || report.kind === 'cancelled') {
      // A venue that ends an order it accepted (a risk check after acceptance, a partial fill then cancel):
      // the unfilled rest is handled as a rejection would be (an exit is sent again for what is still held).
      transitionOrder(order, report.kind === 'rejected' ? 'reject' : 'cancel');
      this.orders.delete(orderId);
      this.onRejected(order, report.ts, report.kind === 'rejected' ? report.reason : `ended by the venue after ${order.filledQty} of ${order.qty} filled: ${report.reason}`);
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
      this.rules.startDate(this.p, date, true);
      // The date's risk state is new: a loss limit hit yesterday no longer blocks entries.
      this.refreshTradingState(ts, 'new trading date');
    }
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

  /** One tick of the held option: its exits and stop moves; a moved stop is reported for the trade's decision trace. */
  private managePosition(pos: Position, f: SideFeatures, ts: number): void {
    const stop = pos.stop;
    this.positionStep(pos, f, ts);
    if (pos.stop !== stop) this.emit({ kind: 'StopMoved', id: this.eventId('stop'), ts, tradeId: pos.tradeId, from: stop, to: pos.stop, stage: pos.stage, price: f.ltp });
  }

  private positionStep(pos: Position, f: SideFeatures, ts: number): void {
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
    if (this.rules.hasPositionSteps(pos)) {
      const sell = this.rules.positionStep(p, pos, price, this.risk.realisedNet, pos.exitOrderId !== null || this.pendingSellQty(pos) > 0);
      if (sell !== null) this.submit(pos.tradeId, pos.instrument, 'SELL', 'PARTIAL_EXIT', sell.qty, ts, price, sell.reason);
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
    const qty = pos.qty - this.pendingSellQty(pos);
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
    const other = signal === 'CE' ? this.pe : this.ce;
    if (!signalQualifies(p, signal, tradeSide, f, other, this.underlyingMomentum, this.bias, this.underlyingLtp, threshold, this.risk.consecutiveLosses, ts)) return;
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
    const lots = this.rules.entryLots(p, this.risk.realisedNet, t, inst.lotSize);
    const qty = Math.max(1, lots) * inst.lotSize;
    const denied = entryGuard(p, this.risk, {
      ts,
      inEntryWindow: this.session.inEntryWindow(ts),
      reEntry,
      regime: t.regime,
      qtyAfter: qty,
      maxQty,
      orderPending: this.orders.size > 0,
      stalled: this.rules.stale(p, t, ts),
      netAfterRoundTrip: this.risk.realisedNet - this.roundTripCost(t, inst, qty, ts),
      weekdaySkipped: this.rules.weekdaySkipped,
      overBudget: lots < 1,
      pProfit: this.rules.pProfit(p, tradeSide, t.regime, ts),
      locked: this.entryLocks.length > 0 && lockFor(this.entryLocks, tradeSide, inst.symbol, ts) !== null,
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
    this.rules.applyAtrStops(this.p, pos, t, inst, this.p.expiryProfileEnabled && inst.expiryDate === this.risk.date && ts >= this.session.t1400);
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

  /** Units of the position already being sold by orders in flight. */
  private pendingSellQty(pos: Position): number {
    let qty = 0;
    for (const o of this.orders.values()) if (o.tradeId === pos.tradeId && o.action === 'SELL') qty += o.qty - o.filledQty;
    return qty;
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
      stalled: this.rules.stale(p, t, ts),
      netAfterRoundTrip: this.risk.realisedNet + pos.netAt(t.ltp) - this.roundTripCost(t, inst, qty, ts),
      weekdaySkipped: this.rules.weekdaySkipped,
      overBudget: this.rules.addOverBudget(p, this.risk.realisedNet, pos, t, inst.lotSize),
      pProfit: null,
      locked: this.entryLocks.length > 0 && lockFor(this.entryLocks, pos.side, inst.symbol, ts) !== null,
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
    this.cfg.broker.submit({ orderId, instrument, action, purpose, qty, ts });
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
      pos.lots -= (order.qty - order.filledQty) / pos.lotSize;
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
    this.rules.recordClose(pos, net);
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
