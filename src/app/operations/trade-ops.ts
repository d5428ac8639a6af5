/** One trade with its decision trace, the P&L series by day / week / month, and the risk state with its limits. */
import { z } from 'zod';
import { dateToDayNumber, dayNumberToDate } from '../../core/calendar/exchange-time.js';
import { toMajor } from '../../core/model/money.js';
import { paramsVersion } from '../../core/params/params-version.js';
import type { AppDeps } from '../app-deps.js';
import { AppError } from '../errors.js';
import { defineOperation } from '../registry/operation.js';
import { LockSchema } from './lock-ops.js';

const money = (what: string) => z.number().describe(`${what}, rupees`);
const book = z.enum(['auto', 'manual']).default('auto').describe('Which book: the agent’s trades (auto) or the trader’s manual trades.');

/** One entry check as the trace shows it: what the rule saw, the threshold in force, and whether it passed. */
const Check = z
  .object({
    check: z.string().describe('The rule, e.g. momentum, velocity, spread.'),
    value: z.number().nullable().describe('What the rule saw at the entry decision (null when not recorded).'),
    threshold: z.number().nullable().describe('The threshold of the parameter set in force (null when that set is not known here).'),
    passed: z.boolean().nullable().describe('Whether the value met the threshold (null when either is unknown or the rule was off).'),
  })
  .describe('One entry check.');

const Fill = z
  .object({
    kind: z.string().describe('ENTRY, AVERAGE, PARTIAL_EXIT or EXIT.'),
    ts: z.number().describe('Fill time, epoch ms.'),
    action: z.string().describe('BUY or SELL.'),
    qty: z.number().describe('Units filled.'),
    price: money('Fill price'),
    signalPrice: money('Price the decision saw').nullable(),
    latencyMs: z.number().nullable().describe('Decision to fill, ms.'),
    charges: money('Charges of this fill'),
    positionQty: z.number().nullable().describe('Units held after the fill.'),
    reason: z.string().describe('Why the order was sent (momentum, trail_stop, r_multiple_1R, …).'),
    context: z.record(z.string(), z.unknown()).nullable().describe('The decision context at this fill: regime, momentum, spread, trail stage, high-water mark, …'),
  })
  .describe('One fill.');

