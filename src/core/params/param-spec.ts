/** Every strategy and risk parameter the rules use: default, allowed range, unit and a one-line description. */

interface SpecBase {
  /** One line an LLM or a trader reads to understand the parameter. */
  readonly doc: string;
  readonly group: ParamGroup;
}

export type ParamGroup =
  | 'sizing'
  | 'entry'
  | 'filters'
  | 'index_bias'
  | 'regime'
  | 'averaging'
  | 'exits'
  | 'trailing'
  | 'risk'
  | 'session';

export interface NumberSpec extends SpecBase {
  readonly type: 'number' | 'int';
  readonly default: number;
  readonly min: number;
  readonly max: number;
  readonly unit: 'points' | 'rupees' | 'ms' | 'ticks' | 'lots' | 'units' | 'trades' | 'ratio' | 'percent' | 'score' | 'rsi' | 'adx';
}

export interface BoolSpec extends SpecBase {
  readonly type: 'bool';
  readonly default: boolean;
}

export interface EnumSpec<V extends string = string> extends SpecBase {
  readonly type: 'enum';
  readonly values: readonly V[];
  readonly default: V;
}

export interface TimeSpec extends SpecBase {
  readonly type: 'time';
  /** Exchange local time, HH:MM. */
  readonly default: string;
}

/** Exchange-local weekdays, as a set parameter's values. */
export const WEEKDAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface WeekdaysSpec extends SpecBase {
  readonly type: 'weekdays';
  readonly default: readonly Weekday[];
}

export type ParamSpec = NumberSpec | BoolSpec | EnumSpec | TimeSpec | WeekdaysSpec;

const num = (group: ParamGroup, unit: NumberSpec['unit'], def: number, min: number, max: number, doc: string): NumberSpec => ({
  type: 'number',
  group,
  unit,
  default: def,
  min,
  max,
  doc,
});
const int = (group: ParamGroup, unit: NumberSpec['unit'], def: number, min: number, max: number, doc: string): NumberSpec => ({
  ...num(group, unit, def, min, max, doc),
  type: 'int',
});
const bool = (group: ParamGroup, def: boolean, doc: string): BoolSpec => ({ type: 'bool', group, default: def, doc });
const oneOf = <V extends string>(group: ParamGroup, values: readonly V[], def: V, doc: string): EnumSpec<V> => ({
  type: 'enum',
  group,
  values,
  default: def,
  doc,
});
const time = (group: ParamGroup, def: string, doc: string): TimeSpec => ({ type: 'time', group, default: def, doc });
const weekdays = (group: ParamGroup, def: readonly Weekday[], doc: string): WeekdaysSpec => ({ type: 'weekdays', group, default: def, doc });

/**
 * The parameter table. Defaults are the original browser engine's, except where noted in the doc line.
 * Ranges are validation limits: a value outside is an error, never silently clamped.
 */
