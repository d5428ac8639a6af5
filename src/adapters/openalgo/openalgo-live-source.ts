/**
 * A live market through OpenAlgo for the agent: the day's chain (the nearest expiry, ATM ± `chainWidth`
 * strikes with the broker's lot and tick sizes) as the run's universe, and the feed's quotes as ticks of
 * that universe, in arrival order with times that never go back. Only the strikes near the agent's own
 * are subscribed: as its strikes roll, the new ones are subscribed and the old ones unsubscribed, each
 * with its mode. Paper trading on it uses our paper broker; analyzer and live send orders to OpenAlgo.
 */
import type { RunWorld } from '../../backtest/run-days.js';
import type { ChainStrike, OptionChain } from '../../core/kernel-types.js';
import type { Instrument, OptionInstrument } from '../../core/model/instrument.js';
import type { Tick } from '../../core/model/tick.js';
import { formatMajor, toMinor } from '../../core/model/money.js';
import type { CompiledRateCard } from '../../core/charges/rate-card.js';
import type { Logger } from '../../core/ports.js';
import type { PaperFillConfig } from '../../sim/broker/paper-broker.js';
import type { UnderlyingConfig } from '../../sim/market/sim-config.js';
import { chargesFromCards } from '../../app/charges-wiring.js';
import type { FeedConnection, LiveTickSource, VenueOrders } from '../../app/runtime/runtime-ports.js';
import { OpenAlgoBroker, type OpenAlgoBrokerOptions } from './openalgo-broker.js';
import { beforePlaceFor } from './openalgo-mode.js';
import { PositionReconciler } from './position-reconciler.js';
import { OpenAlgoFeed, type FeedEvent, type FeedSymbol } from './openalgo-feed.js';
import type { FeedQuote, OrderUpdate } from './openalgo-messages.js';
import type { OpenAlgoRest } from './openalgo-rest.js';
import { isoOfExpiry, nearestExpiry, resolveStrikes, type StrikeOffset } from './openalgo-strikes.js';

export interface OpenAlgoSourceOptions {
  readonly rest: OpenAlgoRest;
  readonly wsUrl: string;
  readonly apiKey: string;
  /** The underlying's row of config/instruments.json: its exchanges, time zone and tick sizes. */
  readonly underlying: UnderlyingConfig;
  /** The exchange trading date today, YYYY-MM-DD (the nearest expiry on or after it is traded). */
  readonly today: string;
  /** Strikes each side of the money in the chain built at start (default 10: ±500 points of NIFTY). */
  readonly chainWidth?: number;
  /** Strikes each side of the agent's strikes kept subscribed (default 1): the rest of the chain is not streamed. */
  readonly watchWidth?: number;
  readonly rateCards: readonly CompiledRateCard[];
  readonly preset: string;
  readonly seed: number;
  readonly fill: PaperFillConfig;
  readonly log?: Logger;
  /** Every feed event (connected, disconnected, silent with the watchdog's step, recovered, refused), e.g. for alarms. */
  readonly onFeedEvent?: (e: FeedEvent) => void;
  /**
   * Orders through OpenAlgo instead of our paper broker: `analyzer` (OpenAlgo's sandbox) or `live` (entries
   * only while `armed()`). The caller has checked OpenAlgo's analyzer state (modeMismatch) before.
   */
  readonly orders?: {
    readonly mode: 'analyzer' | 'live';
    readonly armed: () => boolean;
    /** Milliseconds between position checks against OpenAlgo's position book (default 30 s). */
    readonly reconcileEveryMs?: number;
    /** The broker's timings (lookup delay, status polling, 429 wait), for tests. */
    readonly timings?: Pick<OpenAlgoBrokerOptions, 'lookupDelayMs' | 'pollMs' | 'rateLimitWaitMs'>;
  };
  /** The feed's own options (watchdog, backoff), for tests and tuning. */
  readonly feed?: { readonly staleMs?: number; readonly backoffMs?: { initial: number; max: number }; readonly expectTicks?: () => boolean };
}

/** The strike of an OpenAlgo option symbol (underlying + DDMMMYY + strike + CE/PE), in paise. */
export function strikeOfSymbol(symbol: string, underlying: string): number {
  const m = new RegExp(`^${underlying}\\d{2}[A-Z]{3}\\d{2}(\\d+(?:\\.\\d+)?)(CE|PE)$`).exec(symbol);
  if (m === null) throw new RangeError(`${symbol} is not an OpenAlgo option symbol of ${underlying}`);
  return toMinor(Number(m[1]));
}