export const getTradeOp = defineOperation({
  name: 'trades.get',
  summary: 'One trade with its decision trace: the entry checks and risk figures with their values and thresholds, every fill with its context, every stop move, the parameter version and the exit reason.',
  kind: 'query',
  scopes: ['agent'],
  idempotent: true,
  http: { method: 'GET', path: '/trades/:id' },
  input: z
    .object({ id: z.string().min(1).max(100).describe('Trade id, e.g. 2026-01-05#3.'), book })
    .strict()
    .describe('Which trade.'),
  output: z
    .object({
      id: z.string().describe('Trade id.'),
      book: z.enum(['auto', 'manual']).describe('Which book.'),
      symbol: z.string().describe('Option symbol.'),
      side: z.string().describe('CE or PE.'),
      qty: z.number().describe('Largest quantity held.'),
      entryTs: z.number().describe('Entry time, epoch ms.'),
      exitTs: z.number().describe('Exit time, epoch ms.'),
      grossPnl: money('Σ sells − Σ buys'),
      charges: money('Charges'),
      netPnl: money('Net P&L'),
      exitReason: z.string().describe('What closed the trade.'),
      preset: z.string().nullable().describe('Preset at entry.'),
      paramsVersion: z.string().nullable().describe('Parameter version at entry.'),
      entryChecks: z.array(Check).describe('The entry rules that passed, with the values they saw and the thresholds in force.'),
      riskChecks: z.array(Check).describe('Risk figures at the entry decision with the limits in force. Every risk guard (trading state, locks, session window, daily loss and its headroom, cooldowns, breaker, entry gap and rate, regime) passed, or there would be no trade.'),
      fills: z.array(Fill).describe('Every fill in order, with its decision context.'),
      stopMoves: z
        .array(
          z
            .object({
              ts: z.number().describe('When, epoch ms.'),
              from: money('Stop before'),
              to: money('Stop after'),
              stage: z.string().describe('The stage that moved it (breakeven, trail, time_tighten, …).'),
              price: money('Option price that moved it'),
            })
            .describe('One stop move.'),
        )
        .describe('Every move of the stop between entry and exit, in order (the initial stop is set by the entry fill).'),
      note: z.string().describe('What the trace does and does not hold.'),
    })
    .describe('A trade and why it happened.'),
  handler: (deps: AppDeps, input) => {
    const b = deps.books[input.book];
    const t = b.closedTrade(input.id);
    if (t === undefined) throw new AppError('NOT_FOUND', `no closed trade ${input.id} in the ${input.book} book (see GET /api/v1/trades)`);
    const fills = b.fillsOfTrade(input.id);
    const ctx = (json: string | null): Record<string, unknown> | null => (json === null ? null : (JSON.parse(json) as Record<string, unknown>));
    const entry = ctx(fills.find((f) => f.kind === 'ENTRY')?.contextJson ?? null);
    const current = deps.agent.currentParams();
    const p = current !== null && t.paramsVersion !== null && paramsVersion(current) === t.paramsVersion ? current : null;
    const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);
    const check = (name: string, value: number | null, threshold: number | null, on: boolean, atLeast = true) => ({
      check: name,
      value,
      threshold: on ? threshold : null,
      passed: !on || value === null || threshold === null ? null : atLeast ? value >= threshold : value <= threshold,
    });
    const count = num(entry?.momentumCount);
    const losses = num(entry?.consecutiveLosses);
    // The streak the kernel asked for: the base, + the loss breaker's boost while it is tripped, + the ranging boost.
    const streakNeeded =
      p === null
        ? null
        : (p.candleConfirmEnabled ? Math.max(p.momentumTicks, p.candleMomentumTicks) : p.momentumTicks) +
          (losses !== null && losses >= p.consecutiveLossBreaker ? p.consecutiveLossMomentumBoost : 0) +
          (entry?.regime === 'RANGING' ? p.regimeRangingBoost : 0);
    const entryChecks = [
      check('momentum streak (ticks)', count, streakNeeded, true),
      check('velocity (points)', num(entry?.momentumVelocity) === null ? null : num(entry?.momentumVelocity)! / 100, p?.momentumMinMovePts ?? null, p === null || p.momentumMinMovePts > 0),
      check('spread (points)', num(entry?.spread) === null ? null : num(entry?.spread)! / 100, p?.spreadMaxPts ?? null, p === null || p.spreadFilterEnabled, false),
      check('bid/ask quantity ratio', num(entry?.bidAskRatio), p?.imbalanceRatio ?? null, p?.imbalanceEnabled ?? false),
      // Not a gate: at the breaker's threshold entries wait out its cooldown, then need the boosted streak above.
      { ...check('consecutive losses before entry (at the loss breaker’s threshold: a cooldown, then a longer streak)', losses, p?.consecutiveLossBreaker ?? null, true, false), passed: null },
    ];
    const sessionPnl = num(entry?.sessionPnl);
    const riskChecks = [
      check('daily net P&L before entry (rupees) above the loss limit', sessionPnl === null ? null : sessionPnl / 100, p === null ? null : -p.dailyMaxLoss, true),
      check('trade number of the date', num(entry?.tradeNumber), null, false),
    ];
    const stopMoves = b.stopMovesOfTrade(t.tradeId, t.entryTs, t.exitTs).map((m) => ({ ts: m.ts, from: toMajor(m.from), to: toMajor(m.to), stage: m.stage, price: toMajor(m.price) }));
    return {
      id: t.tradeId,
      book: input.book,
      symbol: t.symbol,
      side: t.side,
      qty: t.qty,
      entryTs: t.entryTs,
      exitTs: t.exitTs,
      grossPnl: toMajor(t.grossPnl),
      charges: toMajor(t.charges),
      netPnl: toMajor(t.netPnl),
      exitReason: t.exitReason,
      preset: t.preset,
      paramsVersion: t.paramsVersion,
      entryChecks,
      riskChecks,
      stopMoves,
      fills: fills.map((f) => ({
        kind: f.kind,
        ts: f.ts,
        action: f.action,
        qty: f.qty,
        price: toMajor(f.price),
        signalPrice: f.signalPrice === null ? null : toMajor(f.signalPrice),
        latencyMs: f.latencyMs,
        charges: toMajor(f.charges),
        positionQty: f.positionQty,
        reason: f.reason,
        context: ctx(f.contextJson),
      })),
      note:
        p === null
          ? 'thresholds are shown only when the trade’s parameter version is the one running now; each fill carries the trail stage and high-water mark at that moment; stopMoves lists every stop move (trades booked before stop moves were recorded show none)'
          : 'each fill carries the trail stage and high-water mark at that moment; stopMoves lists every stop move (trades booked before stop moves were recorded show none)',
    };
  },
});

