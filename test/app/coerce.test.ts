/** Edge coercion reaches inside unions: a side of a comparison or a sweep space sent as JSON text, numbers as strings inside them; validation stays strict. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { coerceInput } from '../../src/app/registry/coerce.js';
import { CompareRunsInputSchema } from '../../src/app/jobs/compare-job.js';

describe('coercion inside unions', () => {
  it('parses a union member sent as JSON text and converts numbers inside it', () => {
    const raw = { a: '{"job":"j1"}', b: { backtest: { days: '3', seed: '7' } }, resamples: '500' };
    const out = CompareRunsInputSchema.parse(coerceInput(CompareRunsInputSchema, raw));
    expect(out.a).toEqual({ job: 'j1' });
    expect(out.b).toMatchObject({ backtest: { days: 3, seed: 7 } });
    expect(out.resamples).toBe(500);
  });

  it('leaves what no option accepts as it came, for the schema to refuse', () => {
    const schema = z.object({ side: z.union([z.object({ job: z.string() }).strict(), z.object({ n: z.number() }).strict()]) }).strict();
    const bad = { side: { n: 'seven' } };
    expect(coerceInput(schema, bad)).toEqual(bad);
    expect(schema.safeParse(coerceInput(schema, bad)).success).toBe(false);
    expect(coerceInput(schema, { side: '{"n":"7"}' })).toEqual({ side: { n: 7 } });
    expect(coerceInput(schema, { side: '{not json' })).toEqual({ side: '{not json' });
  });
});
