/**
 * A fake OpenAlgo server written from its protocol (WebSocket proxy and REST, as its server code behaves,
 * not its docs): authenticate, subscribe by mode, unsubscribe reading the mode per symbol entry, ping,
 * order updates, REST with the key in the body; and the failures tests need: a silent feed, dropped
 * connections, 429s, hung answers.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

type Mode = 1 | 2 | 3;

export interface FakeOrder {
  readonly orderid: string;
  readonly symbol: string;
  readonly exchange: string;
  readonly action: string;
  readonly quantity: number;
  readonly product: string;
  readonly strategy: string;
  order_status: 'open' | 'complete' | 'rejected' | 'cancelled';
  filled_quantity: number;
  average_price: number;
  rejection_reason: string;
}

/** placeorder's fields: OpenAlgo refuses any other with 400 "Unknown field.". */
const PLACE_FIELDS = new Set(['apikey', 'strategy', 'exchange', 'symbol', 'action', 'product', 'pricetype', 'quantity', 'price', 'trigger_price', 'disclosed_quantity']);
const MODE_NAMES: Record<string, Mode> = { ltp: 1, quote: 2, depth: 3 };

interface Client {
  readonly ws: WebSocket;
  authed: boolean;
  orders: boolean;
  /** "EXCHANGE:SYMBOL" → the modes subscribed. */
  readonly subs: Map<string, Set<Mode>>;
}

export interface FakeOpenAlgoOptions {
  readonly apiKey: string;
  /** Unauthenticated sockets are closed (4401) after this long; the server's default is 15 s. */
  readonly authGraceMs?: number;
}

export class FakeOpenAlgo {
  /** Every client → server message, parsed, in order. */
  readonly received: Record<string, unknown>[] = [];
  /** Every REST request body, with its endpoint. */
  readonly requests: { endpoint: string; body: Record<string, unknown> }[] = [];
  /** While true the sockets stay open but no market data is delivered (the daily-token-rollover failure). */
  silent = false;
  /** REST quotes by "EXCHANGE:SYMBOL" (rupees, as OpenAlgo answers them). */
  readonly quotes = new Map<string, Record<string, unknown>>();
  /** Answers to make: per endpoint, a status and body to answer once instead of the normal one. */
  readonly scripted = new Map<string, { status: number; body?: unknown; raw?: string; delayMs?: number }[]>();
  connections = 0;
  /** The option chain the fake knows: expiries as `expiry` answers them, the ATM strike, the step, the lot and tick. */
  chain = { expiries: ['13-JAN-26', '06-JAN-26', '27-JAN-26'], atm: 26000, step: 50, lotsize: 65, tickSize: 0.05 };
  /** The broker's position book and tradebook rows, answered as they are (a test plants differences in them). */
  positionbook: Record<string, unknown>[] = [];
  /** When true the position book also holds the net quantity of every symbol the orders filled (as a broker keeps it). */
  netPositions = false;
  /** OpenAlgo's analyzer (sandbox) mode, as its `analyzer` endpoint answers; only the trader toggles it. */
  analyzeMode = false;
  tradebook: Record<string, unknown>[] = [];
  /** Orders placed, by broker order id. */
  readonly orders = new Map<string, FakeOrder>();
  /** The next placeorder calls take the order but never answer (the answer lost on the way). */
  loseNextPlaceAnswers = 0;
  /** The next placeorder calls never answer and take no order (lost before the broker). */
  dropNextPlaceRequests = 0;
  /** Called for each order taken: a test fills, rejects or leaves it. */
  onOrder: (o: FakeOrder) => void = () => undefined;
  private orderSeq = 0;
  private readonly clients = new Set<Client>();

  private constructor(
    private readonly o: FakeOpenAlgoOptions,
    private readonly http: Server,
    private readonly wss: WebSocketServer,
    readonly httpUrl: string,
    readonly wsUrl: string,
  ) {}

  static async start(o: FakeOpenAlgoOptions): Promise<FakeOpenAlgo> {
    let self: FakeOpenAlgo | null = null;
    const http = createServer((req, res) => void self!.rest(req, res));
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise<void>((resolve) => wss.once('listening', resolve));
    const httpPort = (http.address() as AddressInfo).port;
    const wsPort = (wss.address() as AddressInfo).port;
    self = new FakeOpenAlgo(o, http, wss, `http://127.0.0.1:${httpPort}`, `ws://127.0.0.1:${wsPort}`);
    wss.on('connection', (ws) => self.accept(ws));
    return self;
  }

