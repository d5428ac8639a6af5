/** `serve --feed openalgo`: opens the day's live market through OpenAlgo for the agent: paper on live data, or orders through OpenAlgo's analyzer or (armed) live broker. */
import { openOpenAlgoSource } from '../adapters/openalgo/openalgo-live-source.js';
import { OpenAlgoError, OpenAlgoRest } from '../adapters/openalgo/openalgo-rest.js';
import { modeMismatch, type OpenAlgoTradingMode } from '../adapters/openalgo/openalgo-mode.js';
import { GovernanceStore } from '../adapters/store/governance-store.js';
import { LiveArming } from '../app/live/live-arming.js';
import { loadRateCards } from '../adapters/rate-cards.js';
import { loadSimConfig } from '../adapters/sim-config-file.js';
import { defaultUnderlying } from '../app/defaults.js';
import { AppError } from '../app/errors.js';
import { usageError } from './errors.js';
import { existsSync } from 'node:fs';
import { SERVICE_FILL } from '../app/runtime/run-source.js';
import type { LiveTickSource } from '../app/runtime/runtime-ports.js';
import { localDayNumber, minuteOfDay, parseHhMm, tradingDate } from '../core/calendar/exchange-time.js';
import type { Logger } from '../core/ports.js';
import type { EventBus } from '../app/events/event-bus.js';
import { contractCalendarOf, findUnderlying } from '../sim/market/sim-config.js';


/** How serve reaches OpenAlgo. */
export interface OpenAlgoAccess {
  readonly url: string;
  readonly wsUrl: string;
  readonly apiKey: string;
}

/**
 * A function that opens the live market now: today's chain from OpenAlgo, the feed connected, and for
 * `analyzer` or `live` the orders routed through OpenAlgo once its analyzer state matches the mode (we
 * never toggle it) and positions compared with its position book. Live entries go only while `armed()`.
 */
export function liveOpener(live: OpenAlgoAccess, preset: string, seed: number, log: Logger, events: EventBus, armed: () => boolean): (mode: OpenAlgoTradingMode) => Promise<LiveTickSource> {
  const config = loadSimConfig();
  const underlying = findUnderlying(config, defaultUnderlying(preset));
  const clock = exchangeClock(preset);
  // The watchdog expects ticks only while the exchange is open: a quiet feed at night is not a failure.
  const expectTicks = (): boolean => {
    const now = Date.now();
    const minute = minuteOfDay(now, clock.utcOffsetMin);
    return clock.isTradingDay(localDayNumber(now, clock.utcOffsetMin)) && minute >= clock.openMinute && minute < clock.closeMinute;
  };
  return async (mode = 'paper') => {
    const rest = new OpenAlgoRest({ baseUrl: live.url, apiKey: live.apiKey });
    try {
      if (mode !== 'paper') {
        const mismatch = await modeMismatch(rest, mode);
        if (mismatch !== null) throw new AppError('INVALID_INPUT', mismatch, { issues: [{ field: 'mode', rule: mismatch.replace(/^--mode \w+: /, '') }] });
      }
      return await openOpenAlgoSource({
        rest,
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
        ...(mode === 'paper' ? {} : { orders: { mode, armed } }),
      });
    } catch (e) {
      if (e instanceof OpenAlgoError) throw new AppError('UNAVAILABLE', `--feed openalgo: ${e.message}`, { hint: 'is OpenAlgo running, and are OPENALGO_URL and OPENALGO_API_KEY right? `scalper doctor` checks them' });
      throw e;
    }
  };
}

/** The preset's exchange: its UTC offset, session hours (minutes after local midnight) and holiday calendar. */
export function exchangeClock(preset: string): { readonly utcOffsetMin: number; readonly openMinute: number; readonly closeMinute: number; readonly isTradingDay: (day: number) => boolean } {
  const config = loadSimConfig();
  const underlying = findUnderlying(config, defaultUnderlying(preset));
  const calendar = contractCalendarOf(config, underlying.symbol).days;
  return { utcOffsetMin: underlying.utcOffsetMin, openMinute: parseHhMm(underlying.session.open), closeMinute: parseHhMm(underlying.session.close), isTradingDay: (day) => calendar.isTradingDay(day) };
}

/** Whether the trader's live arming is in force in this database (serve checks it before it connects in `--mode live`); a database not made yet has none. */
export function liveArmedIn(controlPath: string): boolean {
  if (!existsSync(controlPath)) return false;
  const store = GovernanceStore.open(controlPath);
  try {
    return new LiveArming(store, () => Date.now(), () => true).armed();
  } finally {
    store.close();
  }
}

/** `--mode live` without arming: exit 2, naming the flag. */
export function notArmed(): AppError {
  return usageError('--mode', 'live trading is not armed: only a trader arms it, for a bounded time (`scalper arm-live arm --minutes N`, or POST /api/v1/engine/live/arm on a running daemon)');
}
