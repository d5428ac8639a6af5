/** Inbound hook operations (trader only): make a hook that does one action with its own secret, list them, revoke one. */
import { z } from 'zod';
import { HOOK_ACTIONS, type HookAction, type InboundHook, type InboundHookStore } from '../../adapters/store/inbound-hook-store.js';
import { AppError } from '../errors.js';
import { defineOperation } from '../registry/operation.js';

/** The operation each action runs: the same one REST mounts, with the same validation, audit and idempotency. */
export const HOOK_OPERATION: Readonly<Record<HookAction, string>> = {
  pause: 'engine.pause',
  resume: 'engine.resume',
  kill: 'engine.kill',
  'submit-experiment': 'experiments.submit',
};

/** Where an alerting system POSTs to fire the hook. */
export const hookPath = (id: string): string => `/api/v1/hooks/${id}`;

/** What the hook operations need (AppDeps has it; the CLI gives only this). */
export interface HookDeps {
  readonly hooks?: InboundHookStore;
}

const need = (deps: HookDeps): InboundHookStore => {
  if (deps.hooks === undefined) throw new AppError('UNAVAILABLE', 'inbound hooks are not set up in this daemon');
  return deps.hooks;
};

const HookSchema = z
  .object({
    id: z.string().describe('Hook id.'),
    name: z.string().describe('Its name; its calls are audited as hook:<name>.'),
    action: z.enum(HOOK_ACTIONS).describe('The one thing it does.'),
    operation: z.string().describe('The operation the action runs, e.g. engine.pause.'),
    path: z.string().describe('Where to POST, e.g. /api/v1/hooks/hook_…'),
    createdBy: z.string().describe('Who made it (the token’s name, or cli).'),
    createdTs: z.number().describe('Created, epoch ms.'),
    revokedTs: z.number().nullable().describe('Revoked, epoch ms; null while it works.'),
  })
  .describe('An inbound hook (never its secret).');

const view = (h: InboundHook): z.input<typeof HookSchema> => ({ ...h, operation: HOOK_OPERATION[h.action], path: hookPath(h.id) });

export const createHookOp = defineOperation({
  name: 'hooks.create',
  summary:
    'Make an inbound hook for an alerting system: it does only its one action (pause, resume, kill or submit-experiment) when POSTed to with its own secret (X-Hook-Secret header). The secret is shown once.',
  kind: 'command',
  scopes: [],
  idempotent: false,
  http: { method: 'POST', path: '/hooks' },
  input: z
    .object({
      name: z
        .string()
        .regex(/^[\w.@-]{1,64}$/, { error: 'must be 1–64 letters, digits, _ . @ or -' })
        .describe('A name for the audit log (calls appear as hook:<name>).'),
      action: z.enum(HOOK_ACTIONS, { error: `must be one of ${HOOK_ACTIONS.join(', ')}` }).describe('The one action it may do.'),
    })
    .strict()
    .describe('The hook.'),
  output: HookSchema.extend({
    secret: z.string().nullable().describe('Its secret: shown only in this answer and stored only as a SHA-256 (null when REST replays the answer for a repeated Idempotency-Key).'),
  }),
  handler: (deps: HookDeps, input, ctx) => {
    const { hook, secret } = need(deps).create(input.name, input.action, ctx.principal.name, Date.now());
    return { ...view(hook), secret };
  },
});

export const listHooksOp = defineOperation({
  name: 'hooks.list',
  summary: 'The inbound hooks, revoked ones included (never their secrets).',
  kind: 'query',
  scopes: [],
  idempotent: true,
  http: { method: 'GET', path: '/hooks' },
  input: z.object({}).strict().describe('No input.'),
  output: z.object({ hooks: z.array(HookSchema).describe('Oldest first.') }).describe('Inbound hooks.'),
  handler: (deps: HookDeps) => ({ hooks: need(deps).list().map(view) }),
});

export const deleteHookOp = defineOperation({
  name: 'hooks.delete',
  summary: 'Revoke an inbound hook: its secret stops working at once.',
  kind: 'command',
  scopes: [],
  idempotent: true,
  http: { method: 'DELETE', path: '/hooks/:id' },
  input: z.object({ id: z.string().min(1).max(100).describe('Hook id.') }).strict().describe('Which hook.'),
  output: z.object({ id: z.string().describe('The hook.'), revoked: z.literal(true).describe('Its secret no longer works.') }).describe('Revoked.'),
  handler: (deps: HookDeps, input) => {
    if (!need(deps).revoke(input.id, Date.now())) throw new AppError('NOT_FOUND', `no live hook ${input.id} (see hooks.list)`);
    return { id: input.id, revoked: true as const };
  },
});