export const pnlSeriesOp = defineOperation({
  name: 'pnl.series',
  summary: 'Net P&L by trading day, ISO week or month, with the running total, net of charges.',
  kind: 'query',
  scopes: ['agent'],
  idempotent: true,
  http: { method: 'GET', path: '/pnl' },
  input: z
    .object({ book, period: z.enum(['day', 'week', 'month']).default('day').describe('Grouping of trades by their exit’s trading date.') })
    .strict()
    .describe('Which book and grouping.'),
  output: z
    .object({
      book: z.enum(['auto', 'manual']).describe('Which book.'),
      period: z.enum(['day', 'week', 'month']).describe('The grouping.'),
      currency: z.literal('INR').describe('Currency of every money figure.'),
      rows: z
        .array(
          z
            .object({
              period: z.string().describe('YYYY-MM-DD (day, or the Monday of the week) or YYYY-MM (month).'),
              trades: z.number().describe('Trades closed in the period.'),
              grossPnl: money('Gross P&L'),
              charges: money('Charges'),
              netPnl: money('Net P&L'),
              cumulativeNet: money('Running net P&L'),
            })
            .describe('One period.'),
        )
        .describe('Oldest first.'),
    })
    .describe('The P&L series.'),
  handler: (deps: AppDeps, input) => {
    const key = (date: string): string => {
      if (input.period === 'month') return date.slice(0, 7);
      if (input.period === 'day') return date;
      const day = dateToDayNumber(date);
      // Day 0 (1970-01-01) was a Thursday: Monday-based weeks start 3 days before it.
      return dayNumberToDate(day - ((day + 3) % 7));
    };
    const rows = new Map<string, { trades: number; gross: number; charges: number; net: number }>();
    for (const t of deps.books[input.book].closedTrades()) {
      const k = key(t.tradingDate);
      const r = rows.get(k) ?? { trades: 0, gross: 0, charges: 0, net: 0 };
      r.trades++;
      r.gross += t.grossPnl;
      r.charges += t.charges;
      r.net += t.netPnl;
      rows.set(k, r);
    }
    let running = 0;
    return {
      book: input.book,
      period: input.period,
      currency: 'INR' as const,
      rows: [...rows.entries()]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([period, r]) => {
          running += r.net;
          return { period, trades: r.trades, grossPnl: toMajor(r.gross), charges: toMajor(r.charges), netPnl: toMajor(r.net), cumulativeNet: toMajor(running) };
        }),
    };
  },
});

export const getRiskOp = defineOperation({
  name: 'risk.get',
  summary: 'The risk state of the trading date with the limits in force: loss limit, headroom, streaks, cooldowns.',
  kind: 'query',
  scopes: ['agent', 'automation'],
  idempotent: true,
  http: { method: 'GET', path: '/risk' },
  input: z.object({}).strict().describe('No input.'),
  output: z
    .object({
      tradingDate: z.string().nullable().describe('Exchange trading date of the risk state.'),
      tradingState: z.string().nullable().describe('active, reducing or halted.'),
      state: z.record(z.string(), z.unknown()).nullable().describe('Streaks, cooldown ends, loss limit hit, headroom (rupees).'),
      locks: z.array(LockSchema).describe('Entry locks in force.'),
      limits: z
        .object({
          dailyMaxLoss: money('Daily loss limit'),
          perTradeMaxLoss: money('Per-trade loss limit'),
          maxTradesPerMin: z.number().describe('Entries allowed in any 60 s.'),
          consecutiveLossBreaker: z.number().describe('Losses in a row that trip the breaker.'),
          maxLotsPerStrike: z.number().describe('Most lots in one position.'),
          entryStart: z.string().describe('No entries before (exchange time).'),
          entryEnd: z.string().describe('No entries after (exchange time).'),
          flattenAt: z.string().describe('Every position closed at (exchange time).'),
        })
        .nullable()
        .describe('The limits of the parameter set in force, null before a start.'),
    })
    .describe('Risk state and limits.'),
  handler: (deps: AppDeps) => {
    const s = deps.agent.status();
    const p = deps.agent.currentParams();
    return {
      tradingDate: s.tradingDate,
      tradingState: s.tradingState,
      state: s.risk === null ? null : { ...s.risk },
      locks: [...s.locks],
      limits:
        p === null
          ? null
          : {
              dailyMaxLoss: p.dailyMaxLoss,
              perTradeMaxLoss: p.perTradeMaxLoss,
              maxTradesPerMin: p.maxTradesPerMin,
              consecutiveLossBreaker: p.consecutiveLossBreaker,
              maxLotsPerStrike: p.maxLotsPerStrike,
              entryStart: p.entryStart,
              entryEnd: p.entryEnd,
              flattenAt: p.flattenAt,
            },
    };
  },
});
