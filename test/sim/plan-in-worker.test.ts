/**
 * The simulator's planning off the event loop: plans made in a worker thread equal the ones made in place
 * (and the market built on them gives the same ticks), the event loop keeps turning while a long plan
 * runs, an abort ends it at once, and plans of other options are refused.
 */
import { describe, expect, it } from 'vitest';
import { loadSimConfig } from '../../src/adapters/sim-config-file.js';
import { planSimDaysInWorker } from '../../src/adapters/sim/plan-in-worker.js';
import { createSimMarket, planSimDays } from '../../src/sim/market/sim-market.js';

const config = loadSimConfig();
const options = { underlying: 'NIFTY', startDate: '2026-01-05', days: 3, seed: 11 };

describe('planning in a worker thread', () => {
  it('gives the plans planSimDays gives, and a market on them ticks the same', async () => {
    const plans = await planSimDaysInWorker(config, options);
    expect(plans).toEqual(planSimDays(config, options));
    const planned = createSimMarket(config, { ...options, plans });
    const own = createSimMarket(config, options);
    expect(planned.universe).toEqual(own.universe);
    const a = planned.columnsForDay(2);
    const b = own.columnsForDay(2);
    expect(a.length).toBe(b.length);
    expect(Buffer.from(a.ltp.buffer, 0, a.length * 8).equals(Buffer.from(b.ltp.buffer, 0, b.length * 8))).toBe(true);
    expect(() => createSimMarket(config, { ...options, seed: 12, startDate: '2026-01-06', plans })).toThrow(/plans: not the plans of these options/);
  });

  it('the event loop turns while 250 days are planned, and an abort ends the planning at once', async () => {
    const order: string[] = [];
    const long = planSimDaysInWorker(config, { ...options, days: 250 }).then((p) => order.push(`planned ${p.length}`));
    await new Promise((r) => setImmediate(r));
    order.push('event loop turned');
    await long;
    expect(order).toEqual(['event loop turned', 'planned 250']);

    const abort = new AbortController();
    const aborted = planSimDaysInWorker(config, { ...options, days: 250 }, abort.signal);
    abort.abort();
    await expect(aborted).rejects.toMatchObject({ name: 'AbortError' });
    await expect(planSimDaysInWorker(config, options, abort.signal)).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('options it cannot plan are refused with the reason', async () => {
    await expect(planSimDaysInWorker(config, { ...options, underlying: 'BANKNIFTY' })).rejects.toThrow(/unknown underlying BANKNIFTY/);
  });
});
