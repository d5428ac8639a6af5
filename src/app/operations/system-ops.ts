/** System operations: health (no token needed), who the caller is, and the parameter configuration with its JSON schema. */
import { z } from 'zod';
import { PARAM_SPECS } from '../../core/params/param-spec.js';
import { paramsVersion } from '../../core/params/params-version.js';
import { DEFAULT_PARAMS, ParamOverridesSchema } from '../../core/params/schema.js';
import type { AppDeps } from '../app-deps.js';
import { allowed, defineOperation } from '../registry/operation.js';
import { OPERATIONS } from '../registry/registry.js';
import { AppError } from '../errors.js';

export const healthOp = defineOperation({
  name: 'system.health',
  summary: 'Liveness: the daemon answers, its version and mode. Needs no token.',
  kind: 'query',
  scopes: ['agent', 'automation'],
  idempotent: true,
  http: { method: 'GET', path: '/health' },
  input: z.object({}).strict().describe('No input.'),
  output: z
    .object({
      ok: z.literal(true).describe('Always true when the daemon answers.'),
      version: z.string().describe('The product version.'),
      engine: z.string().describe('Agent lifecycle state.'),
    })
    .describe('Health.'),
  handler: (deps: AppDeps) => ({ ok: true as const, version: deps.version, engine: deps.agent.status().state }),
});

export const whoamiOp = defineOperation({
  name: 'system.whoami',
  summary: 'Who the caller is: the token’s name and scope, and the operations that scope may call (the dashboard shows only those).',
  kind: 'query',
  scopes: ['agent', 'automation'],
  idempotent: true,
  http: { method: 'GET', path: '/whoami' },
  input: z.object({}).strict().describe('No input.'),
  output: z
    .object({
      name: z.string().describe('The token’s name.'),
      scope: z.enum(['trader', 'agent', 'automation']).describe('Its scope.'),
      allowed: z.array(z.string()).describe('The operations this scope may call, by name.'),
    })
    .describe('The caller.'),
  handler: (_deps: AppDeps, _input, ctx) => ({ name: ctx.principal.name, scope: ctx.principal.scope, allowed: OPERATIONS.filter((op) => allowed(op, ctx.principal.scope)).map((op) => op.name) }),
});

export const doctorOp = defineOperation({
  name: 'system.doctor',
  summary: 'Checks of this installation, each with a verdict: Node, the tables and rate cards, the database files, the engine lock, huge pages for loading tick data, OpenAlgo when configured.',
  kind: 'query',
  scopes: ['automation'],
  idempotent: true,
  http: { method: 'GET', path: '/doctor' },
  input: z.object({}).strict().describe('No input.'),
  output: z
    .object({
      ok: z.boolean().describe('No check failed.'),
      checks: z
        .array(
          z
            .object({ check: z.string().describe('What was checked.'), verdict: z.enum(['ok', 'warn', 'fail']).describe('The verdict.'), detail: z.string().describe('What was found, and what to do.') })
            .describe('One check.'),
        )
        .describe('In order.'),
    })
    .describe('The doctor’s report.'),
  handler: async (deps: AppDeps) => {
    if (deps.doctor === undefined) throw new AppError('UNAVAILABLE', 'the doctor is not set up in this daemon; run `scalper doctor`');
    const checks = (await deps.doctor()).map((c) => ({ ...c }));
    return { ok: checks.every((c) => c.verdict !== 'fail'), checks };
  },
});

export const getConfigOp = defineOperation({
  name: 'config.get',
  summary: 'The parameters: the set in force with its version, the defaults, each field’s range, unit and description, and the JSON schema of a parameter override.',
  kind: 'query',
  scopes: ['agent'],
  idempotent: true,
  http: { method: 'GET', path: '/config' },
  input: z.object({}).strict().describe('No input.'),
  output: z
    .object({
      defaults: z.record(z.string(), z.unknown()).describe('The default parameter set.'),
      defaultsVersion: z.string().describe('Version id of the defaults.'),
      paramsVersionInForce: z.string().nullable().describe('Version id of the running engine’s parameters, null before a start.'),
      effective: z.record(z.string(), z.unknown()).nullable().describe('The parameter set in force in the engine (its preset with any overrides), null before a start.'),
      presetInForce: z.string().nullable().describe('The preset the engine started from, null before a start.'),
      fields: z.record(z.string(), z.record(z.string(), z.unknown())).describe('Each parameter: type, default, range, unit, group, description.'),
      overridesJsonSchema: z.record(z.string(), z.unknown()).describe('JSON Schema of a parameter override object.'),
    })
    .describe('Configuration.'),
  handler: (deps: AppDeps) => ({
    defaults: { ...DEFAULT_PARAMS },
    defaultsVersion: paramsVersion(DEFAULT_PARAMS),
    paramsVersionInForce: deps.agent.status().paramsVersion,
    effective: ((p) => (p === null ? null : { ...p }))(deps.agent.currentParams()),
    presetInForce: deps.agent.status().preset,
    fields: Object.fromEntries(Object.entries(PARAM_SPECS).map(([k, v]) => [k, { ...v }])),
    overridesJsonSchema: z.toJSONSchema(ParamOverridesSchema, { unrepresentable: 'any' }),
  }),
});
