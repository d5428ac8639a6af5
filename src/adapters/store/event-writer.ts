/** The tick loop's exit for events: a bounded in-memory queue, batched to a SQLite writer thread that acknowledges commits. */
import { Worker } from 'node:worker_threads';
import type { ClosedTradeRecord, OtherEventRecord, TradeEventRecord } from '../../core/model/book-records.js';
import type { BookItem, ControlUpdate, EventSink } from '../../app/runtime/runtime-ports.js';
import type { FromWorker, ToWorker, WriterWorkerData } from './writer-protocol.js';

export interface EventWriterOptions {
  readonly bookPath: string;
  readonly controlPath: string;
  /**
   * Most unacknowledged events before the queue counts as full. When full, `onPressure(true)` fires (the
   * runtime pauses entries) and non-trade events are dropped and counted; fills and closed trades are
   * never dropped: they are queued beyond the capacity. `onPressure(false)` fires below half capacity.
   */
  readonly capacity: number;
  readonly onAck?: (eventIds: readonly string[]) => void;
  readonly onPressure?: (full: boolean) => void;
  /** Called once with the first failure (a batch not committed, or the thread crashed); every later push and drain throws it. */
  readonly onError?: (error: EventWriterError) => void;
  readonly stall?: SharedArrayBuffer;
}

/** The writer could not commit: `code` is SQLite's or the OS's (e.g. SQLITE_FULL, ENOSPC), `file` the database that failed. */
export class EventWriterError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly file: string | undefined,
  ) {
    super(message);
    this.name = 'EventWriterError';
  }
}

interface InFlight {
  readonly ids: readonly string[];
  readonly count: number;
}

export class EventWriter implements EventSink {
  private fills: TradeEventRecord[] = [];
  private trades: ClosedTradeRecord[] = [];
  private others: OtherEventRecord[] = [];
  private ids: string[] = [];
  private control: { dailyRisk?: ControlUpdate['dailyRisk']; positions?: ControlUpdate['positions']; state: Map<string, string> } = { state: new Map() };
  private controlDirty = false;
  private readonly inFlight = new Map<number, InFlight>();
  private seq = 0;
  private unacked = 0;
  private ackedCount = 0;
  private full = false;
  private failed: EventWriterError | null = null;
  private idleWaiters: (() => void)[] = [];
  private closing: Promise<void> | null = null;
  /** Non-trade events dropped while the queue was full. */
  droppedNonTrade = 0;

  private constructor(
    private readonly worker: Worker,
    private readonly opts: EventWriterOptions,
  ) {
    worker.on('message', (m: FromWorker) => this.onMessage(m));
    worker.on('error', (e) => this.fail(new EventWriterError(`writer thread crashed: ${e.message}`, (e as { code?: string }).code, undefined)));
  }

