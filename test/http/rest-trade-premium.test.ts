import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoke } from '../../src/app/registry/invoke.js';
import { tradePremiumOp } from '../../src/app/operations/trade-premium-op.js';
import type { AppDeps } from '../../src/app/app-deps.js';
import { restHarness, type RestHarness } from './rest-harness.js';

/** A simulated day run to its end; each trade's premium around it, regenerated from the simulator's seed, shows the market the trade saw. */
let r: RestHarness;
beforeAll(async () => {
  r = await restHarness({ simSpeed: Infinity });
  await r.agent.agent.done;
});
afterAll(async () => {
  await r.close();
});

interface Premium {
  id: string;
  symbol: string;
  fromTs: number;
  toTs: number;
  available: boolean;
  source: string | null;
  reason: string | null;
  points: { ts: number; price: number }[];
  sampled: boolean;
}
interface Trade {
  id: string;
  entryTs: number;
  exitTs: number;
  fills: { kind: string; ts: number; latencyMs: number | null; signalPrice: number | null }[];
}

const ctx = { principal: { scope: 'trader' as const, name: 'test', tokenId: null }, mode: 'paper' as const };

describe('a trade’s premium around it', () => {
  it('comes from the simulator’s day, in time order, within the window, and holds the prices the trade decided on', async () => {
    const list = (await r.request('GET', '/api/v1/trades?limit=500')).body.data as { trades: { id: string }[] };
    expect(list.trades.length).toBeGreaterThan(3);
    for (const { id } of list.trades.slice(0, 4)) {
      const t = (await r.request('GET', `/api/v1/trades/${encodeURIComponent(id)}`)).body.data as Trade;
      const res = await r.request('GET', `/api/v1/trades/${encodeURIComponent(id)}/premium?minutes=2`);
      expect(res.status).toBe(200);
      const p = res.body.data as Premium;
      expect(p.available, p.reason ?? '').toBe(true);
      expect(p.source).toContain('regenerated from its seed');
      expect(p.fromTs).toBe(t.entryTs - 120_000);
      expect(p.toTs).toBe(t.exitTs + 120_000);
      expect(p.sampled).toBe(false);
      expect(p.points.length).toBeGreaterThan(0);
      p.points.forEach((x, i) => {
        expect(x.ts).toBeGreaterThanOrEqual(p.fromTs);
        expect(x.ts).toBeLessThanOrEqual(p.toTs);
        if (i > 0) expect(x.ts).toBeGreaterThanOrEqual(p.points[i - 1]!.ts);
      });
      // Every decision (entry, exits) was made on a tick of this series: its price is there at its time.
      for (const f of t.fills) {
        const decision = f.ts - (f.latencyMs ?? 0);
        if (decision < p.fromTs) continue;
        const last = p.points.filter((x) => x.ts <= decision).at(-1);
        expect(last?.price, `${id} ${f.kind} at ${decision}`).toBe(f.signalPrice);
      }
    }
  });

  it('with minutes 0 it covers only the trade, and a window out of range is refused naming the field', async () => {
    const id = ((await r.request('GET', '/api/v1/trades?limit=1')).body.data as { trades: { id: string }[] }).trades[0]!.id;
    const p = (await r.request('GET', `/api/v1/trades/${encodeURIComponent(id)}/premium?minutes=0`)).body.data as Premium;
    const t = (await r.request('GET', `/api/v1/trades/${encodeURIComponent(id)}`)).body.data as Trade;
    expect(p.points.every((x) => x.ts >= t.entryTs && x.ts <= t.exitTs)).toBe(true);
    const bad = await r.request('GET', `/api/v1/trades/${encodeURIComponent(id)}/premium?minutes=61`);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error)).toContain('minutes');
    const missing = await r.request('GET', '/api/v1/trades/2099-01-01%2399/premium');
    expect(missing.status).toBe(404);
  });

  it('ticks of another run (the same date and symbol, other prices) are refused, saying why', async () => {
    const id = ((await r.request('GET', '/api/v1/trades?limit=1')).body.data as { trades: { id: string }[] }).trades[0]!.id;
    const t = (await r.request('GET', `/api/v1/trades/${encodeURIComponent(id)}`)).body.data as Trade;
    const other: AppDeps = {
      ...r.deps,
      premium: { around: (_s, _d, from, to) => ({ source: 'another run', ts: [from, (from + to) / 2, to], price: [1, 2, 3] }) },
    };
    const p = await invoke(tradePremiumOp, other, { id }, ctx);
    expect(p.available).toBe(false);
    expect(p.points).toEqual([]);
    expect(p.reason).toContain('another run');
    expect(p.reason).toContain('entry');
    // And a daemon with nowhere to look says so.
    const without = Object.fromEntries(Object.entries(r.deps).filter(([k]) => k !== 'premium')) as unknown as AppDeps;
    const q = await invoke(tradePremiumOp, without, { id }, ctx);
    expect(q.available).toBe(false);
    expect(q.reason).toContain('no ticks');
    expect(t.id).toBe(id);
  });
});
