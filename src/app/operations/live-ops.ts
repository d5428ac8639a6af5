/** Live arming requests: anyone may ask (with a reason); only the trader lists and decides, outside the model's tools. */
import { z } from 'zod';
import type { AppDeps } from '../app-deps.js';
import { AppError } from '../errors.js';
import type { LiveArming } from '../live/live-arming.js';
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
  summary: 'The trader approves or refuses an arming request. Approving needs a live broker (OpenAlgo), which this build does not have: it answers unavailable.',
  kind: 'command',
  scopes: [],
  idempotent: false,
  http: { method: 'POST', path: '/engine/live/arming-requests/:id/decide' },
  input: z
    .object({
      id: z.number().int().min(1).describe('Request id.'),
      approve: z.boolean().describe('true approves (arms live), false refuses.'),
      note: z.string().trim().min(1).max(500).optional().describe('Why.'),
    })
    .strict()
    .describe('The decision.'),
  output: RequestSchema,
  handler: (deps: AppDeps, input, ctx) => view(need(deps).decide(input.id, ctx.principal, input.approve, input.note)),
});
