/**
 * OpenAlgo's market-data WebSocket as a feed: authenticate, subscribe each symbol in the mode the rules
 * need, unsubscribe one symbol (with its mode, as the server reads it per entry), reconnect with backoff
 * and resubscribe, and a watchdog for a feed that stays connected but goes silent (a known failure after
 * the broker's daily token rollover): resubscribe, then reconnect, then poll REST quotes, each reported.
 */
import WebSocket from 'ws';
import { OrderUpdateDedupe, parseServerMessage, type FeedMode, type FeedQuote, type OrderUpdate } from './openalgo-messages.js';

export interface FeedSymbol {
  readonly symbol: string;
  readonly exchange: string;
  readonly mode: FeedMode;
}

/** Where the feed stands: `live` ticking; `stale` silent and being recovered; `fallback` on REST quotes. */
export type FeedState = 'connecting' | 'live' | 'stale' | 'fallback' | 'auth_failed' | 'stopped';

export type FeedEvent =
  | { readonly type: 'connected' }
  | { readonly type: 'disconnected'; readonly reason: string; readonly retryInMs: number }
  | { readonly type: 'auth_failed'; readonly message: string }
  | { readonly type: 'refused'; readonly message: string }
  | { readonly type: 'silent'; readonly silentMs: number; readonly action: 'resubscribe' | 'reconnect' | 'fallback' }
  | { readonly type: 'recovered'; readonly from: 'stale' | 'fallback' }
  | { readonly type: 'fallback_failed'; readonly message: string };

export interface FeedHealth {
  readonly state: FeedState;
  readonly connected: boolean;
  /** Connections opened after the first. */
  readonly reconnects: number;
  readonly lastError: string | null;
  /** Messages that were not JSON or not of a shape we read (a tick without a price, …): counted, never passed on. */
  readonly unreadable: number;
  readonly instruments: readonly { readonly symbol: string; readonly exchange: string; readonly mode: FeedMode; readonly lastTickTs: number | null; readonly ageMs: number | null }[];
}

export interface OpenAlgoFeedOptions {
  readonly url: string;
  readonly apiKey: string;
  readonly onQuote: (q: FeedQuote) => void;
  readonly onEvent?: (e: FeedEvent) => void;
  /** Order updates, each (order, status, filled quantity) once; asks the server for them when given. */
  readonly onOrderUpdate?: (u: OrderUpdate) => void;
  /** REST quotes for the watched symbols, used while the socket stays silent after a reconnect. */
  readonly fallbackQuotes?: (symbols: readonly FeedSymbol[]) => Promise<readonly FeedQuote[]>;
  /** Whether ticks are expected now (market hours); the watchdog sleeps otherwise. Default always. */
  readonly expectTicks?: () => boolean;
  readonly now?: () => number;
  /** Silence that counts as stale; each later step waits as long again. Default 10 s. */
  readonly staleMs?: number;
  readonly backoffMs?: { readonly initial: number; readonly max: number };
  readonly authTimeoutMs?: number;
  readonly pingMs?: number;
  readonly fallbackPollMs?: number;
}

const key = (s: { symbol: string; exchange: string }): string => `${s.exchange}:${s.symbol}`;

function textOf(data: WebSocket.RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  return Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data).toString('utf8');
}

export class OpenAlgoFeed {
  private ws: WebSocket | null = null;
  private state: FeedState = 'connecting';
  private authed = false;
  private stopped = true;
  private opened = 0;
  private attempt = 0;
  private lastError: string | null = null;
  private unreadable = 0;
  private readonly wanted = new Map<string, FeedSymbol>();
  private readonly lastTick = new Map<string, number>();
  /** Wall time of the last market_data frame from the socket (REST quotes do not count), or of the start. */
  private lastSocketTick = 0;
  /** Until when silence was expected (out of hours, nothing watched). */
  private quietUntil = 0;
  /** When the watchdog last took a step. */
  private lastStepTs = 0;
  /** 0 live, 1 resubscribed, 2 reconnected, 3 on REST quotes. */
  private escalation = 0;
  private readonly timers = new Set<NodeJS.Timeout>();
  private watchdog: NodeJS.Timeout | null = null;
  private ping: NodeJS.Timeout | null = null;
  private polling: NodeJS.Timeout | null = null;
  private readonly dedupe = new OrderUpdateDedupe();
  private readonly now: () => number;
  private readonly staleMs: number;

  constructor(private readonly o: OpenAlgoFeedOptions) {
    this.now = o.now ?? Date.now;
    this.staleMs = o.staleMs ?? 10_000;
  }

