/** Edge coercion of what AI clients and query strings send: numbers and booleans as strings, objects and arrays as JSON text. */
import { z } from 'zod';

/** The schema under optional/default/nullable/readonly wrappers, and its kind. */
function core(schema: z.ZodType): z.ZodType {
  let s: z.ZodType = schema;
  for (let i = 0; i < 10; i++) {
    if (s instanceof z.ZodOptional || s instanceof z.ZodNullable || s instanceof z.ZodDefault || s instanceof z.ZodReadonly) {
      s = (s as unknown as { unwrap(): z.ZodType }).unwrap();
    } else if (s instanceof z.ZodPipe) {
      s = (s as unknown as { in: z.ZodType }).in;
    } else break;
  }
  return s;
}

const NUMERIC = /^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

/** Coerces one value toward `schema`; anything it cannot read is left as it came, for the schema to refuse with a clear message. */
function coerceValue(schema: z.ZodType, value: unknown): unknown {
  const s = core(schema);
  if (typeof value === 'string') {
    if (s instanceof z.ZodNumber && NUMERIC.test(value.trim())) return Number(value.trim());
    if (s instanceof z.ZodBoolean && (value === 'true' || value === 'false')) return value === 'true';
    if ((s instanceof z.ZodObject || s instanceof z.ZodArray || s instanceof z.ZodRecord) && /^\s*[[{]/.test(value)) {
      try {
        return coerceValue(schema, JSON.parse(value) as unknown);
      } catch {
        return value;
      }
    }
    if (s instanceof z.ZodUnion) {
      const options = (s as unknown as { options: z.ZodType[] }).options.map(core);
      // A union of a number and a string (e.g. epoch ms or an ISO date): a numeric string is the number.
      if (options.some((o) => o instanceof z.ZodNumber) && NUMERIC.test(value.trim())) return Number(value.trim());
      // A union of objects or arrays sent as JSON text (a comparison's side, a sweep's space).
      if (options.some((o) => o instanceof z.ZodObject || o instanceof z.ZodArray || o instanceof z.ZodRecord) && /^\s*[[{]/.test(value)) {
        try {
          return coerceValue(schema, JSON.parse(value) as unknown);
        } catch {
          return value;
        }
      }
    }
    return value;
  }
  if (s instanceof z.ZodUnion && typeof value === 'object' && value !== null) {
    // The first option the coerced value satisfies; none: the value as it came, for the union to refuse.
    for (const option of (s as unknown as { options: z.ZodType[] }).options) {
      const coerced = coerceValue(option, value);
      if (option.safeParse(coerced).success) return coerced;
    }
    return value;
  }
  if (s instanceof z.ZodObject && typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const shape = (s as unknown as { shape: Record<string, z.ZodType> }).shape;
    const out: Record<string, unknown> = {};
    // defineProperty: a key like `__proto__` stays a field (for the strict schema to refuse), never a prototype.
    for (const [k, v] of Object.entries(value)) {
      Object.defineProperty(out, k, { value: Object.hasOwn(shape, k) ? coerceValue(shape[k]!, v) : v, enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  if (s instanceof z.ZodArray && Array.isArray(value)) {
    const element = (s as unknown as { element: z.ZodType }).element;
    return value.map((v) => coerceValue(element, v));
  }
  return value;
}

/** The input with edge coercions applied; validation stays strict afterwards. */
export function coerceInput(schema: z.ZodType, raw: unknown): unknown {
  return coerceValue(schema, raw ?? {});
}
