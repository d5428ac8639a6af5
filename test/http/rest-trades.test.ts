import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restHarness, type RestHarness } from './rest-harness.js';

/** A simulated day run to its end, then read through the API: a trade's decision trace, the P&L series, the risk limits. */
let r: RestHarness;
beforeAll(async () => {
  r = await restHarness({ simSpeed: Infinity });
  await r.agent.agent.done;
});
afterAll(async () => {
  await r.close();
});

const paise = (x: number): number => Math.round(x * 100);

describe('trades, P&L series and risk through the API', () => {
  it('a trade’s decision trace: fills that add up to its P&L, entry checks with their thresholds', async () => {
    const list = await r.request('GET', '/api/v1/trades?limit=3');
    const trades = (list.body.data as { trades: { id: string; grossPnl: number }[] }).trades;
    expect(trades.length).toBe(3);
    const id = trades[0]!.id;
    const res = await r.request('GET', `/api/v1/trades/${encodeURIComponent(id)}`);
    expect(res.status).toBe(200);
    const t = res.body.data as { id: string; grossPnl: number; charges: number; netPnl: number; fills: { action: string; qty: number; price: number; charges: number; context: Record<string, unknown> | null }[]; entryChecks: { check: string; threshold: number | null; passed: boolean | null }[] };
    expect(t.id).toBe(id);
    const flow = t.fills.reduce((s, f) => s + (f.action === 'SELL' ? 1 : -1) * f.qty * paise(f.price), 0);
    expect(paise(t.grossPnl)).toBe(flow);
    expect(t.fills.reduce((s, f) => s + paise(f.charges), 0)).toBe(paise(t.charges));
    expect(t.fills[0]!.context).toHaveProperty('regime');
    const momentum = t.entryChecks.find((c) => c.check.startsWith('momentum'))!;
    expect(momentum.threshold).toBeGreaterThan(0);
    expect(momentum.passed).toBe(true);
  });

  it('a trailed trade’s trace lists every stop move in order, each one up, the last one the stop its exit hit', async () => {
    const list = (await r.request('GET', '/api/v1/trades?limit=500')).body.data as { trades: { id: string; exitReason: string }[] };
    const trailed = list.trades.find((t) => t.exitReason === 'trail_stop');
    expect(trailed, 'a simulated day has a trailed exit').toBeDefined();
    const t = (await r.request('GET', `/api/v1/trades/${encodeURIComponent(trailed!.id)}`)).body.data as {
      stopMoves: { ts: number; from: number; to: number; stage: string; price: number }[];
      riskChecks: { check: string; passed: boolean | null }[];
      fills: { kind: string; ts: number; signalPrice: number | null }[];
    };
    expect(t.stopMoves.length).toBeGreaterThan(0);
    t.stopMoves.forEach((m, i) => {
      expect(m.to).toBeGreaterThan(m.from);
      if (i > 0) expect(m.from).toBe(t.stopMoves[i - 1]!.to);
      expect(m.stage).not.toBe('initial');
    });
    const exit = t.fills.find((f) => f.kind === 'EXIT')!;
    const last = t.stopMoves[t.stopMoves.length - 1]!;
    expect(last.ts).toBeLessThanOrEqual(exit.ts);
    expect(exit.signalPrice!).toBeLessThanOrEqual(last.to);
    expect(t.riskChecks.find((c) => c.check.startsWith('daily net P&L'))?.passed).toBe(true);
  });

  it('every trade met the streak the kernel asked for, boosts included; the loss count is shown, not judged', async () => {
    const list = (await r.request('GET', '/api/v1/trades?limit=500')).body.data as { trades: { id: string }[] };
    const p = r.deps.agent.currentParams()!;
    let boosted = 0;
    for (const { id } of list.trades) {
      const t = (await r.request('GET', `/api/v1/trades/${encodeURIComponent(id)}`)).body.data as { entryChecks: { check: string; value: number | null; threshold: number | null; passed: boolean | null }[]; fills: { kind: string; context: Record<string, unknown> | null }[] };
      const streak = t.entryChecks.find((c) => c.check.startsWith('momentum streak'))!;
      expect(streak.passed, `${id}: saw ${streak.value}, needed ${streak.threshold}`).toBe(true);
      const losses = t.entryChecks.find((c) => c.check.startsWith('consecutive losses'))!;
      expect(losses.passed).toBeNull();
      const base = p.candleConfirmEnabled ? Math.max(p.momentumTicks, p.candleMomentumTicks) : p.momentumTicks;
      if (streak.threshold! > base) boosted++;
      const ctx = t.fills.find((f) => f.kind === 'ENTRY')!.context!;
      const expected = base + ((losses.value ?? 0) >= p.consecutiveLossBreaker ? p.consecutiveLossMomentumBoost : 0) + (ctx.regime === 'RANGING' ? p.regimeRangingBoost : 0);
      expect(streak.threshold).toBe(expected);
    }
    expect(boosted, 'a simulated day has entries under a boost').toBeGreaterThan(0);
  });

  it('an unknown trade is a 404 naming it', async () => {
    const res = await r.request('GET', '/api/v1/trades/2099-01-01%2399');
    expect(res.status).toBe(404);
    expect((res.body.error as { message: string }).message).toContain('2099-01-01#99');
  });

  it('the P&L series adds up to the analytics’ net P&L, by day, week and month', async () => {
    const total = ((await r.request('GET', '/api/v1/analytics')).body.data as { summary: { netPnl: number } }).summary.netPnl;
    for (const period of ['day', 'week', 'month']) {
      const rows = ((await r.request('GET', `/api/v1/pnl?period=${period}`)).body.data as { rows: { netPnl: number; cumulativeNet: number }[] }).rows;
      expect(rows.length).toBeGreaterThan(0);
      expect(paise(rows.reduce((s, x) => s + x.netPnl, 0))).toBe(paise(total));
      expect(rows[rows.length - 1]!.cumulativeNet).toBe(total);
    }
  });

  it('risk shows the limits of the parameters in force', async () => {
    const risk = (await r.request('GET', '/api/v1/risk', { token: r.tokens.automation })).body.data as { limits: { dailyMaxLoss: number } };
    expect(risk.limits.dailyMaxLoss).toBe(r.deps.agent.currentParams()!.dailyMaxLoss);
  });
});