  /** Connects (and keeps reconnecting until stop). */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.lastSocketTick = this.now();
    this.connect();
    this.watchdog = setInterval(() => this.checkSilence(), Math.max(10, Math.floor(this.staleMs / 4)));
  }

  stop(): void {
    this.stopped = true;
    this.state = 'stopped';
    if (this.watchdog !== null) clearInterval(this.watchdog);
    this.stopPing();
    this.stopPolling();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    const ws = this.ws;
    this.ws = null;
    ws?.removeAllListeners();
    ws?.on('error', () => undefined);
    ws?.terminate();
  }

  /** Adds symbols (or changes their mode); sent at once when connected, and again after every reconnect. */
  subscribe(symbols: readonly FeedSymbol[]): void {
    for (const s of symbols) this.wanted.set(key(s), s);
    if (this.authed) this.sendSubscribe(symbols);
  }

  /** Drops symbols (a strike roll): the server is told the mode each was subscribed in. */
  unsubscribe(symbols: readonly { symbol: string; exchange: string }[]): void {
    const gone = symbols.flatMap((s) => this.wanted.get(key(s)) ?? []);
    for (const s of gone) {
      this.wanted.delete(key(s));
      this.lastTick.delete(key(s));
    }
    if (this.authed && gone.length > 0) this.send({ action: 'unsubscribe', symbols: gone.map((s) => ({ symbol: s.symbol, exchange: s.exchange, mode: s.mode })) });
  }

  health(): FeedHealth {
    const now = this.now();
    return {
      state: this.state,
      connected: this.authed,
      reconnects: Math.max(0, this.opened - 1),
      lastError: this.lastError,
      unreadable: this.unreadable,
      instruments: [...this.wanted.values()].map((s) => {
        const t = this.lastTick.get(key(s)) ?? null;
        return { symbol: s.symbol, exchange: s.exchange, mode: s.mode, lastTickTs: t, ageMs: t === null ? null : Math.max(0, now - t) };
      }),
    };
  }

  private connect(): void {
    if (this.stopped) return;
    this.authed = false;
    if (this.state !== 'auth_failed' && this.state !== 'fallback') this.state = this.escalation > 0 ? 'stale' : 'connecting';
    const ws = new WebSocket(this.o.url, { handshakeTimeout: this.o.authTimeoutMs ?? 10_000 });
    this.ws = ws;
    this.opened += 1;
    let authTimer: NodeJS.Timeout | null = null;
    ws.on('open', () => {
      this.send({ action: 'authenticate', api_key: this.o.apiKey });
      authTimer = this.later(this.o.authTimeoutMs ?? 10_000, () => this.drop(ws, 'no answer to authenticate'));
    });
    ws.on('message', (buf: WebSocket.RawData) => {
      if (ws !== this.ws) return;
      const text = textOf(buf);
      const m = parseServerMessage(text, this.now());
      if (m === null) {
        this.unreadable += 1;
        this.lastError = `unreadable message: ${text.slice(0, 120)}`;
        return;
      }
      switch (m.kind) {
        case 'quote':
          this.tick(m.quote, true);
          return;
        case 'order':
          if (this.dedupe.fresh(m.update)) this.o.onOrderUpdate?.(m.update);
          return;
        case 'auth':
          if (authTimer !== null) this.forget(authTimer);
          if (!m.ok) return this.authFailed(ws, m.message);
          this.onAuthenticated();
          if (this.ping !== null) clearInterval(this.ping);
          this.ping = setInterval(() => this.send({ action: 'ping' }), this.o.pingMs ?? 15_000);
          return;
        case 'error':
          if (!this.authed && /AUTH/.test(m.code)) return this.authFailed(ws, `${m.code}: ${m.message}`);
          this.lastError = `${m.code}: ${m.message}`;
          this.o.onEvent?.({ type: 'refused', message: this.lastError });
          return;
        case 'subscribe':
        case 'unsubscribe':
          if (!m.ok || m.failed.length > 0) {
            this.lastError = `${m.kind}: ${[m.message, ...m.failed].filter((x) => x !== '').join('; ')}`;
            this.o.onEvent?.({ type: 'refused', message: this.lastError });
          }
          return;
        case 'pong':
        case 'other':
          return;
      }
    });
    ws.on('error', (e: Error) => {
      this.lastError = e.message;
    });
    ws.on('close', (code: number, reason: Buffer) => {
      if (authTimer !== null) this.forget(authTimer);
      if (ws !== this.ws) return;
      this.stopPing();
      this.ws = null;
      this.authed = false;
      if (this.stopped) return;
      const why = reason.length > 0 ? reason.toString() : this.lastError ?? `closed (${code})`;
      const retryInMs = this.backoff();
      this.o.onEvent?.({ type: 'disconnected', reason: why, retryInMs });
      this.later(retryInMs, () => this.connect());
    });
  }

  private onAuthenticated(): void {
    this.authed = true;
    this.attempt = 0;
    this.lastError = null;
    if (this.state !== 'fallback') this.state = this.escalation > 0 ? 'stale' : 'live';
    this.o.onEvent?.({ type: 'connected' });
    if (this.o.onOrderUpdate !== undefined) this.send({ action: 'subscribe_orders' });
    this.sendSubscribe([...this.wanted.values()]);
  }

  private authFailed(ws: WebSocket, message: string): void {
    this.state = 'auth_failed';
    this.lastError = `authentication refused: ${message}`;
    this.o.onEvent?.({ type: 'auth_failed', message });
    // A wrong key stays wrong: retry at the longest backoff (the key may be fixed meanwhile).
    this.attempt = 30;
    ws.close(4401, 'authentication refused');
  }

  private sendSubscribe(symbols: readonly FeedSymbol[]): void {
    for (const mode of [1, 2, 3] as const) {
      const group = symbols.filter((s) => s.mode === mode).map((s) => ({ symbol: s.symbol, exchange: s.exchange }));
      if (group.length > 0) this.send({ action: 'subscribe', mode, symbols: group, ...(mode === 3 ? { depth: 5 } : {}) });
    }
  }

  private tick(q: FeedQuote, fromSocket: boolean): void {
    if (!this.wanted.has(key(q))) return;
    const now = this.now();
    this.lastTick.set(key(q), now);
    if (fromSocket) {
      this.lastSocketTick = now;
      if (this.escalation > 0) {
        const from = this.state === 'fallback' ? 'fallback' : 'stale';
        this.escalation = 0;
        this.stopPolling();
        this.state = 'live';
        this.o.onEvent?.({ type: 'recovered', from });
      }
    }
    this.o.onQuote(q);
  }

  /** Each step after `staleMs` more of silence: resubscribe, reconnect, then REST quotes. */
  private checkSilence(): void {
    const now = this.now();
    if (this.wanted.size === 0 || !(this.o.expectTicks?.() ?? true)) {
      // Out of hours (or nothing watched) silence is expected: it counts from when ticks are due again.
      this.quietUntil = now;
      return;
    }
    const silentMs = now - Math.max(this.lastSocketTick, this.quietUntil);
    if (now - Math.max(this.lastSocketTick, this.quietUntil, this.lastStepTs) < this.staleMs) return;
    this.lastStepTs = now;
    if (this.escalation === 0 && this.authed) {
      this.escalation = 1;
      this.state = 'stale';
      this.o.onEvent?.({ type: 'silent', silentMs, action: 'resubscribe' });
      const all = [...this.wanted.values()];
      for (const mode of [1, 2, 3] as const) {
        const group = all.filter((s) => s.mode === mode).map((s) => ({ symbol: s.symbol, exchange: s.exchange, mode }));
        if (group.length > 0) this.send({ action: 'unsubscribe', symbols: group });
      }
      this.sendSubscribe(all);
    } else if (this.escalation < 2) {
      this.escalation = 2;
      if (this.state !== 'auth_failed') this.state = 'stale';
      this.o.onEvent?.({ type: 'silent', silentMs, action: 'reconnect' });
      this.attempt = 0;
      if (this.ws !== null && this.authed) this.drop(this.ws, 'silent feed');
    } else if (this.escalation === 2 && this.o.fallbackQuotes !== undefined) {
      this.escalation = 3;
      this.state = 'fallback';
      this.o.onEvent?.({ type: 'silent', silentMs, action: 'fallback' });
      this.poll();
    }
  }

  private poll(): void {
    const fallback = this.o.fallbackQuotes;
    if (fallback === undefined || this.state !== 'fallback' || this.stopped) return;
    fallback([...this.wanted.values()]).then(
      (quotes) => {
        if (this.state !== 'fallback') return;
        for (const q of quotes) this.tick(q, false);
      },
      (e: unknown) => this.o.onEvent?.({ type: 'fallback_failed', message: e instanceof Error ? e.message : String(e) }),
    ).finally(() => {
      if (this.state === 'fallback' && !this.stopped) this.polling = this.later(this.o.fallbackPollMs ?? 1_000, () => this.poll());
    });
  }

  private stopPing(): void {
    if (this.ping !== null) clearInterval(this.ping);
    this.ping = null;
  }

  private stopPolling(): void {
    if (this.polling !== null) this.forget(this.polling);
    this.polling = null;
  }

  private drop(ws: WebSocket, why: string): void {
    this.lastError = why;
    ws.terminate();
  }

  private backoff(): number {
    const b = this.o.backoffMs ?? { initial: 500, max: 30_000 };
    const ms = Math.min(b.max, b.initial * 2 ** Math.min(this.attempt, 30));
    this.attempt += 1;
    return ms;
  }

  private send(message: Record<string, unknown>): void {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(message));
  }

  private later(ms: number, f: () => void): NodeJS.Timeout {
    const t = setTimeout(() => {
      this.timers.delete(t);
      f();
    }, ms);
    this.timers.add(t);
    return t;
  }

  private forget(t: NodeJS.Timeout): void {
    clearTimeout(t);
    this.timers.delete(t);
  }
}
