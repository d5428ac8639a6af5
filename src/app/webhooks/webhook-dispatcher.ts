/** Sends the daemon's events to subscribed URLs: signed with HMAC-SHA256, retried with backoff, every attempt logged. */
import { createHmac, randomUUID } from 'node:crypto';
import type { Logger } from '../../core/ports.js';
import type { BusEvent, EventBus } from '../events/event-bus.js';

/** What the dispatcher needs of the webhook store (WebhookStore implements it). */
export interface WebhookBook {
  list(): readonly { readonly id: string; readonly url: string; readonly events: readonly string[]; readonly secret: string }[];
  logDelivery(d: { webhookId: string; deliveryId: string; eventType: string; attempt: number; status: number | null; error: string | null; ts: number }): void;
}

export interface DispatcherOptions {
  readonly now: () => number;
  readonly log: Logger;
  readonly mode: () => 'paper' | 'live';
  /** Waits before each retry, ms: the number of entries is the number of retries. */
  readonly backoffMs?: readonly number[];
  readonly timeoutMs?: number;
}

/** The signature a receiver checks: hex HMAC-SHA256 of `${timestamp}.${body}` with the webhook's secret. */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

const DEFAULT_BACKOFF = [1_000, 5_000, 30_000, 120_000, 600_000];

export class WebhookDispatcher {
  private unsubscribe: (() => void) | null = null;
  private readonly inFlight = new Set<Promise<unknown>>();
  private closed = false;

  constructor(
    private readonly book: WebhookBook,
    private readonly o: DispatcherOptions,
  ) {}

  /** Delivers every bus event to the hooks subscribed to its type (or to "*"). */
  start(bus: EventBus): void {
    this.unsubscribe = bus.subscribe((e) => {
      for (const hook of this.book.list()) {
        if (hook.events.includes('*') || hook.events.includes(e.type)) this.track(this.deliver(hook, e.type, e));
      }
    });
  }

  /** Sends one event to one hook until it answers 2xx or the retries run out; resolves with the last HTTP status (null: no answer). */
  async deliver(hook: { id: string; url: string; secret: string }, type: string, event: Pick<BusEvent, 'id' | 'ts' | 'data'>, maxAttempts = Infinity): Promise<number | null> {
    const deliveryId = `dlv_${randomUUID().replace(/-/g, '').slice(0, 20)}`;
    const body = JSON.stringify({ deliveryId, eventId: event.id, type, ts: event.ts, mode: this.o.mode(), data: event.data });
    const backoff = this.o.backoffMs ?? DEFAULT_BACKOFF;
    let status: number | null = null;
    for (let attempt = 1; attempt <= Math.min(maxAttempts, backoff.length + 1) && !this.closed; attempt++) {
      const timestamp = String(this.o.now());
      let error: string | null = null;
      try {
        const res = await fetch(hook.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'ai-scalper-webhooks',
            'x-scalper-event': type,
            'x-scalper-delivery': deliveryId,
            'x-scalper-timestamp': timestamp,
            'x-scalper-signature': webhookSignature(hook.secret, timestamp, body),
          },
          body,
          signal: AbortSignal.timeout(this.o.timeoutMs ?? 5_000),
        });
        status = res.status;
        await res.arrayBuffer().catch(() => undefined);
      } catch (e) {
        status = null;
        error = e instanceof Error ? e.message : String(e);
      }
      const ok = status !== null && status >= 200 && status < 300;
      this.book.logDelivery({ webhookId: hook.id, deliveryId, eventType: type, attempt, status, error: ok ? null : (error ?? `HTTP ${status}`), ts: this.o.now() });
      if (ok) return status;
      const wait = backoff[attempt - 1];
      if (wait === undefined || attempt >= maxAttempts) break;
      await new Promise((resolve) => setTimeout(resolve, wait).unref());
    }
    this.o.log.log('warn', 'webhook delivery failed after its retries', { webhookId: hook.id, deliveryId, type, status });
    return status;
  }

  /** Waits for deliveries in flight (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  close(): void {
    this.closed = true;
    this.unsubscribe?.();
  }

  private track(p: Promise<unknown>): void {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }
}
