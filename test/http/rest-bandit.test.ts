/** The bandit over REST: GET /api/v1/bandit for agents, configure and step for the trader only, an arm switch listed as a proposal with source bandit, bad arms named, live refused unless allowed. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBandit } from '../../src/adapters/governance/open-bandit.js';
import { dbFiles } from '../../src/adapters/store/db-paths.js';
import type { ClosedTradeRecord, TradeFilter } from '../../src/core/model/book-records.js';
import { OPERATIONS } from '../../src/app/registry/registry.js';
import { createRestApp } from '../../src/http/rest-app.js';
import { simConfig } from '../runtime/agent-harness.js';
import { restHarness } from './rest-harness.js';

/** The harness's API with a bandit on its control database, reading a book of the agent the test fills. */
async function withBandit(mode: 'paper' | 'live') {
  const r = await restHarness({ mode: () => mode });
  const trades: ClosedTradeRecord[] = [];
  const b = openBandit({
    controlPath: dbFiles(r.dbDir).control,
    governance: r.deps.governance!,
    book: { closedTrades: (f: TradeFilter = {}) => trades.filter((t) => t.exitTs >= (f.fromTs ?? -Infinity)) },
    simConfig,
    engine: r.agent.agent,
    mode: () => mode,
    now: () => Date.now(),
  });
  const app = createRestApp({ ops: OPERATIONS, deps: { ...r.deps, bandit: b.bandit }, access: r.access, now: () => Date.now(), log: { log: () => undefined } });
  const call = async (method: string, path: string, token: string, json?: unknown) => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (json !== undefined) headers['content-type'] = 'application/json';
    const res = await app.request(path, { method, headers, ...(json === undefined ? {} : { body: JSON.stringify(json) }) });
    return { status: res.status, body: (await res.json()) as { data?: Record<string, unknown>; error?: { code: string; issues: { field: string }[] } } };
  };
  /** A closed trade of the agent made with the version in force now (NIFTY, 2 lots). */
  const trade = (netPnl: number): void => {
    const version = r.deps.governance!.inForce()!.id;
    const date = r.agent.agent.feedClock()?.tradingDate ?? '2026-01-05';
    trades.push({ tradeId: `t${trades.length}`, mode: 'PAPER', source: 'agent', underlying: 'NIFTY', exchange: 'NFO', symbol: 'X', side: 'CE', qty: 130, entryTs: 0, exitTs: Number.MAX_SAFE_INTEGER, entryPrice: 0, exitPrice: 0, grossPnl: netPnl, charges: 0, netPnl, exitReason: 'trail_stop', preset: 'nifty_normal', paramsVersion: version, regime: 'UNKNOWN', tradingDate: date, utcOffsetMin: 330 });
  };
  return { r, call, trade, close: async () => (b.close(), await r.close()) };
}

describe('the bandit over REST (paper)', () => {
  let w: Awaited<ReturnType<typeof withBandit>>;
  beforeAll(async () => {
    w = await withBandit('paper');
  });
  afterAll(async () => {
    await w.close();
  });

  it('answers its state to an agent, before and after the trader configures it; an agent may not configure or step it', async () => {
    const before = await w.call('GET', '/api/v1/bandit', w.r.tokens.agent);
    expect(before.status).toBe(200);
    expect(before.body.data).toMatchObject({ configured: false, arms: [] });
    expect((await w.call('POST', '/api/v1/bandit', w.r.tokens.agent, { arms: [{ momentumTicks: 7 }] })).status).toBe(403);
    expect((await w.call('POST', '/api/v1/bandit/step', w.r.tokens.agent, {})).status).toBe(403);
    const set = await w.call('POST', '/api/v1/bandit', w.r.tokens.trader, { arms: [{ momentumTicks: 7 }, { slPoints: 5 }], algorithm: 'ucb1' });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    const after = await w.call('GET', '/api/v1/bandit', w.r.tokens.agent);
    expect(after.body.data).toMatchObject({ configured: true, inForceArm: 0, arms: [{ index: 0, diff: {} }, { index: 1, diff: { momentumTicks: 7 } }, { index: 2, diff: { slPoints: 5 } }] });
  });

  it('refuses bad arms naming the field (400), changing nothing', async () => {
    const bad = await w.call('POST', '/api/v1/bandit', w.r.tokens.trader, { arms: [{ momentumTicks: 10 }, { momentumTicks: 2 }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error!.issues.map((i) => i.field)).toContain('arms.1.momentumTicks');
    expect((await w.call('POST', '/api/v1/bandit', w.r.tokens.trader, { arms: [] })).status).toBe(400);
    expect((await w.call('POST', '/api/v1/bandit', w.r.tokens.trader, { algorithm: 'greedy' })).status).toBe(400);
    const still = await w.call('GET', '/api/v1/bandit', w.r.tokens.trader);
    expect((still.body.data as { arms: unknown[] }).arms).toHaveLength(3);
  });

  it('steps: an arm switch is a proposal with source bandit, listed among the proposals; with rewards per lot', async () => {
    w.trade(13_000);
    w.trade(-6_500);
    const step = await w.call('POST', '/api/v1/bandit/step', w.r.tokens.trader, {});
    expect(step.status, JSON.stringify(step.body)).toBe(200);
    const out = step.body.data as { outcome: string; arm: number; proposal: { id: number; source: string; rationale: { untrusted: boolean } } };
    expect(out).toMatchObject({ outcome: 'proposed', arm: 1, proposal: { source: 'bandit', rationale: { untrusted: true } } });
    const list = await w.call('GET', '/api/v1/proposals', w.r.tokens.agent);
    expect((list.body.data as { proposals: { id: number; source: string }[] }).proposals).toContainEqual(expect.objectContaining({ id: out.proposal.id, source: 'bandit' }));
    const state = (await w.call('GET', '/api/v1/bandit', w.r.tokens.agent)).body.data as { arms: { pulls: number; meanPerLot: string | null }[]; lastProposal: number; recentSteps: { outcome: string }[] };
    // (13 000 − 6 500) paise over two 2-lot trades: ₹16.25 per lot.
    expect(state.arms[0]).toMatchObject({ pulls: 2, meanPerLot: '16.25' });
    expect(state.lastProposal).toBe(out.proposal.id);
    expect(state.recentSteps[0]!.outcome).toBe('proposed');
  });
});

describe('the bandit over REST (live)', () => {
  it('refuses a decision with 403 unless the trader allowed live', async () => {
    const w = await withBandit('live');
    try {
      expect((await w.call('POST', '/api/v1/bandit', w.r.tokens.trader, { arms: [{ momentumTicks: 7 }] })).status).toBe(200);
      w.trade(1_000);
      const refused = await w.call('POST', '/api/v1/bandit/step', w.r.tokens.trader, {});
      expect(refused.status).toBe(403);
      expect(refused.body.error!.code).toBe('FORBIDDEN');
      expect((await w.call('POST', '/api/v1/bandit', w.r.tokens.trader, { allowLive: true })).status).toBe(200);
      const allowed = await w.call('POST', '/api/v1/bandit/step', w.r.tokens.trader, {});
      expect(allowed.status).toBe(200);
      expect((allowed.body.data as { outcome: string }).outcome).toBe('proposed');
    } finally {
      await w.close();
    }
  });
});
