/** The OpenAPI 3.1 document of the REST mount, generated from the operations' zod schemas (nothing written by hand). */
import { z } from 'zod';
import { ERROR_CODES } from '../app/errors.js';
import type { Operation } from '../app/registry/operation.js';
import { HOOK_OPERATION } from '../app/operations/hook-ops.js';

const jsonSchema = (s: z.ZodType, io: 'input' | 'output'): Record<string, unknown> =>
  z.toJSONSchema(s, { io, unrepresentable: 'any', target: 'draft-2020-12' });

const ErrorBody = {
  type: 'object',
  required: ['mode', 'error'],
  properties: {
    mode: { type: 'string', enum: ['paper', 'live'] },
    error: {
      type: 'object',
      required: ['code', 'message', 'issues'],
      properties: {
        code: { type: 'string', enum: [...ERROR_CODES] },
        message: { type: 'string' },
        issues: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, rule: { type: 'string' } } } },
        hint: { type: 'string' },
      },
    },
  },
};

const dataOf = (op: Operation): Record<string, unknown> => ({
  type: 'object',
  required: ['mode', 'data'],
  properties: { mode: { type: 'string', enum: ['paper', 'live'] }, data: jsonSchema(op.output, 'output') },
});

/**
 * POST /hooks/{id}: not an operation of its own but a door to one of four, chosen by the hook (never by
 * the caller), so its body and answer are those of the hook's operation.
 */
function hookPath(ops: readonly Operation[]): Record<string, unknown> {
  const targets = Object.entries(HOOK_OPERATION).flatMap(([action, name]) => {
    const op = ops.find((o) => o.name === name);
    return op === undefined ? [] : [{ action, op }];
  });
  return {
    post: {
      operationId: 'hooks.fire',
      summary: `Fire an inbound hook: it runs its one operation (${targets.map((t) => `${t.action} → ${t.op.name}`).join(', ')}) as hook:<name> with the automation scope. Authenticated by the hook's own secret, not a token; unknown, revoked and wrong secret are one 401.`,
      'x-scalper': { kind: 'hook', actions: Object.fromEntries(targets.map((t) => [t.action, t.op.name])) },
      security: [{ hookSecret: [] }, { hookBearer: [] }],
      parameters: [{ name: 'id', in: 'path', required: true, description: 'Hook id (from hooks.create).', schema: { type: 'string' } }],
      requestBody: { required: false, content: { 'application/json': { schema: { description: 'The input of the hook’s operation.', anyOf: targets.map((t) => jsonSchema(t.op.input, 'input')) } } } },
      responses: {
        '200': { description: 'The answer of the hook’s operation.', content: { 'application/json': { schema: { anyOf: targets.map((t) => dataOf(t.op)) } } } },
        default: { description: 'An error in the one error vocabulary.', content: { 'application/json': { schema: ErrorBody } } },
      },
    },
  };
}

/** The document for `ops`, served at /api/v1/openapi.json. */
export function openApiDocument(ops: readonly Operation[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of ops) {
    const path = `/api/v1${op.http.path}`.replace(/:([A-Za-z]+)/g, '{$1}');
    const input = jsonSchema(op.input, 'input');
    const props = (input.properties ?? {}) as Record<string, Record<string, unknown>>;
    const required = new Set((input.required ?? []) as string[]);
    const inPath = new Set([...op.http.path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!));
    const parameters = Object.entries(props)
      .filter(([name]) => op.http.method !== 'POST' || inPath.has(name))
      .map(([name, schema]) => ({
        name,
        in: inPath.has(name) ? 'path' : 'query',
        required: inPath.has(name) || required.has(name),
        description: schema.description,
        schema,
      }));
    const ok = op.kind === 'job' ? '202' : '200';
    paths[path] = {
      ...paths[path],
      [op.http.method.toLowerCase()]: {
        operationId: op.name,
        summary: op.summary,
        'x-scalper': { kind: op.kind, scopes: ['trader', ...op.scopes], idempotent: op.idempotent },
        ...(op.name === 'system.health' ? { security: [] } : {}),
        parameters,
        ...(op.http.method === 'POST'
          ? { requestBody: { required: false, content: { 'application/json': { schema: input } } } }
          : {}),
        responses: {
          [ok]: {
            description: op.summary,
            content: { 'application/json': { schema: dataOf(op) } },
          },
          default: { description: 'An error in the one error vocabulary.', content: { 'application/json': { schema: ErrorBody } } },
        },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'AI Scalper', version: '1', description: 'The scalper’s command surface. Every response says the trading mode in force.' },
    servers: [{ url: 'http://127.0.0.1:7878' }],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer' },
        hookSecret: { type: 'apiKey', in: 'header', name: 'X-Hook-Secret', description: 'An inbound hook’s own secret.' },
        hookBearer: { type: 'http', scheme: 'bearer', description: 'An inbound hook’s own secret, for alerting systems that only set Authorization.' },
      },
    },
    security: [{ bearer: [] }],
    paths: { ...paths, '/api/v1/hooks/{id}': { ...paths['/api/v1/hooks/{id}'], ...hookPath(ops) } },
  };
}
