/**
 * OpenAlgo's REST API, thin and strict about failure: `POST /api/v1/<endpoint>` with the key in the JSON
 * body, a timeout on every call, OpenAlgo's limits kept on our side (orders 10/s with exits served before
 * entries, other calls 50/s), and every failure one typed error that says whether the call may have acted.
 */
import { z } from 'zod';
import { RateLane } from './rate-lane.js';
import { numeric, type FeedQuote, type FeedMode } from './openalgo-messages.js';
import { toMinor } from '../../core/model/money.js';
import type { FeedSymbol } from './openalgo-feed.js';

/** Why a call failed. `timeout` and `unreachable` after sending leave an order's fate unknown: look it up before placing again. */
export type OpenAlgoFailure = 'timeout' | 'unreachable' | 'rate_limited' | 'refused' | 'bad_answer';

export class OpenAlgoError extends Error {
  constructor(
    readonly failure: OpenAlgoFailure,
    readonly endpoint: string,
    message: string,
    readonly status: number | null = null,
  ) {
    super(`OpenAlgo ${endpoint}: ${message}`);
    this.name = 'OpenAlgoError';
  }
}

export interface OpenAlgoRestOptions {
  /** e.g. http://127.0.0.1:5000 */
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
  readonly now?: () => number;
  /** OpenAlgo's limits per second (defaults 10 and 50). */
  readonly ordersPerSecond?: number;
  readonly callsPerSecond?: number;
}

/** Which limit a call counts against: `exit` and `entry` share the order limit, exits first. */
export type Lane = 'exit' | 'entry' | 'other';

const ORDER_ENDPOINTS = new Set(['placeorder', 'placesmartorder', 'modifyorder', 'cancelorder', 'cancelallorder', 'closeposition']);

export { numeric };

const quoteAnswer = z.object({ ltp: numeric, bid: numeric.optional(), ask: numeric.optional(), bid_qty: numeric.optional(), ask_qty: numeric.optional() }).loose();

export class OpenAlgoRest {
  private readonly orders: RateLane;
  private readonly others: RateLane;
  private readonly fetchFn: typeof fetch;
  private readonly now: () => number;

  constructor(private readonly o: OpenAlgoRestOptions) {
    this.now = o.now ?? Date.now;
    this.fetchFn = o.fetch ?? fetch;
    this.orders = new RateLane(o.ordersPerSecond ?? 10, 1_000, this.now);
    this.others = new RateLane(o.callsPerSecond ?? 50, 1_000, this.now);
  }

  /** Calls `endpoint` and answers its JSON (`status` "success"), or throws OpenAlgoError. */
  async call(endpoint: string, body: Readonly<Record<string, unknown>> = {}, o: { lane?: Lane; timeoutMs?: number; signal?: AbortSignal } = {}): Promise<Record<string, unknown>> {
    const lane = o.lane ?? (ORDER_ENDPOINTS.has(endpoint) ? 'entry' : 'other');
    await (lane === 'other' ? this.others.acquire(1) : this.orders.acquire(lane === 'exit' ? 0 : 1));
    const timeoutMs = o.timeoutMs ?? this.o.timeoutMs ?? 5_000;
    const signals = [AbortSignal.timeout(timeoutMs), ...(o.signal === undefined ? [] : [o.signal])];
    let res: Response;
    try {
      res = await this.fetchFn(`${this.o.baseUrl.replace(/\/+$/, '')}/api/v1/${endpoint}`, {
        method: 'POST',
        // OpenAlgo answers 500 to a body without this header.
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ apikey: this.o.apiKey, ...body }),
        signal: AbortSignal.any(signals),
      });
    } catch (e) {
      const err = e as Error;
      if (err.name === 'TimeoutError' || (err.name === 'AbortError' && o.signal?.aborted !== true)) throw new OpenAlgoError('timeout', endpoint, `no answer within ${timeoutMs} ms`);
      throw new OpenAlgoError('unreachable', endpoint, `cannot reach ${this.o.baseUrl}: ${causeOf(err)}`);
    }
    let text: string;
    try {
      text = await res.text();
    } catch (e) {
      throw new OpenAlgoError('timeout', endpoint, `the answer did not arrive within ${timeoutMs} ms (${causeOf(e as Error)})`, res.status);
    }
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch {
      // Handled below: a 2xx must be JSON; an error status is reported with its text.
    }
    const message = typeof json === 'object' && json !== null && typeof (json as { message?: unknown }).message === 'string' ? (json as { message: string }).message : text.slice(0, 200);
    if (res.status === 429) throw new OpenAlgoError('rate_limited', endpoint, `rate limited (${message || '429'})`, 429);
    if (!res.ok) throw new OpenAlgoError('refused', endpoint, `${res.status}: ${message}`, res.status);
    if (typeof json !== 'object' || json === null) throw new OpenAlgoError('bad_answer', endpoint, `not JSON: ${text.slice(0, 80)}`, res.status);
    const answer = json as Record<string, unknown>;
    if (answer.status !== 'success') throw new OpenAlgoError('refused', endpoint, message || `status ${String(answer.status)}`, res.status);
    return answer;
  }

  /** REST quotes of `symbols` (the feed's fallback while its socket is silent), prices in paise. */
  async quotes(symbols: readonly FeedSymbol[]): Promise<FeedQuote[]> {
    const out: FeedQuote[] = [];
    for (const s of symbols) {
      const answer = await this.call('quotes', { symbol: s.symbol, exchange: s.exchange });
      const p = quoteAnswer.safeParse(answer.data);
      if (!p.success) throw new OpenAlgoError('bad_answer', 'quotes', `no ltp for ${s.exchange}:${s.symbol}`);
      const q = p.data;
      const mode: FeedMode = 2;
      out.push({
        symbol: s.symbol,
        exchange: s.exchange,
        mode,
        ts: this.now(),
        ltp: toMinor(q.ltp),
        bid: toMinor(q.bid ?? 0),
        ask: toMinor(q.ask ?? 0),
        bidQty: Math.round(q.bid_qty ?? 0),
        askQty: Math.round(q.ask_qty ?? 0),
      });
    }
    return out;
  }
}

function causeOf(e: Error): string {
  const cause = (e as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? e.message;
}
