/**
 * Reconciles our positions with OpenAlgo's position book at start, on every reconnect (`check()`) and every
 * `everyMs`. A mismatch seen on `confirmations` checks in a row (a fill in flight is not one) is raised
 * once through `onMismatch` (the wiring pauses entries and raises the alarm); it is never "fixed" here.
 */
import { comparePositions, type HeldPosition, type PositionMismatch } from '../../app/live/position-check.js';
import { brokerPositions } from './broker-books.js';
import type { OpenAlgoRest } from './openalgo-rest.js';

export interface PositionReconcilerOptions {
  readonly rest: OpenAlgoRest;
  /** What we hold now. */
  readonly ours: () => readonly HeldPosition[];
  /** The symbols the agent may trade (the live source gives its whole chain): broker positions in others are the trader's. */
  readonly traded: () => readonly { symbol: string; exchange: string }[];
  /** Orders of ours not yet final: while any is in flight a difference is expected and not counted. */
  readonly ordersInFlight: () => number;
  readonly onMismatch: (mismatches: readonly PositionMismatch[]) => void;
  /** The books agree again after a mismatch was raised (entries stay paused: the trader resumes). */
  readonly onAgreed?: () => void;
  readonly onError?: (message: string) => void;
  readonly everyMs?: number;
  readonly confirmations?: number;
}

export type CheckOutcome = 'agreed' | 'skipped' | 'unconfirmed' | 'mismatch' | 'error';

export class PositionReconciler {
  private timer: NodeJS.Timeout | null = null;
  private seen = '';
  private streak = 0;
  private raised = false;
  private running: Promise<CheckOutcome> | null = null;

  constructor(private readonly o: PositionReconcilerOptions) {}

  start(): void {
    if (this.timer !== null) return;
    void this.check();
    this.timer = setInterval(() => void this.check(), this.o.everyMs ?? 30_000);
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  /** One comparison now (also after a reconnect); concurrent calls share one. */
  check(): Promise<CheckOutcome> {
    this.running ??= this.compare().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async compare(): Promise<CheckOutcome> {
    if (this.o.ordersInFlight() > 0) return 'skipped';
    let broker;
    try {
      broker = await brokerPositions(this.o.rest);
    } catch (e) {
      this.o.onError?.(`position book unavailable: ${(e as Error).message}`);
      return 'error';
    }
    // An order sent while the book was read makes this comparison moot.
    if (this.o.ordersInFlight() > 0) return 'skipped';
    const mismatches = comparePositions(this.o.ours(), broker, this.o.traded());
    if (mismatches.length === 0) {
      this.streak = 0;
      this.seen = '';
      if (this.raised) {
        this.raised = false;
        this.o.onAgreed?.();
      }
      return 'agreed';
    }
    const key = JSON.stringify(mismatches);
    this.streak = key === this.seen ? this.streak + 1 : 1;
    this.seen = key;
    if (this.streak < (this.o.confirmations ?? 2)) return 'unconfirmed';
    if (!this.raised) {
      this.raised = true;
      this.o.onMismatch(mismatches);
    }
    return 'mismatch';
  }
}
