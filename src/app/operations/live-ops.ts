/** Live arming: the trader arms for a bounded time, anyone may disarm or ask (with a reason); only the trader lists and decides requests, outside the model's tools. */
import { z } from 'zod';
import type { AppDeps } from '../app-deps.js';
import { AppError } from '../errors.js';
import { MAX_ARMED_MINUTES, type LiveArming } from '../live/live-arming.js';
import { defineOperation } from '../registry/operation.js';

const need = (deps: AppDeps): LiveArming => {
  if (deps.liveArming === undefined) throw new AppError('UNAVAILABLE', 'live arming requests are kept by the daemon (`scalper serve`)');
  return deps.liveArming;
};

const RequestSchema = z
  .object({
    id: z.number().describe('Request id.'),
    requestedBy: z.string().describe('Who asked.'),
    scope: z.string().describe('With which scope.'),
    reason: z.object({ untrusted: z.boolean().describe('True unless the trader wrote it.'), text: z.string().describe('The reason as written.') }).describe('Why, in the asker’s words.'),
    createdTs: z.number().describe('Asked at, epoch ms.'),
    expiresTs: z.number().describe('Lapses at, epoch ms.'),
    status: z.enum(['pending', 'approved', 'refused', 'expired']).describe('pending until the trader decides or it lapses.'),
    decidedBy: z.string().nullable().describe('The trader who decided.'),
    note: z.string().nullable().describe('The trader’s note.'),
  })
  .describe('A request to arm live trading.');

const view = (r: ReturnType<LiveArming['list']>[number]): z.input<typeof RequestSchema> => ({ ...r, reason: { untrusted: r.scope !== 'trader', text: r.reason } });

export const requestArmingOp = defineOperation({
  name: 'live.request-arming',
  summary: 'Ask the trader to arm live trading, with a reason. It creates a pending request only the trader can complete (REST or `scalper arm-live`); it never arms anything by itself.',
  kind: 'command',
  scopes: ['agent'],
  idempotent: false,
  http: { method: 'POST', path: '/engine/live/arming-requests' },
  input: z.object({ reason: z.string().trim().min(1).max(1000).describe('Why live trading should be armed now.') }).strict().describe('The request.'),
  output: RequestSchema,
  handler: (deps: AppDeps, input, ctx) => view(need(deps).request(ctx.principal, input.reason)),
});

export const listArmingOp = defineOperation({
  name: 'live.arming-requests',
  summary: 'Requests to arm live trading, newest first.',
  kind: 'query',
  scopes: [],
  idempotent: true,
  http: { method: 'GET', path: '/engine/live/arming-requests' },
  input: z.object({}).strict().describe('No input.'),
  output: z.object({ requests: z.array(RequestSchema).describe('Newest first.') }).describe('Requests.'),
  handler: (deps: AppDeps) => ({ requests: need(deps).list().map(view) }),
});

export const decideArmingOp = defineOperation({
  name: 'live.decide-arming',
  summary: 'The trader approves (arming live for `minutes`, default 30) or refuses an arming request. Approving needs a live broker: a daemon on `--feed openalgo`.',
  kind: 'command',
  scopes: [],
  idempotent: false,
  http: { method: 'POST', path: '/engine/live/arming-requests/:id/decide' },
  input: z
    .object({
      id: z.number().int().min(1).describe('Request id.'),
      approve: z.boolean().describe('true approves (arms live), false refuses.'),
      note: z.string().trim().min(1).max(500).optional().describe('Why.'),
      minutes: z.number().int().min(1).max(MAX_ARMED_MINUTES).optional().describe(`How long an approval arms live, minutes (default 30, at most ${MAX_ARMED_MINUTES}: one session).`),
    })
    .strict()
    .describe('The decision.'),
  output: RequestSchema,
  handler: (deps: AppDeps, input, ctx) => {
    const live = need(deps);
    const decided = live.decide(input.id, ctx.principal, input.approve, input.note, input.minutes);
    if (decided.status === 'approved') deps.events.publish('live.armed', { armedBy: ctx.principal.name, untilTs: live.state().untilTs, request: decided.id });
    return view(decided);
  },
});

const ArmedSchema = z
  .object({
    armed: z.boolean().describe('Live arming is in force: live orders may open positions.'),
    armedBy: z.string().nullable().describe('The trader who armed it.'),
    armedTs: z.number().nullable().describe('Armed at, epoch ms.'),
    untilTs: z.number().nullable().describe('Lapses at, epoch ms; null when not armed.'),
    note: z.string().nullable().describe('The trader’s note.'),
    lastEnd: z
      .object({ ts: z.number().describe('Ended at, epoch ms.'), by: z.string().describe('Who ended it (clock: it lapsed).'), reason: z.string().describe('expired, kill switch, or the reason given.') })
      .nullable()
      .describe('How the last arming ended, null while armed or before any.'),
  })
  .describe('Live arming.');

export const liveStatusOp = defineOperation({
  name: 'live.status',
  summary: 'Whether live trading is armed, by whom and until when, and how the last arming ended.',
  kind: 'query',
  scopes: ['agent', 'automation'],
  idempotent: true,
  http: { method: 'GET', path: '/engine/live' },
  input: z.object({}).strict().describe('No input.'),
  output: ArmedSchema,
  handler: (deps: AppDeps) => need(deps).state(),
});

export const armLiveOp = defineOperation({
  name: 'live.arm',
  summary: `The trader arms live trading for \`minutes\` (1 to ${MAX_ARMED_MINUTES}); it lapses by itself and the kill switch ends it. Not a model's tool. Needs a daemon on \`--feed openalgo\`.`,
  kind: 'command',
  scopes: [],
  idempotent: false,
  http: { method: 'POST', path: '/engine/live/arm' },
  input: z
    .object({
      minutes: z.number().int().min(1).max(MAX_ARMED_MINUTES).describe(`How long, minutes (at most ${MAX_ARMED_MINUTES}: one session).`),
      note: z.string().trim().min(1).max(500).optional().describe('Why.'),
    })
    .strict()
    .describe('The arming.'),
  output: ArmedSchema,
  handler: (deps: AppDeps, input, ctx) => {
    const state = need(deps).arm(ctx.principal, input.minutes, input.note);
    deps.events.publish('live.armed', { armedBy: state.armedBy, untilTs: state.untilTs });
    return state;
  },
});

export const disarmLiveOp = defineOperation({
  name: 'live.disarm',
  summary: 'End live arming now (any scope: it only reduces risk). New live entries stop; an open position keeps its exits.',
  kind: 'command',
  scopes: ['agent', 'automation'],
  idempotent: true,
  http: { method: 'POST', path: '/engine/live/disarm' },
  input: z.object({ reason: z.string().trim().min(1).max(200).default('disarmed').describe('Why; shown in live status.') }).strict().describe('Disarm.'),
  output: ArmedSchema,
  handler: (deps: AppDeps, input, ctx) => {
    const live = need(deps);
    if (live.disarm(ctx.principal.name, input.reason)) deps.events.publish('live.disarmed', { by: ctx.principal.name, reason: input.reason });
    return live.state();
  },
});
