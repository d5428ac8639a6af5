/** The one backtest input: both forms with their defaults as before (so stored job inputs and run keys are unchanged), a field of the other form refused by name, and backtests.run local and fully described. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { RunBacktestInputSchema } from '../../src/app/commands/run-backtest.js';
import { LOCAL_OPERATIONS, OPERATIONS } from '../../src/app/registry/registry.js';

const fieldsOf = (raw: unknown): string[] => {
  const r = RunBacktestInputSchema.safeParse(raw);
  return r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
};

describe('RunBacktestInputSchema', () => {
  it('fills the simulator form’s defaults in the order a stored job input always had', () => {
    expect(JSON.stringify(RunBacktestInputSchema.parse({}))).toBe(
      '{"days":3,"seed":1,"preset":"nifty_normal","startDate":"2026-01-05","overrides":{},"latencyMs":100,"slippageTicks":0,"slippageProbability":0.25}',
    );
    expect(JSON.stringify(RunBacktestInputSchema.parse({ lotSize: 75, rateCard: 'legacy-original', underlying: 'SENSEX', seed: 7 }))).toBe(
      '{"days":3,"seed":7,"preset":"nifty_normal","underlying":"SENSEX","startDate":"2026-01-05","overrides":{},"latencyMs":100,"slippageTicks":0,"slippageProbability":0.25,"rateCard":"legacy-original","lotSize":75}',
    );
  });

  it('fills a dataset form’s defaults in the order a stored job input always had (its seed is the dataset’s, or 1)', () => {
    expect(JSON.stringify(RunBacktestInputSchema.parse({ data: 'sim:NIFTY:7:2026-01-05:2' }))).toBe(
      '{"data":"sim:NIFTY:7:2026-01-05:2","preset":"nifty_normal","overrides":{},"capital":500000,"latencyMs":100,"slippageTicks":0,"slippageProbability":0.25}',
    );
    expect(JSON.stringify(RunBacktestInputSchema.parse({ to: '2026-01-06', data: 'ticks.csv', from: '2026-01-05', seed: 3 }))).toBe(
      '{"data":"ticks.csv","preset":"nifty_normal","overrides":{},"seed":3,"from":"2026-01-05","to":"2026-01-06","capital":500000,"latencyMs":100,"slippageTicks":0,"slippageProbability":0.25}',
    );
  });

  it('refuses each field of the other form by name', () => {
    expect(fieldsOf({ data: 'ticks.csv', days: 2, startDate: '2026-01-05', underlying: 'NIFTY', lotSize: 75 })).toEqual(['days', 'underlying', 'startDate', 'lotSize']);
    expect(fieldsOf({ from: '2026-01-05', capital: 1000 })).toEqual(['from', 'capital']);
  });

  it('refuses a window that ends before it starts, a date that is not real, and an unknown field', () => {
    expect(fieldsOf({ data: 'ticks.csv', from: '2026-01-07', to: '2026-01-05' })).toEqual(['from']);
    expect(fieldsOf({ startDate: '2026-02-30' })).toEqual(['startDate']);
    expect(fieldsOf({ data: 'ticks.csv', to: '2026-13-01' })).toEqual(['to']);
    expect(fieldsOf({ colour: 'red' })).toEqual(['']);
  });
});

/** Paths of the properties in `schema` (JSON Schema) that have no description. */
function undescribed(schema: unknown, at = ''): string[] {
  if (typeof schema !== 'object' || schema === null) return [];
  const s = schema as { properties?: Record<string, { description?: string }>; items?: unknown; anyOf?: unknown[]; oneOf?: unknown[] };
  const out: string[] = [];
  for (const [k, v] of Object.entries(s.properties ?? {})) {
    if (v.description === undefined) out.push(`${at}${k}`);
    out.push(...undescribed(v, `${at}${k}.`));
  }
  if (s.items !== undefined) out.push(...undescribed(s.items, `${at}[].`));
  for (const o of [...(s.anyOf ?? []), ...(s.oneOf ?? [])]) out.push(...undescribed(o, at));
  return out;
}

describe('local operations', () => {
  it('backtests.run is local: not mounted by the daemon, with every input and output field described', () => {
    expect(LOCAL_OPERATIONS.map((o) => o.name)).toEqual(['backtests.run']);
    for (const op of LOCAL_OPERATIONS) {
      expect(OPERATIONS.some((o) => o.name === op.name)).toBe(false);
      expect('http' in op).toBe(false);
      const input = z.toJSONSchema(op.input, { io: 'input', unrepresentable: 'any' });
      expect(Object.keys(input.properties ?? {}).length).toBeGreaterThan(10);
      expect(undescribed(input)).toEqual([]);
      expect(undescribed(z.toJSONSchema(op.output, { io: 'output', unrepresentable: 'any' }))).toEqual([]);
    }
  });
});