  /** Sends a tick to every authenticated client subscribed to the symbol, once per mode it holds (as the server does). */
  push(exchange: string, symbol: string, data: Record<string, unknown>): number {
    if (this.silent) return 0;
    let sent = 0;
    for (const c of this.clients) {
      if (!c.authed) continue;
      for (const mode of c.subs.get(`${exchange}:${symbol}`) ?? []) {
        c.ws.send(JSON.stringify({ type: 'market_data', symbol, exchange, mode, broker: 'fake', data: { symbol, exchange, ...data } }));
        sent += 1;
      }
    }
    return sent;
  }

  /** Pushes an order update to the clients that asked for them. */
  pushOrderUpdate(update: Record<string, unknown>): void {
    for (const c of this.clients) if (c.authed && c.orders) c.ws.send(JSON.stringify({ type: 'order_update', ...update }));
  }

  /** Fills an order to `filled` units at an average of `average` rupees; pushes the update unless `push` is false. */
  fill(orderid: string, filled: number, average: number, o: { push?: boolean } = {}): void {
    const order = this.orders.get(orderid)!;
    order.filled_quantity = filled;
    order.average_price = average;
    order.order_status = filled >= order.quantity ? 'complete' : 'open';
    if (o.push !== false) this.pushOrder(order);
  }

  /** Ends an order the broker had taken (a risk check after acceptance, or a cancel after a partial fill). */
  end(orderid: string, status: 'rejected' | 'cancelled', reason: string): void {
    const order = this.orders.get(orderid)!;
    order.order_status = status;
    order.rejection_reason = reason;
    this.pushOrder(order);
  }

  pushOrder(order: FakeOrder): void {
    this.pushOrderUpdate({
      orderid: order.orderid,
      symbol: order.symbol,
      exchange: order.exchange,
      action: order.action,
      quantity: order.quantity,
      order_status: order.order_status,
      filled_quantity: order.filled_quantity,
      pending_quantity: order.quantity - order.filled_quantity,
      average_price: order.average_price,
      rejection_reason: order.rejection_reason,
    });
  }

  /** Terminates every connection (a network drop). */
  dropAll(): void {
    for (const c of this.clients) c.ws.terminate();
  }

  /** The symbols (and modes) each open connection holds now. */
  subscriptions(): string[][] {
    return [...this.clients].map((c) => [...c.subs].flatMap(([k, modes]) => [...modes].map((m) => `${k}@${m}`)).sort());
  }

