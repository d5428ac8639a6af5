/** `serve --feed openalgo`: opens the day's live market through OpenAlgo for the agent (paper trading on live data). */
import { openOpenAlgoSource } from '../adapters/openalgo/openalgo-live-source.js';
import { OpenAlgoError, OpenAlgoRest } from '../adapters/openalgo/openalgo-rest.js';
import { loadRateCards } from '../adapters/rate-cards.js';
import { loadSimConfig } from '../adapters/sim-config-file.js';
import { defaultUnderlying } from '../app/defaults.js';
import { AppError } from '../app/errors.js';
import { SERVICE_FILL } from '../app/runtime/run-source.js';
import type { LiveTickSource } from '../app/runtime/runtime-ports.js';
import { parseHhMm, tradingDate } from '../core/calendar/exchange-time.js';
import type { Logger } from '../core/ports.js';
import type { EventBus } from '../app/events/event-bus.js';
import { contractCalendarOf, findUnderlying } from '../sim/market/sim-config.js';

const DAY_MS = 86_400_000;

/** A function that opens the live market now: today's chain from OpenAlgo, the feed connected. */
export function liveOpener(live: { readonly url: string; readonly wsUrl: string; readonly apiKey: string }, preset: string, seed: number, log: Logger, events: EventBus): () => Promise<LiveTickSource> {
  const config = loadSimConfig();
  const underlying = findUnderlying(config, defaultUnderlying(preset));
  const calendar = contractCalendarOf(config, underlying.symbol).days;
  const open = parseHhMm(underlying.session.open);
  const close = parseHhMm(underlying.session.close);
  // The watchdog expects ticks only while the exchange is open: a quiet feed at night is not a failure.
  const expectTicks = (): boolean => {
    const local = Date.now() + underlying.utcOffsetMin * 60_000;
    const minute = Math.floor((local % DAY_MS) / 60_000);
    return calendar.isTradingDay(Math.floor(local / DAY_MS)) && minute >= open && minute < close;
  };
  return async () => {
    try {
      return await openOpenAlgoSource({
        rest: new OpenAlgoRest({ baseUrl: live.url, apiKey: live.apiKey }),
        wsUrl: live.wsUrl,
        apiKey: live.apiKey,
        underlying,
        today: tradingDate(Date.now(), underlying.utcOffsetMin),
        rateCards: loadRateCards(),
        preset,
        seed,
        fill: SERVICE_FILL,
        log,
        // Each feed event is an alarm on SSE, webhooks and MCP's status subscription.
        onFeedEvent: (e) => events.publish('alarm.feed', { feed: `${underlying.symbol} via OpenAlgo`, ...e, event: e.type }),
        feed: { expectTicks },
      });
    } catch (e) {
      if (e instanceof OpenAlgoError) throw new AppError('UNAVAILABLE', `--feed openalgo: ${e.message}`, { hint: 'is OpenAlgo running, and are OPENALGO_URL and OPENALGO_API_KEY right? `scalper doctor` checks them' });
      throw e;
    }
  };
}
