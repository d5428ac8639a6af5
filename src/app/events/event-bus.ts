/** The daemon's typed events (engine state, fills, trades, risk denials, alarms, jobs), numbered for SSE resume. */

export const EVENT_TYPES = [
  'engine.state',
  'engine.trading_state',
  'trade.fill',
  'trade.closed',
  'risk.denied',
  'alarm.exit_stuck',
  'alarm.feed',
  'alarm.positions',
  'alarm.reconciliation',
  'reconciliation.done',
  'live.armed',
  'live.disarmed',
  'job.queued',
  'job.progress',
  'job.done',
  'job.failed',
  'job.cancelled',
  'proposal.created',
  'proposal.gated',
  'proposal.applied',
  'proposal.rejected',
  'params.applied',
  'params.rolled_back',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export interface BusEvent {
  /** Increasing from 1 for the daemon's life: the SSE id, resumable with Last-Event-ID. */
  readonly id: number;
  readonly type: EventType;
  /** Wall time of publication, epoch ms. */
  readonly ts: number;
  readonly data: Readonly<Record<string, unknown>>;
}

export type BusListener = (event: BusEvent) => void;

/**
 * Publish/subscribe with a ring of the latest events, so a client that dropped its connection resumes
 * where it left off. Listeners run synchronously and must not throw (a throwing one is removed).
 */
export class EventBus {
  private readonly ring: BusEvent[] = [];
  private readonly listeners = new Set<BusListener>();
  private nextId = 1;

  constructor(
    private readonly now: () => number,
    readonly capacity = 10_000,
  ) {}

  publish(type: EventType, data: Readonly<Record<string, unknown>>): BusEvent {
    const event: BusEvent = { id: this.nextId++, type, ts: this.now(), data };
    this.ring.push(event);
    if (this.ring.length > this.capacity) this.ring.shift();
    for (const l of this.listeners) {
      try {
        l(event);
      } catch {
        this.listeners.delete(l);
      }
    }
    return event;
  }

  /** Events after `lastId`; null when some of them have already left the ring (the client must resync). */
  since(lastId: number): BusEvent[] | null {
    const first = this.ring[0];
    if (first !== undefined && lastId < first.id - 1) return null;
    if (first === undefined && lastId < this.nextId - 1) return null;
    return this.ring.filter((e) => e.id > lastId);
  }

  /** The id of the latest event (0 before any). */
  get lastId(): number {
    return this.nextId - 1;
  }

  subscribe(listener: BusListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
