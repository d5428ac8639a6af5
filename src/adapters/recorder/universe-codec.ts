/** The universe as stored in a recording header: canonical JSON (fixed field order), validated on both write and read. */
import { z } from 'zod';
import type { Instrument, Universe } from '../../core/model/instrument.js';

const base = {
  id: z.int().min(0),
  symbol: z.string(),
  exchange: z.string(),
  utcOffsetMin: z.int().min(-720).max(840),
  tickSize: z.int().positive(),
};

const instrumentSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('INDEX'), ...base }),
  z.strictObject({
    kind: z.literal('OPTION'),
    ...base,
    right: z.enum(['CE', 'PE']),
    underlying: z.string(),
    strike: z.int(),
    expiryDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be YYYY-MM-DD' }),
    lotSize: z.int().positive(),
    typicalSpread: z.int().min(0),
  }),
]);

const universeSchema = z.strictObject({ instruments: z.array(instrumentSchema) }).superRefine((u, ctx) => {
  u.instruments.forEach((inst, i) => {
    if (inst.id !== i) ctx.addIssue({ code: 'custom', path: ['instruments', i, 'id'], message: `must equal its position ${i} (ids are dense)` });
  });
});

function formatPath(path: readonly PropertyKey[]): string {
  return path.map((k) => (typeof k === 'number' ? `[${k}]` : `.${String(k)}`)).join('').replace(/^\./, '') || '(root)';
}

/** Validates a universe; throws listing each bad field as `path: rule`. */
export function parseUniverse(json: unknown): Universe {
  const result = universeSchema.safeParse(json);
  if (result.success) return result.data;
  throw new Error(`universe: ${result.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`).join('; ')}`);
}

/** Only the model's fields, in one order, so equal universes give equal bytes (resume compares headers byte for byte). */
function canonical(inst: Instrument): Instrument {
  const common = { id: inst.id, symbol: inst.symbol, exchange: inst.exchange, utcOffsetMin: inst.utcOffsetMin, tickSize: inst.tickSize };
  if (inst.kind === 'INDEX') return { kind: 'INDEX', ...common };
  return {
    kind: 'OPTION',
    ...common,
    right: inst.right,
    underlying: inst.underlying,
    strike: inst.strike,
    expiryDate: inst.expiryDate,
    lotSize: inst.lotSize,
    typicalSpread: inst.typicalSpread,
  };
}

/** UTF-8 JSON of the universe; throws (naming the field) when it would not read back. */
export function encodeUniverse(universe: Universe): Uint8Array {
  const plain = { instruments: universe.instruments.map(canonical) };
  parseUniverse(plain);
  return new TextEncoder().encode(JSON.stringify(plain));
}

/** Parses and validates the header's universe bytes. */
export function decodeUniverse(bytes: Uint8Array): Universe {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (e) {
    throw new Error(`universe JSON is not valid: ${(e as Error).message}`, { cause: e });
  }
  return parseUniverse(json);
}