export const PARAM_SPECS = {
  // Sizing
  entryLots: int('sizing', 'lots', 2, 1, 50, 'Lots bought on a new entry.'),
  scaleLots: int('sizing', 'lots', 1, 1, 50, 'Lots added by one averaging step.'),
  maxLotsPerStrike: int('sizing', 'lots', 3, 1, 100, 'Most lots held in one position, including averaging adds.'),
  maxQty: int('sizing', 'units', 0, 0, 100_000, 'Hard cap on position quantity in units; 0 means maxLotsPerStrike × lot size.'),

  // Entry signal
  tradeMode: oneOf('entry', ['AUTO', 'CE', 'PE'] as const, 'AUTO', 'Which sides may be entered: both (AUTO), calls only or puts only.'),
  reverseTrades: bool('entry', false, 'Trade the opposite side of the signal (buy PE on a CE signal and vice versa).'),
  momentumTicks: int('entry', 'ticks', 6, 2, 20, 'Consecutive up-ticks of a side premium needed to signal an entry on that side.'),
  momentumMinTick: num('entry', 'points', 0, 0, 5, 'Smallest premium move that counts as a directional tick; moves below it change nothing. 0 means the traded instrument’s tick size.'),
  momentumMinMovePts: num('entry', 'points', 1.5, 0, 50, 'Velocity filter: the streak must have moved at least this far; 0 disables it.'),
  minMovePts: num('entry', 'points', 1, 0, 100, 'A re-entry on a side needs the premium this far from that side’s last exit price; 0 disables it.'),
  reEntryEnabled: bool('entry', true, 'Treat an entry soon after a profitable exit on the same side as a re-entry (skips the loss cooldown, shorter gap).'),
  reEntryWindowMs: int('entry', 'ms', 15_000, 0, 600_000, 'How long after a profitable exit an entry on that side counts as a re-entry.'),
  reEntryMaxGapMs: int('entry', 'ms', 5_000, 0, 600_000, 'Minimum entry gap for a re-entry is min(minEntryGapMs, this).'),

  // Filters
  noTradeZoneEnabled: bool('filters', true, 'Block entries while a side premium is stuck in a narrow range despite ticking.'),
  noTradeZoneRangePts: num('filters', 'points', 2, 0, 50, 'No-trade zone: premium range (max − min) below this within the window blocks entries.'),
  noTradeZoneWindowMs: int('filters', 'ms', 30_000, 1_000, 600_000, 'No-trade zone look-back window.'),
  noTradeZoneMinTicks: int('filters', 'ticks', 5, 1, 1_000, 'No-trade zone applies only once the window holds at least this many directional ticks.'),
  underlyingFilterEnabled: bool('filters', true, 'Require the underlying index to be moving the signal’s way (up for CE, down for PE).'),
  underlyingMomentumTicks: int('filters', 'ticks', 2, 1, 20, 'Consecutive index ticks in the signal’s direction the underlying filter needs.'),
  candleConfirmEnabled: bool('filters', true, 'Require the side’s last closed 1-minute candle to confirm the signal.'),
  candleConfirmMode: oneOf('filters', ['EMA9', 'PREV'] as const, 'EMA9', 'Candle confirm: last close above EMA9 of closes (EMA9) or above the previous close (PREV).'),
  candleMomentumTicks: int('filters', 'ticks', 5, 2, 20, 'With candle confirm on, the momentum threshold is max(momentumTicks, this).'),
  relativeStrengthEnabled: bool('filters', true, 'Require the signal side’s up-streak to beat the other side’s by relativeStrengthDiff.'),
  relativeStrengthDiff: int('filters', 'ticks', 1, 0, 20, 'Relative strength margin in up-ticks.'),
  spreadFilterEnabled: bool('filters', true, 'Check the traded side’s own quote: absolute and relative spread must both pass.'),
  spreadMaxPts: num('filters', 'points', 0.25, 0.05, 20, 'Widest absolute bid/ask spread allowed for an entry (the original used 0.25 for NIFTY and 0.40 for SENSEX).'),
  spreadMaxPct: num('filters', 'percent', 0.5, 0.01, 20, 'Widest spread allowed as a percent of the premium.'),
  expirySpreadMultiplier: num('filters', 'ratio', 1.5, 1, 5, 'On expiry day from 14:00 both spread limits are multiplied by this.'),
  imbalanceEnabled: bool('filters', false, 'Require bid quantity / ask quantity of the traded side to reach imbalanceRatio.'),
  imbalanceRatio: num('filters', 'ratio', 1.8, 0.1, 10, 'Order-book imbalance threshold (bid qty / ask qty).'),

  // Index bias
  indexBiasMode: oneOf('index_bias', ['OFF', 'FILTER', 'STRONG'] as const, 'FILTER', 'Index bias from 1-minute index indicators: FILTER blocks trades against the bias, STRONG requires a matching bias.'),
  indexBiasMinScore: int('index_bias', 'score', 2, 1, 5, 'Votes needed for a BULL (≥ +score) or BEAR (≤ −score) bias.'),
  indexEmaEnabled: bool('index_bias', true, 'Index bias vote: EMA9 above/below EMA21.'),
  indexTpaEnabled: bool('index_bias', true, 'Index bias vote: price above/below the day’s typical-price average (the original called it VWAP; it is not volume-weighted).'),
  indexTpaBufferPts: num('index_bias', 'points', 0, 0, 2_000, 'Index points the price must clear the typical-price average by to vote.'),
  indexRsiEnabled: bool('index_bias', true, 'Index bias vote: RSI14 at or above indexRsiBull / at or below indexRsiBear.'),
  indexRsiBull: num('index_bias', 'rsi', 55, 50, 80, 'RSI level that votes bullish.'),
  indexRsiBear: num('index_bias', 'rsi', 45, 20, 50, 'RSI level that votes bearish.'),
  indexAdxEnabled: bool('index_bias', true, 'Index bias vote: when ADX14 ≥ indexAdxMin, DI+ vs DI−.'),
  indexAdxMin: num('index_bias', 'adx', 18, 5, 60, 'ADX needed before the DI vote counts.'),
  indexSupertrendEnabled: bool('index_bias', true, 'Index bias vote: price above/below Supertrend(10, 3).'),

  // Regime (per side, from that side's premium ticks)
  regimeDetectionEnabled: bool('regime', true, 'Classify each side’s premium as TRENDING, RANGING or VOLATILE from its recent directional ticks.'),
  regimeWindowMs: int('regime', 'ms', 60_000, 5_000, 900_000, 'Regime look-back window.'),
  regimeVolatileThreshold: num('regime', 'points', 5, 0.1, 100, 'Premium range at or above which a side is VOLATILE (TRENDING if directional).'),
  regimeRangingThreshold: num('regime', 'points', 3, 0.05, 100, 'Premium range below which a side is RANGING.'),
  regimeRangingBoost: int('regime', 'ticks', 2, 0, 10, 'Extra momentum ticks required while the side is RANGING.'),
  regimeTradingMode: oneOf('regime', ['all', 'trending_only', 'trending_volatile'] as const, 'all', 'Regimes allowed to enter: all, TRENDING only, or anything but RANGING.'),

  // Averaging
  avgEnabled: bool('averaging', true, 'Add scaleLots to a position that keeps its momentum (same guards as an entry).'),
  avgOnlyProfit: bool('averaging', true, 'Average only while the position is in profit.'),
  avgWindowMs: int('averaging', 'ms', 15_000, 1_000, 120_000, 'Averaging is allowed only this long after the entry.'),
  avgIntervalMs: int('averaging', 'ms', 5_000, 500, 60_000, 'Minimum time between averaging adds (fixed; the original added random jitter).'),

  // Exits
  tpPoints: num('exits', 'points', 8, 0.5, 200, 'Take-profit distance from the average entry price.'),
  slPoints: num('exits', 'points', 5, 0.5, 200, 'Initial stop-loss distance below the average entry price.'),
  rrGuardEnabled: bool('exits', true, 'Reward/risk guard: tpPoints must be at least slPoints (validated, never silently lifted).'),
  trailingEnabled: bool('exits', true, 'Move the stop up as the trade gains.'),
  trailingOverrideTp: bool('exits', true, 'While trailing is on, ignore the take-profit and let the trailing stop exit.'),
  partialExitEnabled: bool('exits', false, 'Sell part of the position once at partialExitPts profit (a real fill, counted in P&L).'),
  partialExitPts: num('exits', 'points', 5, 0.5, 100, 'Profit per unit at which the partial exit fires.'),
  partialExitPct: num('exits', 'percent', 50, 1, 99, 'Share of the position sold by the partial exit (rounded down to whole lots, at least one lot).'),
  tradeMaxDurationMs: int('exits', 'ms', 180_000, 5_000, 3_600_000, 'After this long with weak momentum a winner exits and a loser’s stop tightens.'),
  timeExitTightenPts: num('exits', 'points', 1, 0.05, 50, 'Time exit for a loser: stop moves up to at most price − this (never above the price).'),
  minFlipHoldMs: int('exits', 'ms', 5_000, 0, 600_000, 'A position must be held this long before a flip or momentum-flip exit.'),
  flipCooldownMs: int('exits', 'ms', 15_000, 0, 1_800_000, 'No entries for this long after a flip or momentum-flip exit.'),
  expiryProfileEnabled: bool('exits', true, 'On expiry day tighten TP/SL of new entries from 14:00, 14:30 and 15:00 (values below).'),
  expiryTp1400: num('exits', 'points', 5, 0.5, 200, 'Expiry day from 14:00: take-profit for new entries (the original’s 3, lifted to SL by its RR guard).'),
  expirySl1400: num('exits', 'points', 5, 0.5, 200, 'Expiry day from 14:00: stop-loss for new entries.'),
  expiryTp1430: num('exits', 'points', 4, 0.5, 200, 'Expiry day from 14:30: take-profit for new entries.'),
  expirySl1430: num('exits', 'points', 4, 0.5, 200, 'Expiry day from 14:30: stop-loss for new entries.'),
  expiryTp1500: num('exits', 'points', 3, 0.5, 200, 'Expiry day from 15:00: take-profit for new entries.'),
  expirySl1500: num('exits', 'points', 3, 0.5, 200, 'Expiry day from 15:00: stop-loss for new entries.'),

  // Trailing stop: five named stages plus win-streak and profit lock
  trailStaged: bool('trailing', true, 'Use the staged ladder (breakeven, lock, trail, tight, accel); off = one simple trail at simpleTrailGapPts.'),
  trailStep: num('trailing', 'points', 0.1, 0.05, 5, 'The stop moves only when the new stop is more than this above the current one.'),
  simpleTrailGapPts: num('trailing', 'points', 2, 0.5, 50, 'Non-staged trail: once profit reaches this, the stop trails the price by this.'),
  breakevenEnabled: bool('trailing', true, 'Breakeven stage: move the stop to entry − breakevenBufferPts.'),
  breakevenTriggerPts: num('trailing', 'points', 1.5, 0.05, 50, 'Breakeven stage fires at this profit (and after breakevenDelayMs); must not exceed lockTriggerPts.'),
  breakevenDelayMs: int('trailing', 'ms', 3_000, 0, 60_000, 'Breakeven stage waits this long after entry.'),
  breakevenBufferPts: num('trailing', 'points', 0.5, 0, 10, 'Breakeven stop sits this far below the entry price.'),
  lockTriggerPts: num('trailing', 'points', 2, 0.05, 100, 'Lock stage fires at this profit: stop to entry + lockOffsetPts.'),
  lockOffsetPts: num('trailing', 'points', 0.5, 0, 50, 'Profit locked by the lock stage; must be below lockTriggerPts.'),
  trailTriggerPts: num('trailing', 'points', 4, 0.1, 100, 'Trail stage fires at this profit: stop trails the price by trailGapPts.'),
  trailGapPts: num('trailing', 'points', 2.5, 0.05, 50, 'Trail stage distance below the price.'),
  tightTriggerPts: num('trailing', 'points', 6, 0.1, 200, 'Tight stage fires at this profit: stop trails the price by tightGapPts.'),
  tightGapPts: num('trailing', 'points', 1.5, 0.05, 50, 'Tight stage distance below the price.'),
  accelEnabled: bool('trailing', true, 'Accel stage: a fast gain soon after entry trails tightly at accelGapPts.'),
  accelMovePts: num('trailing', 'points', 3, 0.1, 100, 'Accel stage fires when profit reaches this within accelWindowMs of entry.'),
  accelWindowMs: int('trailing', 'ms', 8_000, 500, 120_000, 'Accel stage window after entry.'),
  accelGapPts: num('trailing', 'points', 1, 0.05, 50, 'Accel stage distance below the price.'),
  winStreakWideTrail: int('trailing', 'trades', 3, 1, 50, 'After this many consecutive wins, trail wider (winStreakGapPts) once profit reaches tightTriggerPts.'),
  winStreakGapPts: num('trailing', 'points', 3.5, 0.05, 50, 'Win-streak trail distance below the price.'),
  profitLockPts: num('trailing', 'points', 0, 0, 50, 'Profit lock in points per unit: at this profit the stop goes to entry + this; 0 disables.'),
  profitLockRs: num('trailing', 'rupees', 0, 0, 100_000, 'Profit lock in rupees for the whole position (converted to points by quantity); 0 disables. Use Pts or Rs, not both.'),

  // Risk
  perTradeMaxLoss: num('risk', 'rupees', 2_000, 100, 1_000_000, 'Open loss of one position (marked at LTP, less the charges already paid on its fills) that forces an exit and starts the loss cooldown (the original declared both 500 and 2000; 2000 exceeds the loss at every preset’s stop for default sizes).'),
  dailyMaxLoss: num('risk', 'rupees', 10_000, 500, 10_000_000, 'Realised plus open loss for the exchange trading date, net of charges, that flattens and stops entries for the day. The open position counts at its expected exit: the bid less lossLimitSlippageTicks, less the exit order’s charges.'),
  lossLimitSlippageTicks: int('risk', 'ticks', 1, 0, 50, 'Adverse ticks below the bid that the daily loss limit assumes the exit would fill at.'),
  cooldownMs: int('risk', 'ms', 45_000, 0, 1_800_000, 'No new entries for this long after a per-trade-max-loss exit (re-entries included).'),
  consecutiveLossBreaker: int('risk', 'trades', 3, 1, 50, 'Consecutive losing trades that trip the loss breaker (cooldown and momentum boost); it re-arms after a win.'),
  consecutiveLossCooldownMs: int('risk', 'ms', 180_000, 0, 7_200_000, 'Entry pause when the loss breaker trips.'),
  consecutiveLossMomentumBoost: int('risk', 'ticks', 2, 0, 10, 'Extra momentum ticks required while consecutive losses are at or above the breaker.'),
  minEntryGapMs: int('risk', 'ms', 3_000, 0, 600_000, 'Minimum time between two entries.'),
  maxTradesPerMin: int('risk', 'trades', 10, 1, 120, 'Most entries in any rolling 60 seconds.'),
  dataStallMs: int('risk', 'ms', 10_000, 1_000, 600_000, 'No tick on a held option for this long counts as a data stall: entries stop and the position is exited.'),

  // Session (exchange local time)
  entryStart: time('session', '09:20', 'No entries before this exchange-local time.'),
  entryEnd: time('session', '15:10', 'No entries after this exchange-local time.'),
  flattenAt: time('session', '15:20', 'Every position is closed at this exchange-local time.'),

  // The seeds' optional rules, all off by default (docs/strategy.md, "Optional rules").
  atrStopsEnabled: bool('exits', false, 'ATR stops (seed 002): stop distance = ATR(14) of the traded side’s 1-minute premium candles × atrStopMultiplier, target = stop × atrRewardRatio; +1R sells half and moves the stop to breakeven, +2R sells a quarter and moves it to +1R, the target sells the rest.'),
  atrStopMultiplier: num('exits', 'ratio', 1.5, 0.1, 10, 'ATR stops: the stop distance in ATRs of the 1-minute premium candles.'),
  atrRewardRatio: num('exits', 'ratio', 3, 1, 10, 'ATR stops: the target distance in stop distances (R); the rest of the position exits there.'),
  signalExitPersistence: int('exits', 'ticks', 0, 0, 20, 'Hysteresis for momentum-flip exits (seed 002): the reversal must reach the entry threshold + signalExitHysteresisTicks on this many consecutive evaluations; 0 = off.'),
  signalExitHysteresisTicks: int('exits', 'ticks', 1, 0, 10, 'With signalExitPersistence on: how far above the entry threshold the reversal streak must be to count.'),
  calibrationGateEnabled: bool('filters', false, 'Calibration gate (seed 003): once calibrationMinTrades trades have closed, an entry needs the posterior P(profit) of its bucket (side × regime × hour, Beta(1, 1) prior) to reach calibrationMinProb.'),
  calibrationMinTrades: int('filters', 'trades', 30, 1, 10_000, 'Calibration gate: closed trades needed before it applies.'),
  calibrationMinProb: num('filters', 'ratio', 0.5, 0, 1, 'Calibration gate: the posterior P(profit) an entry’s bucket must reach.'),
  skipWeekdays: weekdays('session', [], 'No new entries on these exchange-local weekdays, e.g. ["MON"] (seed 003); exits are unaffected.'),
  capitalBudgetPct: num('sizing', 'percent', 0, 0, 100, 'Capital budget (seed 004): this percent of accountCapital per trading date, fixed for the day; lots are sized to fit what the day’s losses left of it, and at 30 / 50 / 70% used an open winner takes partial profits, moves to breakeven, trails tight; 0 = off.'),
  accountCapital: num('sizing', 'rupees', 500_000, 1_000, 1_000_000_000, 'Account capital the capital budget is a fraction of.'),
  maxTickAgeMs: int('risk', 'ms', 0, 0, 600_000, 'Tick freshness gate (seed 004): no new entries while the traded side’s or the index’s last tick is older than this; exits are unaffected; 0 = off.'),
} as const satisfies Record<string, ParamSpec>;

/**
 * Fields added after parameter versions were first recorded. A version id omits them while they hold
 * their default (off), so every version recorded before they existed keeps its id.
 */
export const LATER_FIELDS: ReadonlySet<string> = new Set([
  'atrStopsEnabled',
  'atrStopMultiplier',
  'atrRewardRatio',
  'signalExitPersistence',
  'signalExitHysteresisTicks',
  'calibrationGateEnabled',
  'calibrationMinTrades',
  'calibrationMinProb',
  'skipWeekdays',
  'capitalBudgetPct',
  'accountCapital',
  'maxTickAgeMs',
]);

export type ParamName = keyof typeof PARAM_SPECS;
