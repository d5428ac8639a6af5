/**
 * The end-of-day reconciliation, run by itself after the close: once per exchange trading day, a set time
 * after the session ends, the agent's book is reconciled with the broker's tradebook and the outcome is
 * published (reconciliation.done when the books agree, alarm.reconciliation when they differ or the broker
 * could not be read; a failed run is tried again). The last outcome is kept, so a restart does not run a
 * day again.
 */
import { dayNumberToDate, localDayNumber, minuteOfDay } from '../../core/calendar/exchange-time.js';
import type { EventBus } from '../events/event-bus.js';

const KEY = 'reconciliation.scheduled';

/** What a scheduled run found (money in rupees, as on every surface). */
export interface ScheduledReconciliation {
  readonly date: string;
  readonly ranTs: number;
  readonly ok: boolean;
  /** Differences by cause; empty when the books agree or the run failed. */
  readonly differences: Readonly<Record<string, number>>;
  readonly oursNet: string | null;
  readonly brokerNet: string | null;
  readonly unexplained: string | null;
  /** Why the run failed (the broker unreachable, a row unreadable), null when it ran. */
  readonly error: string | null;
}

/** The report fields the schedule reads from reconcile.day's answer. */
export interface DayReport {
  readonly date: string;
  readonly ours: { readonly net: string };
  readonly broker: { readonly net: string | null };
  readonly differences: readonly { readonly cause: string }[];
  readonly unexplained: string | null;
}

export interface EodScheduleOptions {
  /** reconcile.day on the agent's book for a date. */
  readonly reconcile: (date: string) => Promise<DayReport>;
  readonly now: () => number;
  readonly utcOffsetMin: number;
  /** The session's close, minutes after local midnight (15:30 → 930). */
  readonly closeMinute: number;
  /** Minutes after the close before the run: the broker's tradebook settles. Default 20. */
  readonly delayMin?: number;
  readonly isTradingDay: (day: number) => boolean;
  readonly store: { setting<T>(key: string): T | undefined; putSetting(key: string, value: unknown, ts: number): void };
  readonly events?: EventBus;
  readonly log?: (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void;
  /** How often the clock is looked at. Default 60 s. */
  readonly checkEveryMs?: number;
  /** After a failed run, wait this long before trying the day again. Default 10 min. */
  readonly retryMs?: number;
}

export class EodSchedule {
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private failedAt = -Infinity;

  constructor(private readonly o: EodScheduleOptions) {}

  start(): void {
    if (this.timer !== null) return;
    this.timer = setInterval(() => void this.tick(), this.o.checkEveryMs ?? 60_000);
    this.timer.unref();
    void this.tick();
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  /** The last scheduled run, null before any. */
  last(): ScheduledReconciliation | null {
    return this.o.store.setting<ScheduledReconciliation>(KEY) ?? null;
  }

  /** The trading date whose run is due now, or null (before the close plus the delay, on a holiday, or already done). */
  due(): string | null {
    const now = this.o.now();
    const day = localDayNumber(now, this.o.utcOffsetMin);
    const minute = minuteOfDay(now, this.o.utcOffsetMin);
    if (!this.o.isTradingDay(day) || minute < this.o.closeMinute + (this.o.delayMin ?? 20)) return null;
    const date = dayNumberToDate(day);
    const last = this.last();
    return last !== null && last.date === date && last.ok ? null : date;
  }

  /** Runs the day's reconciliation if it is due; resolves once it has run (or was not due). */
  async tick(): Promise<void> {
    if (this.running || this.o.now() - this.failedAt < (this.o.retryMs ?? 600_000)) return;
    const date = this.due();
    if (date === null) return;
    this.running = true;
    try {
      let outcome: ScheduledReconciliation;
      try {
        const r = await this.o.reconcile(date);
        const differences: Record<string, number> = {};
        for (const d of r.differences) differences[d.cause] = (differences[d.cause] ?? 0) + 1;
        outcome = { date, ranTs: this.o.now(), ok: true, differences, oursNet: r.ours.net, brokerNet: r.broker.net, unexplained: r.unexplained, error: null };
      } catch (e) {
        this.failedAt = this.o.now();
        outcome = { date, ranTs: this.o.now(), ok: false, differences: {}, oursNet: null, brokerNet: null, unexplained: null, error: e instanceof Error ? e.message : String(e) };
      }
      this.o.store.putSetting(KEY, outcome, outcome.ranTs);
      const clean = outcome.ok && Object.keys(outcome.differences).length === 0;
      this.o.events?.publish(clean ? 'reconciliation.done' : 'alarm.reconciliation', { ...outcome, differences: { ...outcome.differences } });
      this.o.log?.(clean ? 'info' : 'warn', outcome.ok ? `end-of-day reconciliation of ${date}: ${clean ? 'our fills agree with the broker' : 'differences found (GET /api/v1/reconciliation)'}` : `end-of-day reconciliation of ${date} failed: ${outcome.error}`, { ...outcome });
    } finally {
      this.running = false;
    }
  }
}
