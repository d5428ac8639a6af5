/** The end-of-day reconciliation with the broker as an operation: a book's fills of a date against OpenAlgo's tradebook, each difference by cause. */
import { z } from 'zod';
import { dateToDayNumber, epochOfLocal } from '../../core/calendar/exchange-time.js';
import { formatMajor } from '../../core/model/money.js';
import type { AppDeps } from '../app-deps.js';
import { AppError } from '../errors.js';
import { reconcileDay } from '../live/eod-reconciliation.js';
import { defineOperation } from '../registry/operation.js';

const rupees = (what: string) => z.string().regex(/^-?\d+\.\d{2}$/).describe(`${what}, rupees as a decimal string (exact to the paisa)`);
const r = (paise: number): string => formatMajor(Math.round(paise));
const IST = 330;

function isCalendarDate(date: string): boolean {
  try {
    dateToDayNumber(date);
    return true;
  } catch {
    return false;
  }
}

export const reconcileDayOp = defineOperation({
  name: 'reconcile.day',
  summary: 'End-of-day reconciliation with the broker: a book’s fills and charges of a trading date against OpenAlgo’s tradebook, each difference by cause (price, quantity, missed fill, phantom fill, charges) with its effect on net P&L, and what is left unexplained.',
  kind: 'query',
  scopes: ['agent', 'automation'],
  idempotent: true,
  http: { method: 'GET', path: '/reconciliation' },
  input: z
    .object({
      date: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD')
        .refine(isCalendarDate, 'must be a calendar date')
        .optional().describe('Exchange trading date; default the engine’s trading date, else today.'),
      book: z.enum(['auto', 'manual']).default('auto').describe('Which book: the agent’s fills (auto) or the trader’s manual fills.'),
    })
    .strict()
    .describe('Which day and book.'),
  output: z
    .object({
      date: z.string().describe('The trading date reconciled.'),
      book: z.enum(['auto', 'manual']).describe('The book reconciled.'),
      fills: z.object({ ours: z.number().describe('Our fills.'), broker: z.number().describe('The broker’s fills.'), matched: z.number().describe('Fills matched one to one.') }).describe('Fill counts.'),
      ours: z.object({ gross: rupees('Gross P&L (sells − buys)'), charges: rupees('Charges by our rate card'), net: rupees('Net P&L') }).describe('Our figures.'),
      broker: z
        .object({ gross: rupees('Gross P&L from the tradebook'), charges: rupees('The broker’s charges').nullable(), net: rupees('The broker’s net P&L').nullable() })
        .describe('The broker’s figures; charges and net null when its tradebook carries no charges.'),
      differences: z
        .array(
          z
            .object({
              cause: z.enum(['price', 'quantity', 'missed_fill', 'phantom_fill', 'charges']).describe('Why the figures differ.'),
              symbol: z.string().describe('Option symbol.'),
              action: z.enum(['BUY', 'SELL']).describe('Side of the fill.'),
              effect: rupees('Effect on (broker net − our net)'),
              detail: z.string().describe('The difference in words.'),
              tradeId: z.string().nullable().describe('Our trade, when the fill is ours.'),
              brokerOrderId: z.string().nullable().describe('The broker’s order, when the fill is the broker’s.'),
            })
            .describe('One difference.'),
        )
        .describe('Every difference, by cause.'),
      explained: rupees('Sum of the differences’ effects'),
      unexplained: rupees('Broker net − our net − explained (0.00 when every difference was found)').nullable(),
      chargesNotCompared: z.boolean().describe('The broker’s tradebook carries no charges: charges were not compared and its net is unknown.'),
      currency: z.literal('INR').describe('Currency of every money figure.'),
    })
    .describe('The reconciliation.'),
  handler: async (deps: AppDeps, input) => {
    const broker = deps.brokerBooks;
    if (broker === undefined) throw new AppError('UNAVAILABLE', 'reconciliation needs OpenAlgo: set OPENALGO_URL and OPENALGO_API_KEY for `scalper serve` (`scalper doctor` checks them)');
    const clock = deps.agent.feedClock();
    const offset = clock?.utcOffsetMin ?? IST;
    const date = input.date ?? clock?.tradingDate ?? new Date(Date.now() + offset * 60_000).toISOString().slice(0, 10);
    const from = epochOfLocal(date, 0, offset);
    const fills = deps.books[input.book].events({ fromTs: from, toTs: from + 86_400_000 }).map((f) => ({ tradeId: f.tradeId, symbol: f.symbol, exchange: f.exchange, action: f.action, qty: f.qty, price: f.price, ts: f.ts, charges: f.charges }));
    const rows = await broker.trades(date, offset);
    const day = reconcileDay(date, fills, rows);
    return {
      date,
      book: input.book,
      fills: day.fills,
      ours: { gross: r(day.ours.gross), charges: r(day.ours.charges), net: r(day.ours.net) },
      broker: { gross: r(day.broker.gross), charges: day.broker.charges === null ? null : r(day.broker.charges), net: day.broker.net === null ? null : r(day.broker.net) },
      differences: day.differences.map((d) => ({ ...d, effect: r(d.effect) })),
      explained: r(day.explained),
      unexplained: day.unexplained === null ? null : r(day.unexplained),
      chargesNotCompared: day.chargesNotCompared,
      currency: 'INR' as const,
    };
  },
});

export const scheduledReconciliationOp = defineOperation({
  name: 'reconcile.scheduled',
  summary: 'The end-of-day reconciliation the daemon runs by itself after the close when it trades through OpenAlgo (analyzer or live): whether it is on, and what its last run found.',
  kind: 'query',
  scopes: ['agent', 'automation'],
  idempotent: true,
  http: { method: 'GET', path: '/reconciliation/scheduled' },
  input: z.object({}).strict().describe('No input.'),
  output: z
    .object({
      enabled: z.boolean().describe('The daemon reconciles by itself after each trading day’s close.'),
      last: z
        .object({
          date: z.string().describe('The trading date reconciled.'),
          ranTs: z.number().describe('When it ran, epoch ms.'),
          ok: z.boolean().describe('It ran (false: the broker could not be read; it is tried again).'),
          differences: z.record(z.string(), z.number()).describe('Differences found, counted by cause (GET /reconciliation?date= gives each).'),
          oursNet: rupees('Our net P&L').nullable(),
          brokerNet: rupees('The broker’s net P&L (null when its tradebook carries no charges)').nullable(),
          unexplained: rupees('What the differences do not explain').nullable(),
          error: z.string().nullable().describe('Why it failed, null when it ran.'),
        })
        .nullable()
        .describe('The last run, null before any.'),
    })
    .describe('The scheduled reconciliation.'),
  handler: (deps: AppDeps) => ({ enabled: deps.eodSchedule !== undefined, last: deps.eodSchedule?.last() ?? null }),
});
