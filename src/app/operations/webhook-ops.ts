/** Outbound webhook operations (trader only): subscribe a URL to event types, list, delete, send a test, read the delivery log. */
import { z } from 'zod';
import type { AppDeps } from '../app-deps.js';
import { AppError } from '../errors.js';
import { EVENT_TYPES } from '../events/event-bus.js';
import { defineOperation } from '../registry/operation.js';

const need = (deps: AppDeps) => {
  if (deps.webhooks === undefined) throw new AppError('UNAVAILABLE', 'webhooks are not set up in this daemon');
  return deps.webhooks;
};

const HookSchema = z
  .object({
    id: z.string().describe('Webhook id.'),
    url: z.string().describe('Where events are POSTed.'),
    events: z.array(z.string()).describe('Event types delivered ("*" for all).'),
    createdBy: z.string().describe('Token name that created it.'),
    createdTs: z.number().describe('Created, epoch ms.'),
  })
  .describe('A webhook.');

export const createWebhookOp = defineOperation({
  name: 'webhooks.create',
  summary: 'Subscribe a URL to event types. Each delivery is signed: X-Scalper-Signature = sha256=HMAC(secret, "<X-Scalper-Timestamp>.<body>"). The secret is shown once.',
  kind: 'command',
  scopes: [],
  idempotent: false,
  http: { method: 'POST', path: '/webhooks' },
  input: z
    .object({
      url: z
        .url({ protocol: /^https?$/, error: 'must be an http or https URL' })
        .max(2000)
        .describe('The receiver, http(s).'),
      events: z
        .array(z.enum(['*', ...EVENT_TYPES], { error: `must be "*" or one of ${EVENT_TYPES.join(', ')}` }))
        .min(1)
        .max(EVENT_TYPES.length + 1)
        .describe('Event types to deliver, or ["*"].'),
    })
    .strict()
    .describe('The subscription.'),
  output: HookSchema.extend({ secret: z.string().describe('The signing secret: shown only now.') }),
  handler: (deps: AppDeps, input, ctx) => {
    const h = need(deps).store.create(input.url, [...new Set(input.events)], ctx.principal.name, Date.now());
    return { id: h.id, url: h.url, events: [...h.events], createdBy: h.createdBy, createdTs: h.createdTs, secret: h.secret };
  },
});

export const listWebhooksOp = defineOperation({
  name: 'webhooks.list',
  summary: 'The webhooks (without their secrets).',
  kind: 'query',
  scopes: [],
  idempotent: true,
  http: { method: 'GET', path: '/webhooks' },
  input: z.object({}).strict().describe('No input.'),
  output: z.object({ webhooks: z.array(HookSchema).describe('Live webhooks.') }).describe('Webhooks.'),
  handler: (deps: AppDeps) => ({ webhooks: need(deps).store.list().map((h) => ({ id: h.id, url: h.url, events: [...h.events], createdBy: h.createdBy, createdTs: h.createdTs })) }),
});

const ById = z.object({ id: z.string().min(1).max(100).describe('Webhook id.') }).strict().describe('Which webhook.');

export const deleteWebhookOp = defineOperation({
  name: 'webhooks.delete',
  summary: 'Stop delivering to a webhook.',
  kind: 'command',
  scopes: [],
  idempotent: true,
  http: { method: 'DELETE', path: '/webhooks/:id' },
  input: ById,
  output: z.object({ id: z.string().describe('The webhook.'), deleted: z.literal(true).describe('It no longer receives events.') }).describe('Deleted.'),
  handler: (deps: AppDeps, input) => {
    if (!need(deps).store.delete(input.id, Date.now())) throw new AppError('NOT_FOUND', `no webhook ${input.id}`);
    return { id: input.id, deleted: true as const };
  },
});

export const testWebhookOp = defineOperation({
  name: 'webhooks.test',
  summary: 'Send a signed webhook.ping to a webhook now (one attempt) and report its answer.',
  kind: 'command',
  scopes: [],
  idempotent: false,
  http: { method: 'POST', path: '/webhooks/:id/test' },
  input: ById,
  output: z
    .object({ id: z.string().describe('The webhook.'), status: z.number().nullable().describe('HTTP status it answered, null without an answer.'), ok: z.boolean().describe('It answered 2xx.') })
    .describe('The test delivery.'),
  handler: async (deps: AppDeps, input) => {
    const w = need(deps);
    const hook = w.store.get(input.id);
    if (hook === undefined) throw new AppError('NOT_FOUND', `no webhook ${input.id}`);
    const status = await w.dispatcher.deliver(hook, 'webhook.ping', { id: 0, ts: Date.now(), data: { ping: true } }, 1);
    return { id: input.id, status, ok: status !== null && status >= 200 && status < 300 };
  },
});

export const webhookDeliveriesOp = defineOperation({
  name: 'webhooks.deliveries',
  summary: 'The delivery log of a webhook, newest first: every attempt with its HTTP status or error.',
  kind: 'query',
  scopes: [],
  idempotent: true,
  http: { method: 'GET', path: '/webhooks/:id/deliveries' },
  input: ById.extend({ limit: z.number().int().min(1).max(1000).default(100).describe('Attempts to return.') }),
  output: z
    .object({
      deliveries: z
        .array(
          z
            .object({
              deliveryId: z.string().describe('One event’s delivery (the same over its retries).'),
              eventType: z.string().describe('Event type.'),
              attempt: z.number().describe('1 for the first try.'),
              status: z.number().nullable().describe('HTTP status, null without an answer.'),
              error: z.string().nullable().describe('Why it failed, null on success.'),
              ts: z.number().describe('When, epoch ms.'),
            })
            .describe('One attempt.'),
        )
        .describe('Newest first.'),
    })
    .describe('The delivery log.'),
  handler: (deps: AppDeps, input) => {
    const w = need(deps);
    if (w.store.get(input.id) === undefined) throw new AppError('NOT_FOUND', `no webhook ${input.id}`);
    return { deliveries: w.store.deliveries(input.id, input.limit).map(({ deliveryId, eventType, attempt, status, error, ts }) => ({ deliveryId, eventType, attempt, status, error, ts })) };
  },
});