/** Builds the day's universe from OpenAlgo, connects the feed, and subscribes the index (LTP) and the strikes near the money (depth). */
export async function openOpenAlgoSource(o: OpenAlgoSourceOptions): Promise<LiveTickSource & { readonly venue: (instrument: number) => FeedSymbol | null }> {
  const u = o.underlying;
  const width = o.chainWidth ?? 10;
  const watchWidth = o.watchWidth ?? 1;
  const indexVenue = `${u.exchange}_INDEX`;
  const expiry = await nearestExpiry(o.rest, u.symbol, u.optionExchange, o.today);
  const offsets: StrikeOffset[] = ['ATM'];
  for (let i = 1; i <= width; i++) offsets.push(`ITM${i}`, `OTM${i}`);
  const strikes = await resolveStrikes(o.rest, { underlying: u.symbol, exchange: indexVenue, expiry, offsets });
  const expiryDate = isoOfExpiry(expiry);
  const index: Instrument = { kind: 'INDEX', id: 0, symbol: u.symbol, exchange: u.exchange, utcOffsetMin: u.utcOffsetMin, tickSize: toMinor(u.indexTickSize) };
  const options: OptionInstrument[] = [...strikes]
    .sort((a, b) => strikeOfSymbol(a.symbol, u.symbol) - strikeOfSymbol(b.symbol, u.symbol) || (a.optionType < b.optionType ? -1 : 1))
    .map((s, i) => ({
      kind: 'OPTION',
      id: i + 1,
      symbol: s.symbol,
      exchange: s.exchange,
      utcOffsetMin: u.utcOffsetMin,
      tickSize: s.tickSize,
      right: s.optionType,
      underlying: u.symbol,
      strike: strikeOfSymbol(s.symbol, u.symbol),
      expiryDate,
      lotSize: s.lotSize,
      typicalSpread: u.sim.typicalSpreadTicks * s.tickSize,
    }));
  const instruments: Instrument[] = [index, ...options];
  const byStrike = new Map<number, { ce?: number; pe?: number }>();
  for (const opt of options) byStrike.set(opt.strike, { ...byStrike.get(opt.strike), [opt.right === 'CE' ? 'ce' : 'pe']: opt.id });
  const chainStrikes: ChainStrike[] = [...byStrike].flatMap(([strike, p]) => (p.ce === undefined || p.pe === undefined ? [] : [{ strike, ce: p.ce, pe: p.pe }]));
  const chain: OptionChain = { expiryDate, strikes: chainStrikes };
  const world: RunWorld = {
    universe: { instruments },
    underlying: 0,
    strikes: { chainAt: () => chain },
    charges: chargesFromCards(o.rateCards),
    fill: o.fill,
    seed: o.seed,
    preset: o.preset,
  };

  const symbols: FeedSymbol[] = [{ symbol: u.symbol, exchange: indexVenue, mode: 1 }, ...options.map((x) => ({ symbol: x.symbol, exchange: x.exchange, mode: 3 as const }))];
  const ids = new Map(symbols.map((s, i) => [`${s.exchange}:${s.symbol}`, i]));
  let queue: Tick[] = [];
  let wake: (() => void) | null = null;
  let ended = false;
  let lastTs = 0;
  // The chain is built once, at start: an index near its edge is said (once per visit), since the agent's strikes can go no further.
  let atEdge = false;
  const onQuote = (q: FeedQuote): void => {
    const id = ids.get(`${q.exchange}:${q.symbol}`);
    if (id === undefined || !(q.ltp > 0)) return;
    if (id === 0 && chainStrikes.length > 2) {
      const edge = q.ltp < chainStrikes[1]!.strike || q.ltp > chainStrikes[chainStrikes.length - 2]!.strike;
      if (edge && !atEdge) o.log?.log('warn', `openalgo: ${u.symbol} at ${formatMajor(q.ltp)} is at the edge of the chain built at start (${formatMajor(chainStrikes[0]!.strike)}–${formatMajor(chainStrikes.at(-1)!.strike)}): stop and start the engine to build it around the money again`);
      atEdge = edge;
    }
    lastTs = Math.max(lastTs, q.ts);
    const tick: Tick = { ts: lastTs, instrument: id, ltp: q.ltp, bid: q.bid, ask: q.ask, bidQty: q.bidQty, askQty: q.askQty, ...(q.depth === undefined ? {} : { depth: q.depth }) };
    queue.push(tick);
    wake?.();
  };
  const ordering = o.orders;
  const broker =
    ordering === undefined
      ? null
      : new OpenAlgoBroker({
          rest: o.rest,
          // The index cannot be ordered.
          venue: (instrument) => (instrument === 0 ? null : (symbols[instrument] ?? null)),
          beforePlace: beforePlaceFor(ordering.mode, o.rest, ordering.armed),
          onEvent: (e) => o.log?.log(e.type === 'rejected' || e.type === 'unknown' ? 'warn' : 'info', `openalgo ${ordering.mode} order: ${e.type}`, { ...e }),
          ...ordering.timings,
        });
  let reconciler: PositionReconciler | null = null;
  let connections = 0;
  const onEvent = (e: FeedEvent): void => {
    const level = e.type === 'connected' || e.type === 'recovered' ? 'info' : 'warn';
    o.log?.log(level, `openalgo feed: ${e.type}`, { ...e });
    o.onFeedEvent?.(e);
    // Positions are compared again after every reconnect: fills may have happened while we were away.
    if (e.type === 'connected' && ++connections > 1) void reconciler?.check();
  };
  const feed = new OpenAlgoFeed({
    url: o.wsUrl,
    apiKey: o.apiKey,
    onQuote,
    onEvent,
    fallbackQuotes: (list) => o.rest.quotes(list),
    ...(broker === null ? {} : { onOrderUpdate: (u: OrderUpdate) => broker.onOrderUpdate(u) }),
    ...(o.feed?.staleMs === undefined ? {} : { staleMs: o.feed.staleMs }),
    ...(o.feed?.backoffMs === undefined ? {} : { backoffMs: o.feed.backoffMs }),
    ...(o.feed?.expectTicks === undefined ? {} : { expectTicks: o.feed.expectTicks }),
  });
  // The index always; the options within watchWidth strikes of the symbols the agent watches (at start: the money).
  const strikeList = chainStrikes.map((c) => c.strike);
  const optionsAt = new Map<number, FeedSymbol[]>();
  options.forEach((x, i) => optionsAt.set(x.strike, [...(optionsAt.get(x.strike) ?? []), symbols[i + 1]!]));
  const strikeOf = new Map(options.map((x) => [x.symbol, x.strike]));
  const feedSymbolOf = new Map(symbols.map((f) => [f.symbol, f]));
  let streamed = new Set<string>();
  const watchAround = (centres: readonly number[]): void => {
    const wanted = new Set<string>();
    for (const c of centres) {
      const k = strikeList.indexOf(c);
      for (let j = Math.max(0, k - watchWidth); j <= Math.min(strikeList.length - 1, k + watchWidth); j++) for (const f of optionsAt.get(strikeList[j]!) ?? []) wanted.add(f.symbol);
    }
    const gone = [...streamed].filter((x) => !wanted.has(x));
    const fresh = [...wanted].filter((x) => !streamed.has(x));
    if (gone.length > 0) feed.unsubscribe(gone.map((x) => feedSymbolOf.get(x)!));
    if (fresh.length > 0) feed.subscribe(fresh.map((x) => feedSymbolOf.get(x)!));
    streamed = wanted;
  };
  feed.subscribe([symbols[0]!]);
  const atm = strikes.find((x) => x.offset === 'ATM');
  watchAround(atm === undefined ? [] : [strikeOfSymbol(atm.symbol, u.symbol)]);
  feed.start();
  o.log?.log('info', `openalgo: ${u.symbol} ${expiry}, ${chainStrikes.length} strikes (${options[0]?.symbol ?? '-'} … ${options.at(-1)?.symbol ?? '-'}), lot ${options[0]?.lotSize ?? '-'}`);

  const orders: VenueOrders | undefined =
    broker === null || ordering === undefined
      ? undefined
      : {
          mode: ordering.mode,
          broker,
          watchPositions: (w) => {
            const chainSymbols = options.map((x) => ({ symbol: x.symbol, exchange: x.exchange }));
            reconciler?.stop();
            reconciler = new PositionReconciler({
              rest: o.rest,
              ours: w.ours,
              // Every strike the agent can trade today, not only its current ones: a position left in a strike it
              // has rolled away from must still be seen. Broker positions outside the chain are the trader's own.
              traded: () => chainSymbols,
              // A fill the kernel has not drained yet is still in flight: our position does not show it.
              ordersInFlight: () => broker.unsettled(),
              onMismatch: w.onMismatch,
              ...(w.onAgreed === undefined ? {} : { onAgreed: w.onAgreed }),
              onError: (message) => o.log?.log('warn', `openalgo positions: ${message}`),
              ...(ordering.reconcileEveryMs === undefined ? {} : { everyMs: ordering.reconcileEveryMs }),
            });
            reconciler.start();
          },
        };

  return {
    label: `${u.symbol} via OpenAlgo`,
    ...(orders === undefined ? {} : { orders }),
    world,
    cursorKey: `live.cursor:openalgo:${u.symbol}`,
    venue: (instrument) => symbols[instrument] ?? null,
    watch(watched: readonly string[]): void {
      const centres = watched.flatMap((x) => (strikeOf.has(x) ? [strikeOf.get(x)!] : []));
      if (centres.length > 0) watchAround(centres);
    },
    next(waitMs: number): Promise<readonly Tick[] | null> {
      if (queue.length > 0 || ended) {
        const batch = queue;
        queue = [];
        return Promise.resolve(ended && batch.length === 0 ? null : batch);
      }
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          wake = null;
          resolve([]);
        }, waitMs);
        wake = () => {
          clearTimeout(timer);
          wake = null;
          const batch = queue;
          queue = [];
          resolve(batch);
        };
      });
    },
    health(): FeedConnection {
      const h = feed.health();
      return { state: h.state, connected: h.connected, reconnects: h.reconnects, lastError: h.lastError };
    },
    stop(): void {
      ended = true;
      feed.stop();
      reconciler?.stop();
      broker?.close();
      wake?.();
    },
  };
}
