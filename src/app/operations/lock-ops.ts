/** Entry locks: list, lock a side, an option symbol or every entry until a time with a reason, unlock (the trader only: an agent may only tighten). */
import { z } from 'zod';
import { epochOfLocal } from '../../core/calendar/exchange-time.js';
import type { AppDeps } from '../app-deps.js';
import { AppError, invalidInput } from '../errors.js';
import { defineOperation } from '../registry/operation.js';

export const LockSchema = z
  .object({
    id: z.string().describe('Lock id, e.g. L3.'),
    target: z.string().describe('What it locks: * (every entry), CE or PE (that side), or an option symbol.'),
    until: z.number().describe('Feed time (epoch ms) it ends at.'),
    reason: z.string().describe('Why, as given (untrusted text when an agent set it).'),
    by: z.string().describe('Who set it (the caller’s name).'),
    scope: z.string().describe('The scope it was set with.'),
    createdTs: z.number().describe('Feed time it was set at, epoch ms.'),
  })
  .describe('An entry lock.');

const MAX_LOCK_MS = 7 * 86_400_000;
const TARGET = /^(\*|CE|PE|[A-Z][A-Z0-9]{2,39}(CE|PE))$/;

export const listLocksOp = defineOperation({
  name: 'locks.list',
  summary: 'Entry locks in force: what each locks, until when, why and who set it.',
  kind: 'query',
  scopes: ['agent', 'automation'],
  idempotent: true,
  http: { method: 'GET', path: '/locks' },
  input: z.object({}).strict().describe('No input.'),
  output: z.object({ locks: z.array(LockSchema).describe('Locks in force, oldest first.') }).describe('Entry locks.'),
  handler: (deps: AppDeps) => ({ locks: [...deps.agent.entryLocks()] }),
});

export const createLockOp = defineOperation({
  name: 'locks.create',
  summary: 'Lock new entries (and averaging adds) on a side, an option symbol or all, until a time or for some minutes, with a reason. Exits are never locked. Any scope may lock: it only tightens.',
  kind: 'command',
  scopes: ['agent', 'automation'],
  idempotent: false,
  http: { method: 'POST', path: '/locks' },
  input: z
    .object({
      target: z.string().regex(TARGET, 'must be *, CE, PE or an option symbol such as NIFTY06JAN2626000CE').describe('* (every entry), CE or PE (that side), or an option symbol of the run’s underlying.'),
      until: z
        .string()
        .max(40)
        .optional()
        .describe('When it ends: HH:MM (exchange time on the current trading date) or an ISO 8601 date-time with its offset. Give this or `minutes`.'),
      minutes: z.number().int().min(1).max(MAX_LOCK_MS / 60_000).optional().describe('How long it lasts from now, in feed minutes. Give this or `until`.'),
      reason: z.string().trim().min(1).max(200).describe('Why; shown in status, the risk state and the audit log.'),
    })
    .strict()
    .describe('The lock.'),
  output: z.object({ lock: LockSchema }).describe('The lock as set.'),
  handler: (deps: AppDeps, input, ctx) => {
    const clock = deps.agent.feedClock();
    if (clock === null) throw new AppError('CONFLICT', 'the engine has not been started: locks apply to a run');
    if (input.target.length > 2 && input.target !== '*' && !input.target.startsWith(clock.underlying)) {
      throw invalidInput([{ field: 'target', rule: `must be an option of ${clock.underlying}, the run’s underlying` }]);
    }
    const until = lockEnd(input, clock);
    if (until <= clock.ts) throw invalidInput([{ field: input.until === undefined ? 'minutes' : 'until', rule: 'must be after the feed’s time now' }]);
    if (until - clock.ts > MAX_LOCK_MS) throw invalidInput([{ field: input.until === undefined ? 'minutes' : 'until', rule: 'must be at most 7 days ahead' }]);
    return { lock: deps.agent.addEntryLock({ target: input.target, until, reason: input.reason, by: ctx.principal.name, scope: ctx.principal.scope }) };
  },
});

