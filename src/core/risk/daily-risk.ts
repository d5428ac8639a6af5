/** The risk state of one exchange trading date: realised net P&L, loss streaks, cooldowns and the entry rate window. */
import type { TradingState } from '../model/events.js';

/** Plain data, so the runtime can persist it per trading date and restore it after a crash. */
export interface DailyRiskSnapshot {
  readonly date: string;
  readonly realisedNet: number;
  readonly trades: number;
  readonly wins: number;
  readonly losses: number;
  readonly consecutiveLosses: number;
  readonly winStreak: number;
  readonly lossLimitHit: boolean;
  readonly cooldownUntil: number;
  readonly breakerUntil: number;
  readonly flipCooldownUntil: number;
  readonly lastEntryTs: number;
  readonly recentEntries: readonly number[];
}

const RATE_WINDOW_MS = 60_000;
const RATE_CAPACITY = 128;

export class DailyRisk {
  date = '';
  realisedNet = 0;
  trades = 0;
  wins = 0;
  losses = 0;
  consecutiveLosses = 0;
  winStreak = 0;
  lossLimitHit = false;
  cooldownUntil = 0;
  breakerUntil = 0;
  flipCooldownUntil = 0;
  lastEntryTs = Number.NEGATIVE_INFINITY;
  tradingState: TradingState = 'active';
  private readonly entryTimes = new Float64Array(RATE_CAPACITY);
  private entryCount = 0;

  /** Starts a new trading date: every daily figure resets; the trading state is kept (a kill lasts until a human resumes). */
  startDate(date: string): void {
    this.date = date;
    this.realisedNet = 0;
    this.trades = 0;
    this.wins = 0;
    this.losses = 0;
    this.consecutiveLosses = 0;
    this.winStreak = 0;
    this.lossLimitHit = false;
    this.cooldownUntil = 0;
    this.breakerUntil = 0;
    this.flipCooldownUntil = 0;
    this.lastEntryTs = Number.NEGATIVE_INFINITY;
    this.entryCount = 0;
  }

  recordEntry(ts: number): void {
    this.lastEntryTs = ts;
    this.entryTimes[this.entryCount % RATE_CAPACITY] = ts;
    this.entryCount++;
  }

  /** Entries in the rolling 60 s before and including `ts`. */
  entriesInLastMinute(ts: number): number {
    let n = 0;
    const stored = Math.min(this.entryCount, RATE_CAPACITY);
    for (let k = 1; k <= stored; k++) {
      const t = this.entryTimes[(this.entryCount - k) % RATE_CAPACITY]!;
      if (t <= ts - RATE_WINDOW_MS) break;
      n++;
    }
    return n;
  }

  /**
   * Books a closed trade. A loss (net ≤ 0) extends the loss streak; the breaker trips once, when the
   * streak reaches `breakerAt`, and re-arms after a win.
   */
  recordClose(ts: number, net: number, breakerAt: number, breakerCooldownMs: number): void {
    this.realisedNet += net;
    this.trades++;
    if (net > 0) {
      this.wins++;
      this.winStreak++;
      this.consecutiveLosses = 0;
    } else {
      this.losses++;
      this.winStreak = 0;
      this.consecutiveLosses++;
      if (this.consecutiveLosses === breakerAt) this.breakerUntil = ts + breakerCooldownMs;
    }
  }

  snapshot(): DailyRiskSnapshot {
    const stored = Math.min(this.entryCount, RATE_CAPACITY);
    const recent: number[] = [];
    for (let k = stored; k >= 1; k--) recent.push(this.entryTimes[(this.entryCount - k) % RATE_CAPACITY]!);
    return {
      date: this.date,
      realisedNet: this.realisedNet,
      trades: this.trades,
      wins: this.wins,
      losses: this.losses,
      consecutiveLosses: this.consecutiveLosses,
      winStreak: this.winStreak,
      lossLimitHit: this.lossLimitHit,
      cooldownUntil: this.cooldownUntil,
      breakerUntil: this.breakerUntil,
      flipCooldownUntil: this.flipCooldownUntil,
      lastEntryTs: this.lastEntryTs,
      recentEntries: recent,
    };
  }

  restore(s: DailyRiskSnapshot): void {
    this.startDate(s.date);
    this.realisedNet = s.realisedNet;
    this.trades = s.trades;
    this.wins = s.wins;
    this.losses = s.losses;
    this.consecutiveLosses = s.consecutiveLosses;
    this.winStreak = s.winStreak;
    this.lossLimitHit = s.lossLimitHit;
    this.cooldownUntil = s.cooldownUntil;
    this.breakerUntil = s.breakerUntil;
    this.flipCooldownUntil = s.flipCooldownUntil;
    for (const t of s.recentEntries) this.recordEntry(t);
    this.lastEntryTs = s.lastEntryTs;
  }
}
