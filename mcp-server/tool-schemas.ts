/** The JSON Schemas a tool lists, from its operation's zod schemas: an object at the root (MCP requires it), unions kept as anyOf, no $schema keyword. */
import { z } from 'zod';
import type { Operation } from '../src/app/registry/operation.js';

type Json = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Json {
  const out = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json;
  delete out.$schema;
  return out;
}

/** The input schema as listed: an object schema, or an object whose value is one of the union's forms. */
export function toolInputSchema(op: Pick<Operation, 'input'>): Json {
  const s = jsonSchema(op.input, 'input');
  return s.type === 'object' ? s : { type: 'object', ...s };
}

/**
 * Every result is `{ mode, data }`: the mode in force and the operation's output, or either of two outputs
 * (a job tool answers its job at once, or, waited for, the job with its result).
 */
export function toolOutputSchema(op: Pick<Operation, 'output'>, or?: Pick<Operation, 'output'>): Json {
  const data = jsonSchema(op.output, 'output');
  return {
    type: 'object',
    properties: {
      mode: { type: 'string', enum: ['paper', 'live'], description: 'The trading mode in force.' },
      data: or === undefined ? data : { anyOf: [data, jsonSchema(or.output, 'output')] },
    },
    required: ['mode', 'data'],
    additionalProperties: false,
  };
}