  /** Starts the writer thread and resolves once it has opened (and migrated) both databases. */
  static async start(opts: EventWriterOptions): Promise<EventWriter> {
    if (!Number.isSafeInteger(opts.capacity) || opts.capacity < 2) throw new RangeError('capacity must be an integer ≥ 2');
    const here = import.meta.url;
    const fromSource = here.endsWith('.ts');
    const data: WriterWorkerData = { bookPath: opts.bookPath, controlPath: opts.controlPath, ...(opts.stall ? { stall: opts.stall } : {}) };
    // Run from source (tests, tsx), the worker must register the TypeScript loader before importing its
    // module: Node 20 workers do not inherit the parent's loader hooks.
    const entry = fromSource
      ? new URL(
          `data:text/javascript,${encodeURIComponent(
            `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))}; register(); await import(${JSON.stringify(new URL('./writer-worker.ts', here).href)});`,
          )}`,
        )
      : new URL('./writer-worker.js', here);
    const worker = new Worker(entry, { workerData: data });
    await new Promise<void>((resolve, reject) => {
      const onMessage = (m: FromWorker): void => {
        if (m.type === 'ready') {
          worker.off('message', onMessage);
          worker.off('error', reject);
          resolve();
        }
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
    });
    return new EventWriter(worker, opts);
  }

  /** Queues one event; O(1), never blocks. Returns false when a non-trade event was dropped because the queue is full. */
  push(item: BookItem): boolean {
    this.throwIfFailed();
    if (item.fill !== undefined) {
      this.fills.push(item.fill);
      this.ids.push(item.fill.eventId);
    } else if (item.trade !== undefined) {
      this.trades.push(item.trade);
      this.ids.push(`trade:${item.trade.tradeId}`);
    } else if (item.other !== undefined) {
      if (this.full) {
        this.droppedNonTrade++;
        return false;
      }
      this.others.push(item.other);
      this.ids.push(item.other.eventId);
    } else {
      return true;
    }
    this.unacked++;
    if (!this.full && this.unacked >= this.opts.capacity) {
      this.full = true;
      this.opts.onPressure?.(true);
    }
    return true;
  }

  /** Merges control-database updates to write after the next batch commits (latest value wins). */
  setControl(update: ControlUpdate): void {
    if (update.dailyRisk !== undefined) this.control.dailyRisk = update.dailyRisk;
    if (update.positions !== undefined) this.control.positions = update.positions;
    for (const s of update.state ?? []) this.control.state.set(s.key, s.value);
    this.controlDirty = true;
  }

  /** Sends what is queued as one batch (one transaction). Cheap when there is nothing to send. */
  post(ts: number): void {
    if (this.failed !== null || (this.ids.length === 0 && !this.controlDirty)) return;
    this.seq++;
    const c = this.control;
    const control: ControlUpdate | null = this.controlDirty
      ? {
          ...(c.dailyRisk === undefined ? {} : { dailyRisk: c.dailyRisk }),
          ...(c.positions === undefined ? {} : { positions: c.positions }),
          state: [...c.state].map(([key, value]) => ({ key, value })),
        }
      : null;
    const message: ToWorker = { type: 'batch', seq: this.seq, ts, batch: { events: this.fills, trades: this.trades, others: this.others }, control };
    this.inFlight.set(this.seq, { ids: this.ids, count: this.ids.length });
    this.worker.postMessage(message);
    this.fills = [];
    this.trades = [];
    this.others = [];
    this.ids = [];
    this.control = { state: new Map() };
    this.controlDirty = false;
  }

  /** Events queued or in flight, not yet committed. */
  get pending(): number {
    return this.unacked;
  }

  /** Events committed so far. */
  get acked(): number {
    return this.ackedCount;
  }

  /** Posts what is queued and resolves when everything has been committed. */
  async drain(ts: number): Promise<void> {
    this.post(ts);
    this.throwIfFailed();
    if (this.inFlight.size === 0) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    this.throwIfFailed();
  }

  private throwIfFailed(): void {
    if (this.failed !== null) throw this.failed;
  }

  /** Drains, then closes the databases and the thread. After a failure (already reported through onError) it only stops the thread. */
  close(ts: number): Promise<void> {
    this.closing ??= (async () => {
      if (this.failed === null) await this.drain(ts).catch(() => undefined);
      if (this.failed !== null) {
        await this.worker.terminate();
        return;
      }
      await new Promise<void>((resolve) => {
        this.worker.once('exit', () => resolve());
        this.worker.postMessage({ type: 'close' } satisfies ToWorker);
      });
    })();
    return this.closing;
  }

  private onMessage(m: FromWorker): void {
    if (m.type === 'ack') {
      const f = this.inFlight.get(m.seq);
      if (f === undefined) return;
      this.inFlight.delete(m.seq);
      this.unacked -= f.count;
      this.ackedCount += f.count;
      this.opts.onAck?.(f.ids);
      if (this.full && this.unacked <= this.opts.capacity / 2) {
        this.full = false;
        this.opts.onPressure?.(false);
      }
      if (this.inFlight.size === 0) this.wakeIdle();
    } else if (m.type === 'error') {
      this.fail(new EventWriterError(`${m.file}: batch ${m.seq} was not committed: ${m.message}`, m.code, m.file));
    }
  }

  private fail(error: EventWriterError): void {
    if (this.failed !== null) return;
    this.failed = error;
    this.opts.onError?.(error);
    this.wakeIdle();
  }

  private wakeIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}
