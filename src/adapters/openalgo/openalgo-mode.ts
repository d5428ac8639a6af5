/**
 * Which of OpenAlgo's books our orders reach, and the checks each trading mode makes before an order goes
 * out. We never toggle OpenAlgo's analyzer mode ourselves: the trader does, and we refuse to trade when it
 * is not what the mode chosen needs.
 */
import type { SubmitOrder } from '../../core/ports.js';
import { OpenAlgoError, type OpenAlgoRest } from './openalgo-rest.js';

/** paper: our paper broker on OpenAlgo's ticks; analyzer: OpenAlgo's sandbox; live: the trader's broker, armed. */
export type OpenAlgoTradingMode = 'paper' | 'analyzer' | 'live';

/** Whether OpenAlgo is in analyzer (sandbox) mode: its `analyzer` endpoint, `analyze_mode` (or `mode: "analyze"`). */
export async function analyzerModeOn(rest: OpenAlgoRest): Promise<boolean> {
  const answer = await rest.call('analyzer');
  const data = (answer.data ?? {}) as Record<string, unknown>;
  if (typeof data.analyze_mode === 'boolean') return data.analyze_mode;
  if (typeof data.mode === 'string') return data.mode.toLowerCase() === 'analyze';
  throw new OpenAlgoError('bad_answer', 'analyzer', 'the answer says neither analyze_mode nor mode');
}

/** The check at start: OpenAlgo's analyzer mode must be on for `analyzer` and off for `live`; a sentence naming the mismatch, or null. */
export async function modeMismatch(rest: OpenAlgoRest, mode: Exclude<OpenAlgoTradingMode, 'paper'>): Promise<string | null> {
  const on = await analyzerModeOn(rest);
  if (mode === 'analyzer' && !on) return '--mode analyzer: OpenAlgo is not in analyzer mode; turn it on in OpenAlgo (we never toggle it), or trade paper on live data';
  if (mode === 'live' && on) return '--mode live: OpenAlgo is in analyzer mode, so orders would reach its sandbox, not the broker; turn it off in OpenAlgo first';
  return null;
}

const ANALYZER_RECHECK_MS = 5_000;

/**
 * What the broker asks before each placement. Analyzer: OpenAlgo must still be in analyzer mode (looked
 * up at most every 5 s), or the order would reach the real broker. Live: an entry (or an average, which adds
 * to a position) needs live arming in force; an exit always goes (it only reduces risk, and a lapsed arming must not leave a position open).
 */
export function beforePlaceFor(mode: Exclude<OpenAlgoTradingMode, 'paper'>, rest: OpenAlgoRest, armed: () => boolean, now: () => number = Date.now): (order: SubmitOrder) => Promise<string | null> {
  if (mode === 'live') {
    return (order) => Promise.resolve((order.purpose === 'ENTRY' || order.purpose === 'AVERAGE') && !armed() ? 'live arming is not in force: entries are not placed (the trader arms live again)' : null);
  }
  let checkedAt = -Infinity;
  let on = false;
  return async () => {
    if (!on || now() - checkedAt >= ANALYZER_RECHECK_MS) {
      on = await analyzerModeOn(rest);
      checkedAt = now();
    }
    return on ? null : 'OpenAlgo left analyzer mode: the order was not placed (it would have reached the real broker)';
  };
}