export const deleteLockOp = defineOperation({
  name: 'locks.delete',
  summary: 'Remove an entry lock before its time (the trader only: loosening is a human decision).',
  kind: 'command',
  scopes: [],
  idempotent: true,
  http: { method: 'DELETE', path: '/locks/:id' },
  input: z.object({ id: z.string().regex(/^L\d{1,9}$/, 'must be a lock id such as L3').describe('Lock id.') }).strict().describe('Which lock.'),
  output: z.object({ removed: z.string().describe('The id removed.') }).describe('The lock removed.'),
  handler: (deps: AppDeps, input) => {
    if (!deps.agent.removeEntryLock(input.id)) throw new AppError('NOT_FOUND', `id: no lock ${input.id} in force`, { issues: [{ field: 'id', rule: `no lock ${input.id} in force` }] });
    return { removed: input.id };
  },
});

/** The lock's end in feed time: `minutes` from now, HH:MM on the trading date, or an ISO date-time with an offset. */
function lockEnd(input: { until?: string | undefined; minutes?: number | undefined }, clock: { ts: number; utcOffsetMin: number; tradingDate: string | null }): number {
  if ((input.until === undefined) === (input.minutes === undefined)) throw invalidInput([{ field: 'until', rule: 'give exactly one of until and minutes' }]);
  if (input.minutes !== undefined) return clock.ts + input.minutes * 60_000;
  const text = input.until!;
  const hhmm = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  if (hhmm !== null) {
    if (clock.tradingDate === null) throw invalidInput([{ field: 'until', rule: 'HH:MM needs a trading date: the feed has not started; give an ISO date-time' }]);
    return epochOfLocal(clock.tradingDate, Number(hhmm[1]) * 60 + Number(hhmm[2]), clock.utcOffsetMin);
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(text) || Number.isNaN(Date.parse(text))) {
    throw invalidInput([{ field: 'until', rule: 'must be HH:MM or an ISO 8601 date-time with its offset, e.g. 2026-01-05T14:30:00+05:30' }]);
  }
  return Date.parse(text);
}

export const manageLocksOp = defineOperation({
  name: 'locks.manage',
  summary: 'Entry locks in one command: list them, lock (a side, an option symbol or *, until a time or for some minutes, with a reason) or unlock (the trader only). An agent may only tighten.',
  kind: 'command',
  scopes: ['agent', 'automation'],
  idempotent: false,
  http: { method: 'POST', path: '/locks/manage' },
  input: z
    .discriminatedUnion('action', [
      z.object({ action: z.literal('list').describe('List the locks in force.') }).strict(),
      createLockOp.input.extend({ action: z.literal('lock').describe('Add a lock.') }).strict(),
      deleteLockOp.input.extend({ action: z.literal('unlock').describe('Remove a lock (the trader only).') }).strict(),
    ])
    .describe('What to do.'),
  output: z
    .object({
      locks: z.array(LockSchema).describe('The locks in force after the command.'),
      lock: LockSchema.optional().describe('The lock just added.'),
      removed: z.string().optional().describe('The lock just removed.'),
    })
    .describe('The locks.'),
  handler: async (deps: AppDeps, input, ctx) => {
    if (input.action === 'lock') {
      const out = await createLockOp.handler(deps, { target: input.target, until: input.until, minutes: input.minutes, reason: input.reason }, ctx);
      return { locks: [...deps.agent.entryLocks()], lock: out.lock };
    }
    if (input.action === 'unlock') {
      if (ctx.principal.scope !== 'trader') throw new AppError('FORBIDDEN', `unlock needs the trader scope; this caller has ${ctx.principal.scope} (an agent or a hook may only tighten)`);
      const out = await deleteLockOp.handler(deps, { id: input.id }, ctx);
      return { locks: [...deps.agent.entryLocks()], removed: out.removed };
    }
    return { locks: [...deps.agent.entryLocks()] };
  },
});
