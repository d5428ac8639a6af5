/** The option's premium tick by tick around one trade (for a chart with its entry, stops and exit), from the run's own days or the tick recordings, checked against the trade's entry. */
import { z } from 'zod';
import { toMajor } from '../../core/model/money.js';
import type { AppDeps } from '../app-deps.js';
import { AppError } from '../errors.js';
import { defineOperation } from '../registry/operation.js';

/** More points than a chart shows usefully; a longer window is thinned evenly (the answer says so). */
export const MAX_PREMIUM_POINTS = 4_000;
/** How far before the decision the entry's signal price must be seen in the ticks found. */
const MATCH_WINDOW_MS = 5_000;

export const tradePremiumOp = defineOperation({
  name: 'trades.premium',
  summary: 'The option’s premium tick by tick around one trade, from the run’s own days (a replay, or the simulator regenerating the day from its seed) or the tick recordings, checked against the trade’s entry price.',
  kind: 'query',
  scopes: ['agent'],
  idempotent: true,
  http: { method: 'GET', path: '/trades/:id/premium' },
  input: z
    .object({
      id: z.string().min(1).max(100).describe('Trade id, e.g. 2026-01-05#3.'),
      book: z.enum(['auto', 'manual']).default('auto').describe('Which book: the agent’s trades (auto) or the trader’s manual trades.'),
      minutes: z.number().int().min(0).max(60).default(5).describe('Minutes of ticks before the entry and after the exit, 0 to 60.'),
    })
    .strict()
    .describe('Which trade, and how much of the market around it.'),
  output: z
    .object({
      id: z.string().describe('Trade id.'),
      symbol: z.string().describe('Option symbol.'),
      fromTs: z.number().describe('Start of the window, epoch ms: the entry less `minutes`.'),
      toTs: z.number().describe('End of the window, epoch ms: the exit plus `minutes`.'),
      available: z.boolean().describe('Whether ticks of the option that match the trade were found.'),
      source: z.string().nullable().describe('Where the ticks came from (null when none were found).'),
      reason: z.string().nullable().describe('Why there are no ticks (null when available).'),
      points: z.array(z.object({ ts: z.number().describe('Tick time, epoch ms.'), price: z.number().describe('Last traded price, rupees.') }).describe('One tick.')).describe('The option’s ticks in the window, in time order.'),
      sampled: z.boolean().describe(`True when the window held more than ${MAX_PREMIUM_POINTS} ticks and every k-th is shown (the first and last always).`),
    })
    .describe('The premium around a trade.'),
  handler: (deps: AppDeps, input) => {
    const b = deps.books[input.book];
    const t = b.closedTrade(input.id);
    if (t === undefined) throw new AppError('NOT_FOUND', `no closed trade ${input.id} in the ${input.book} book (see GET /api/v1/trades)`);
    const fromTs = t.entryTs - input.minutes * 60_000;
    const toTs = t.exitTs + input.minutes * 60_000;
    const base = { id: t.tradeId, symbol: t.symbol, fromTs, toTs };
    const none = (reason: string) => ({ ...base, available: false, source: null, reason, points: [], sampled: false });
    if (deps.premium === undefined) return none('this daemon keeps no ticks to look up');
    // The window must hold the ticks the entry decided on, which may come before the entry's fill.
    const entry = b.fillsOfTrade(input.id).find((f) => f.kind === 'ENTRY');
    const decisionTs = entry === undefined ? t.entryTs : entry.ts - (entry.latencyMs ?? 0);
    const found = deps.premium.around(t.symbol, t.tradingDate, Math.min(fromTs, decisionTs - MATCH_WINDOW_MS), toTs);
    if ('unavailable' in found) return none(found.unavailable);
    // Ticks of the same date and symbol from another run (another seed, another feed) would chart a market the trade never saw.
    if (entry?.signalPrice != null) {
      const seen = found.ts.some((ts, i) => ts <= decisionTs && ts >= decisionTs - MATCH_WINDOW_MS && found.price[i] === entry.signalPrice);
      if (!seen) return none(`${found.source} does not show the entry’s price ₹${toMajor(entry.signalPrice).toFixed(2)} in the ${MATCH_WINDOW_MS / 1000} s before its decision: those ticks are of another run`);
    }
    const rows: number[] = [];
    for (let i = 0; i < found.ts.length; i++) if (found.ts[i]! >= fromTs) rows.push(i);
    const stride = Math.ceil(rows.length / MAX_PREMIUM_POINTS);
    const kept = stride <= 1 ? rows : rows.filter((_, k) => k % stride === 0 || k === rows.length - 1);
    return { ...base, available: true, source: found.source, reason: null, points: kept.map((i) => ({ ts: found.ts[i]!, price: toMajor(found.price[i]!) })), sampled: stride > 1 };
  },
});