  async close(): Promise<void> {
    this.dropAll();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  private accept(ws: WebSocket): void {
    const c: Client = { ws, authed: false, orders: false, subs: new Map() };
    this.clients.add(c);
    this.connections += 1;
    const grace = setTimeout(() => {
      if (!c.authed) ws.close(4401, 'authentication timeout');
    }, this.o.authGraceMs ?? 15_000);
    ws.on('close', () => {
      clearTimeout(grace);
      this.clients.delete(c);
    });
    ws.on('message', (buf) => {
      let m: Record<string, unknown>;
      try {
        m = JSON.parse((buf as Buffer).toString('utf8')) as Record<string, unknown>;
      } catch {
        ws.send(JSON.stringify({ status: 'error', code: 'INVALID_JSON', message: 'Invalid JSON message' }));
        return;
      }
      this.received.push(m);
      this.handle(c, m);
    });
  }

  private handle(c: Client, m: Record<string, unknown>): void {
    const action = typeof m.action === 'string' ? m.action : typeof m.type === 'string' ? m.type : '';
    const send = (x: unknown): void => c.ws.send(JSON.stringify(x));
    if (action === 'authenticate' || action === 'auth') {
      const key = m.api_key ?? m.apikey;
      if (key !== this.o.apiKey) return send({ status: 'error', code: 'AUTHENTICATION_ERROR', message: 'Invalid API key' });
      c.authed = true;
      return send({ type: 'auth', status: 'success', message: 'Authentication successful', broker: 'fake', user_id: 'u1', supported_features: { ltp: true, quote: true, depth: true } });
    }
    if (!c.authed) return send({ status: 'error', code: 'NOT_AUTHENTICATED', message: 'You must authenticate first' });
    if (action === 'ping') return send({ type: 'pong', status: 'success', server_timestamp: Date.now() });
    if (action === 'subscribe_orders') {
      c.orders = true;
      return send({ type: 'subscribe_orders', status: 'success' });
    }
    if (action === 'subscribe') {
      const mode = modeOf(m.mode ?? 2);
      if (mode === null) return send({ status: 'error', code: 'INVALID_MODE', message: `Invalid mode: ${String(m.mode)}` });
      const symbols = (m.symbols as { symbol: string; exchange: string }[] | undefined) ?? [];
      for (const s of symbols) {
        const k = `${s.exchange}:${s.symbol}`;
        c.subs.set(k, (c.subs.get(k) ?? new Set()).add(mode));
      }
      return send({ type: 'subscribe', status: 'success', subscriptions: symbols.map((s) => ({ ...s, status: 'success', mode: ['LTP', 'Quote', 'Depth'][mode - 1], depth: 5, broker: 'fake' })), message: 'Subscription processing complete', broker: 'fake' });
    }
    if (action === 'unsubscribe') {
      // The mode is read from each symbol entry (default Quote); a top-level mode is ignored.
      for (const s of (m.symbols as { symbol: string; exchange: string; mode?: unknown }[] | undefined) ?? []) {
        const k = `${s.exchange}:${s.symbol}`;
        const modes = c.subs.get(k);
        modes?.delete(modeOf(s.mode ?? 2) ?? 2);
        if (modes?.size === 0) c.subs.delete(k);
      }
      return send({ type: 'unsubscribe', status: 'success', message: 'Unsubscription processing complete' });
    }
    if (action === 'unsubscribe_all') {
      c.subs.clear();
      return send({ type: 'unsubscribe', status: 'success', message: 'Unsubscribed from all' });
    }
    return send({ status: 'error', code: 'INVALID_ACTION', message: `Invalid action: ${action}` });
  }

  private placeOrder(body: Record<string, unknown>, answer: (status: number, body: unknown) => void): void {
    const unknown = Object.keys(body).find((k) => !PLACE_FIELDS.has(k));
    if (unknown !== undefined) return answer(400, { status: 'error', message: 'Unknown field.', field: unknown });
    const quantity = Number(body.quantity);
    if (typeof body.symbol !== 'string' || !/^[A-Z0-9]+$/.test(body.symbol) || !(quantity > 0)) return answer(400, { status: 'error', message: `Invalid order: symbol ${String(body.symbol)}, quantity ${String(body.quantity)}` });
    if (this.dropNextPlaceRequests > 0) {
      this.dropNextPlaceRequests -= 1;
      return;
    }
    this.orderSeq += 1;
    const order: FakeOrder = { orderid: `2601050000${this.orderSeq}`, symbol: body.symbol, exchange: String(body.exchange), action: String(body.action), quantity, product: String(body.product), strategy: String(body.strategy), order_status: 'open', filled_quantity: 0, average_price: 0, rejection_reason: '' };
    this.orders.set(order.orderid, order);
    if (this.loseNextPlaceAnswers > 0) {
      this.loseNextPlaceAnswers -= 1;
      setImmediate(() => this.onOrder(order));
      return;
    }
    answer(200, { status: 'success', orderid: order.orderid });
    setImmediate(() => this.onOrder(order));
  }

  /** Net quantity per symbol of the filled orders, as position-book rows (numbers as strings, as OpenAlgo sends them). */
  private netRows(): Record<string, unknown>[] {
    if (!this.netPositions) return [];
    const net = new Map<string, { symbol: string; exchange: string; qty: number }>();
    for (const o of this.orders.values()) {
      const k = `${o.exchange}:${o.symbol}`;
      const row = net.get(k) ?? { symbol: o.symbol, exchange: o.exchange, qty: 0 };
      row.qty += (o.action === 'SELL' ? -1 : 1) * o.filled_quantity;
      net.set(k, row);
    }
    return [...net.values()].map((r) => ({ symbol: r.symbol, exchange: r.exchange, product: 'MIS', quantity: String(r.qty), average_price: '0.00', ltp: '0.00', pnl: '0.00' }));
  }

  private async rest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const answer = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const endpoint = (req.url ?? '').replace(/^\/api\/v1\//, '').replace(/\/$/, '');
    if (req.method !== 'POST' || !(req.headers['content-type'] ?? '').includes('application/json')) return answer(500, { status: 'error', message: 'Internal server error' });
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
    } catch {
      return answer(400, { status: 'error', message: 'Invalid JSON' });
    }
    this.requests.push({ endpoint, body });
    const script = this.scripted.get(endpoint)?.shift();
    if (script !== undefined) {
      if (script.delayMs !== undefined) await new Promise((r) => setTimeout(r, script.delayMs));
      if (res.destroyed) return;
      if (script.raw === undefined) return answer(script.status, script.body);
      res.writeHead(script.status, { 'content-type': 'text/html' });
      res.end(script.raw);
      return;
    }
    if (body.apikey !== this.o.apiKey) return answer(403, { status: 'error', message: 'Invalid openalgo apikey' });
    if (endpoint === 'placeorder') return this.placeOrder(body, answer);
    if (endpoint === 'orderbook') return answer(200, { status: 'success', data: { orders: [...this.orders.values()].map(bookRow), statistics: {} } });
    if (endpoint === 'orderstatus') {
      const o = this.orders.get(String(body.orderid));
      if (o === undefined) return answer(400, { status: 'error', message: 'Order not found' });
      // OpenAlgo's orderstatus carries no filled quantity: only the status and the average price.
      return answer(200, { status: 'success', data: { ...bookRow(o), average_price: o.average_price } });
    }
    if (endpoint === 'ping') return answer(200, { status: 'success', data: { broker: 'fake', message: 'pong' } });
    if (endpoint === 'positionbook') return answer(200, { status: 'success', data: [...this.netRows(), ...this.positionbook] });
    if (endpoint === 'analyzer') return answer(200, { status: 'success', data: { analyze_mode: this.analyzeMode, mode: this.analyzeMode ? 'analyze' : 'live', total_logs: 0 } });
    if (endpoint === 'tradebook') return answer(200, { status: 'success', data: this.tradebook });
    if (endpoint === 'expiry') return answer(200, { status: 'success', data: this.chain.expiries, message: 'Found expiry dates' });
    if (endpoint === 'optionsymbol') {
      if (!/^\d{2}[A-Z]{3}\d{2}$/.test(String(body.expiry_date))) return answer(400, { status: 'error', message: `Invalid expiry date format: ${String(body.expiry_date)}` });
      const offset = String(body.offset);
      const m = /^(ATM|ITM(\d+)|OTM(\d+))$/.exec(offset);
      if (m === null) return answer(400, { status: 'error', message: `Invalid offset ${offset}` });
      const n = Number(m[2] ?? m[3] ?? 0) * (m[2] !== undefined ? -1 : 1);
      const type = String(body.option_type);
      const strike = this.chain.atm + (type === 'CE' ? n : -n) * this.chain.step;
      return answer(200, { status: 'success', symbol: `${String(body.underlying)}${String(body.expiry_date)}${strike}${type}`, exchange: 'NFO', lotsize: this.chain.lotsize, tick_size: this.chain.tickSize, underlying_ltp: this.chain.atm + 3.5 });
    }
    if (endpoint === 'quotes') {
      const q = this.quotes.get(`${String(body.exchange)}:${String(body.symbol)}`);
      if (q === undefined) return answer(400, { status: 'error', message: `No quote for ${String(body.symbol)}` });
      return answer(200, { status: 'success', data: q });
    }
    return answer(404, { status: 'error', message: `fake: no endpoint ${endpoint}` });
  }
}

function bookRow(o: FakeOrder): Record<string, unknown> {
  return { orderid: o.orderid, symbol: o.symbol, exchange: o.exchange, action: o.action, quantity: String(o.quantity), product: o.product, pricetype: 'MARKET', price: 0, trigger_price: 0, order_status: o.order_status, timestamp: '05-Jan-2026 10:00:00' };
}

function modeOf(x: unknown): Mode | null {
  if (x === 1 || x === 2 || x === 3) return x;
  if (typeof x === 'string') return MODE_NAMES[x.toLowerCase()] ?? (/^[123]$/.test(x) ? (Number(x) as Mode) : null);
  return null;
}
