/** The bandit over real governance and its store in a control database: arm switches are proposals with source bandit, no drift, determinism, rewards by version, live refused unless allowed, a restart keeps it. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openGovernance } from '../../src/adapters/governance/open-governance.js';
import { BanditStore } from '../../src/adapters/store/bandit-store.js';
import { AppError } from '../../src/app/errors.js';
import { EventBus } from '../../src/app/events/event-bus.js';
import type { GatePort, GovernedEngine } from '../../src/app/governance/governance.js';
import { Bandit } from '../../src/app/tuners/bandit/bandit.js';
import type { BanditConfigureInput } from '../../src/app/tuners/bandit/bandit-config.js';
import type { ClosedTradeRecord, TradeFilter } from '../../src/core/model/book-records.js';
import { paramsVersion } from '../../src/core/params/params-version.js';
import { presetParams } from '../../src/core/params/presets.js';
import { withOverrides, type Params } from '../../src/core/params/schema.js';
import { createRng, normal } from '../../src/core/rng.js';

const TRADER = { name: 'trader', scope: 'trader' as const, tokenId: null };
const LOT = 65;
const BASE = presetParams('nifty_normal');
/** Three arms besides the base, each within one step (25% of the range) of every other. */
const ARMS = [{ momentumTicks: 7 }, { momentumTicks: 8, slPoints: 5 }, { slPoints: 6 }];

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** An engine that holds a parameter set and a feed clock the test moves. */
function fakeEngine(): GovernedEngine & { params: Params; feed: { ts: number; tradingDate: string } } {
  const e = {
    params: BASE,
    feed: { ts: 1_000, tradingDate: '2026-01-05' },
    currentParams: () => e.params,
    status: () => ({ paramsVersion: paramsVersion(e.params), preset: 'nifty_normal' }),
    feedClock: () => e.feed,
    applyParams: (p: Params) => void (e.params = p),
  };
  return e;
}

/** Governance, the bandit and a fake book of the agent on one control database; `reopen` starts them again on it (a restart). */
function world(o: { mode?: 'paper' | 'live'; controlPath?: string; engine?: ReturnType<typeof fakeEngine>; trades?: ClosedTradeRecord[] } = {}) {
  let controlPath = o.controlPath;
  if (controlPath === undefined) {
    const dir = mkdtempSync(join(tmpdir(), 'scalper-bandit-'));
    dirs.push(dir);
    controlPath = join(dir, 'control.sqlite');
  }
  const engine = o.engine ?? fakeEngine();
  const mode = { value: o.mode ?? 'paper' };
  const gates: number[] = [];
  const gate: GatePort = { start: (g) => (gates.push(g.proposalId), { jobId: `gate-${g.proposalId}` }) };
  const gov = openGovernance({ controlPath, engine, mode: () => mode.value, now: () => 0, gate, recordingsDir: '/nonexistent', sim: () => ({ seed: 1, after: '2026-01-05' }) });
  const trades = o.trades ?? [];
  const store = BanditStore.open(controlPath);
  const read = (f: TradeFilter = {}) => trades.filter((t) => t.exitTs >= (f.fromTs ?? -Infinity) && (f.paramsVersion === undefined || t.paramsVersion === f.paramsVersion));
  const bandit = new Bandit({ store, governance: gov.governance, trades: read, lotSize: () => LOT, mode: () => mode.value, feedClock: () => engine.feed, now: () => 0 });
  return {
    controlPath,
    engine,
    mode,
    gates,
    governance: gov.governance,
    store,
    trades,
    bandit,
    /** A closed trade made now with the version in force. */
    trade(netPnl: number, lots = 2): void {
      engine.feed = { ...engine.feed, ts: engine.feed.ts + 60_000 };
      trades.push({
        tradeId: `t${trades.length}`,
        mode: 'PAPER',
        source: 'agent',
        underlying: 'NIFTY',
        exchange: 'NFO',
        symbol: 'NIFTY26JAN26000CE',
        side: 'CE',
        qty: lots * LOT,
        entryTs: engine.feed.ts - 30_000,
        exitTs: engine.feed.ts,
        entryPrice: 0,
        exitPrice: 0,
        grossPnl: netPnl,
        charges: 0,
        netPnl,
        exitReason: 'trail_stop',
        preset: 'nifty_normal',
        paramsVersion: paramsVersion(engine.params),
        regime: 'UNKNOWN',
        tradingDate: engine.feed.tradingDate,
        utcOffsetMin: 330,
      });
    },
    close(): void {
      store.close();
      gov.close();
    },
  };
}
type World = ReturnType<typeof world>;

const configure = (w: World, input: BanditConfigureInput) => w.bandit.configure(input, TRADER);
const passGate = (w: World, id: number): void => w.governance.gateEnded(id, { passed: true, reason: 'passed (test gate)', evidence: {} });

/** The market: each arm's trades earn normal(mean, 3000) paise per lot, from a seeded stream. */
const MEANS = [-2_000, 1_000, 4_000, -500];
function tradeSome(w: World, rng: ReturnType<typeof createRng>, n: number): void {
  const arm = w.bandit.view().inForceArm ?? 0;
  for (let i = 0; i < n; i++) w.trade(Math.round((MEANS[arm]! + 3_000 * normal(rng)) * 2), 2);
}

/** Runs `steps` decisions, each after five trades; every switch's gate passes and, in paper with auto-apply, applies. Returns each decision's outcome and arm. */
function run(w: World, steps: number, rng = createRng(42)): string[] {
  const out: string[] = [];
  for (let k = 0; k < steps; k++) {
    tradeSome(w, rng, 5);
    const r = w.bandit.step('trades');
    out.push(`${r.outcome}:${r.arm}`);
    if (r.proposal !== null) passGate(w, r.proposal.id);
  }
  return out;
}

describe('configuring the bandit', () => {
  it('freezes the version in force as the base, arm 0, with the arms as absolute sets on it', () => {
    const w = world();
    const v = configure(w, { arms: ARMS, algorithm: 'thompson', seed: 3 });
    expect(v.configured).toBe(true);
    expect(v.base).toEqual({ version: paramsVersion(BASE), preset: 'nifty_normal' });
    expect(v.arms.map((a) => a.version)).toEqual([BASE, ...ARMS.map((d) => withOverrides(BASE, d))].map(paramsVersion));
    expect(v.inForceArm).toBe(0);
    expect(v.settings).toMatchObject({ algorithm: 'thompson', seed: 3, enabled: false, allowLive: false });
    // Settings alone keep the base, the arms and the decisions.
    const after = configure(w, { enabled: true });
    expect(after.arms).toEqual(v.arms);
    expect(after.settings).toMatchObject({ enabled: true, algorithm: 'thompson' });
    w.close();
  });

  it.each([
    ['no arms the first time', {}, 'arms'],
    ['an arm that is the base', { arms: [{ momentumTicks: BASE.momentumTicks }] }, 'arms.0'],
    ['two equal arms', { arms: [{ momentumTicks: 7 }, { momentumTicks: 7 }] }, 'arms.1'],
    ['a value out of range', { arms: [{ slPoints: -1 }] }, 'arms.0.slPoints'],
    ['an unknown parameter', { arms: [{ nope: 1 }] }, 'arms.0'],
    // Each within one step of the base (4.5 ticks), but 8 apart: a switch between them would break the step limit.
    ['two arms more than one step apart', { arms: [{ momentumTicks: 10 }, { momentumTicks: 2 }] }, 'arms.1.momentumTicks'],
  ])('refuses %s, naming the field, and stores nothing', (_, input, field) => {
    const w = world();
    let error: unknown;
    try {
      configure(w, input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('INVALID_INPUT');
    expect((error as AppError).issues.map((i) => i.field)).toContain(field);
    expect(w.store.bandit()).toBeUndefined();
    w.close();
  });
});

describe('a decision', () => {
  it('proposes an arm switch through governance with source bandit: gated like any other, applied by auto-apply in paper', () => {
    const w = world();
    w.governance.updateSettings({ autoApplyPaper: true, cooloffMinutes: 0 });
    configure(w, { arms: ARMS });
    for (let i = 0; i < 3; i++) w.trade(1_300);
    // Arm 0 (in force) has trades; arm 1 has none: UCB1 tries it.
    const r = w.bandit.step('manual');
    expect(r.outcome).toBe('proposed');
    expect(r.arm).toBe(1);
    const p = w.governance.get(r.proposal!.id);
    expect(p).toMatchObject({ source: 'bandit', author: 'bandit', status: 'gating', fittedTo: '2026-01-05' });
    expect(p.rationale.untrusted).toBe(true);
    expect(p.diff).toEqual({ momentumTicks: { from: BASE.momentumTicks, to: 7 } });
    expect(w.gates).toEqual([p.id]);
    // While its proposal is on its way it waits.
    expect(w.bandit.step('manual').outcome).toBe('waiting');
    passGate(w, p.id);
    expect(w.governance.get(p.id).status).toBe('applied');
    expect(paramsVersion(w.engine.params)).toBe(w.bandit.view().arms[1]!.version);
    expect(w.bandit.view().inForceArm).toBe(1);
    w.close();
  });

  it('stays when the policy picks the arm in force, and proposes nothing', () => {
    const w = world();
    configure(w, { arms: ARMS });
    const r = w.bandit.step('manual');
    // No trades at all: the arm in force is short of trades, so it gathers them without a switch.
    expect(r).toMatchObject({ outcome: 'stayed', arm: 0, proposal: null });
    expect(w.governance.list(undefined, 10)).toHaveLength(0);
    w.close();
  });

  it('computes each arm’s reward from the closed trades made with its version since the configuration, per lot', () => {
    const w = world();
    w.trade(99_999, 1); // before the configuration: no arm's
    w.engine.feed = { ...w.engine.feed, ts: w.engine.feed.ts + 1 };
    configure(w, { arms: ARMS });
    w.trade(13_000, 2); // 6 500 per lot
    w.trade(-3_250, 1); // −3 250 per lot
    w.engine.params = withOverrides(BASE, ARMS[2]!); // arm 3 in force (as if applied)
    w.trade(19_500, 3); // 6 500 per lot
    const v = w.bandit.view();
    expect(v.arms.map((a) => [a.pulls, a.meanPerLot])).toEqual([
      [2, (6_500 - 3_250) / 2],
      [0, null],
      [0, null],
      [1, 6_500],
    ]);
    expect(v.inForceArm).toBe(3);
    w.close();
  });

  it('refuses to propose from a version in force that is none of its arms (nothing drifts from someone else’s set)', () => {
    const w = world();
    configure(w, { arms: ARMS });
    w.engine.params = withOverrides(BASE, { tpPoints: 9 });
    w.trade(100);
    const r = w.bandit.step('manual');
    expect(r.outcome).toBe('refused');
    expect(r.note).toContain('none of the bandit’s arms');
    expect(w.governance.list(undefined, 10)).toHaveLength(0);
    w.close();
  });
});

describe('no drift', () => {
  it('after many switches, the base and the arms are unchanged and every set in force is exactly one of the arms', () => {
    const w = world();
    w.governance.updateSettings({ autoApplyPaper: true, cooloffMinutes: 0 });
    const configured = configure(w, { arms: ARMS, algorithm: 'thompson', seed: 11 });
    const armSets = [BASE, ...ARMS.map((d) => withOverrides(BASE, d))];
    const rng = createRng(5);
    let switches = 0;
    const visited = new Set<number>([0]);
    for (let k = 0; k < 60; k++) {
      tradeSome(w, rng, 5);
      const r = w.bandit.step('trades');
      if (r.proposal !== null) {
        switches++;
        passGate(w, r.proposal.id);
      }
      const inForce = armSets.findIndex((s) => paramsVersion(s) === paramsVersion(w.engine.params));
      expect(inForce).toBeGreaterThanOrEqual(0);
      expect(w.engine.params).toEqual(armSets[inForce]);
      visited.add(inForce);
    }
    // Every arm was in force at some time, and it switched back and forth.
    expect([...visited].sort()).toEqual([0, 1, 2, 3]);
    expect(switches).toBeGreaterThanOrEqual(4);
    const now = w.bandit.view();
    expect(now.base).toEqual(configured.base);
    expect(now.arms.map((a) => [a.diff, a.version])).toEqual(configured.arms.map((a) => [a.diff, a.version]));
    // Every version ever applied is one of the arms'.
    const applied = w.governance.list('applied', 1000).concat(w.governance.list('rolled_back', 1000));
    for (const p of applied) expect(configured.arms.map((a) => a.version)).toContain(p.appliedVersion);
    w.close();
  });
});

describe('determinism and restarts', () => {
  it('makes the same decisions for the same seed and trades, and others for another seed', () => {
    const decide = (seed: number) => {
      const w = world();
      w.governance.updateSettings({ autoApplyPaper: true, cooloffMinutes: 0 });
      configure(w, { arms: ARMS, algorithm: 'thompson', seed });
      const out = run(w, 40);
      w.close();
      return out;
    };
    const a = decide(21);
    expect(decide(21)).toEqual(a);
    expect(decide(22)).not.toEqual(a);
  });

  it('keeps its base, arms, decisions and last proposal across a restart, and decides on as if it had never stopped', () => {
    const straight = world();
    straight.governance.updateSettings({ autoApplyPaper: true, cooloffMinutes: 0 });
    configure(straight, { arms: ARMS, algorithm: 'thompson', seed: 8 });
    const expected = run(straight, 30);
    straight.close();

    const first = world();
    first.governance.updateSettings({ autoApplyPaper: true, cooloffMinutes: 0 });
    configure(first, { arms: ARMS, algorithm: 'thompson', seed: 8 });
    const rng = createRng(42);
    const before = run(first, 12, rng);
    const state = first.store.bandit();
    first.close();
    const again = world({ controlPath: first.controlPath, engine: first.engine, trades: first.trades });
    expect(again.store.bandit()).toEqual(state);
    expect(before.concat(run(again, 18, rng))).toEqual(expected);
    again.close();
  });
});

describe('live mode', () => {
  it('is refused unless the trader allows it: a manual decision is forbidden, a scheduled one recorded as refused', () => {
    const w = world({ mode: 'live' });
    configure(w, { arms: ARMS });
    w.trade(100);
    expect(() => w.bandit.step('manual')).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }) as Error);
    expect(w.bandit.step('trades')).toMatchObject({ outcome: 'refused', proposal: null });
    expect(w.governance.list(undefined, 10)).toHaveLength(0);
    configure(w, { allowLive: true });
    const r = w.bandit.step('manual');
    expect(r.outcome).toBe('proposed');
    // In live a passed gate is not applied by itself: the trader applies it with a confirmation token.
    w.governance.updateSettings({ autoApplyPaper: true, cooloffMinutes: 0 });
    passGate(w, r.proposal!.id);
    expect(w.governance.get(r.proposal!.id).status).toBe('gate_passed');
    expect(w.bandit.view().inForceArm).toBe(0);
    w.close();
  });
});

describe('on the daemon’s trade events', () => {
  it('decides after every tradesPerStep closed trades when enabled, and not when disabled', async () => {
    const w = world();
    const events = new EventBus(() => 0);
    const detach = w.bandit.attach(events);
    configure(w, { arms: ARMS, tradesPerStep: 3 });
    const closed = async (n: number): Promise<void> => {
      for (let i = 0; i < n; i++) {
        w.trade(500);
        events.publish('trade.closed', { tradeId: `t${i}` });
        await new Promise((resolve) => setImmediate(resolve));
      }
    };
    await closed(4);
    expect(w.store.steps(10)).toHaveLength(0);
    configure(w, { enabled: true });
    // Enabled: the four trades since the configuration are already enough, so the next one decides.
    await closed(1);
    const steps = w.store.steps(10);
    expect(steps).toHaveLength(1);
    expect(steps[0]).toMatchObject({ trigger: 'trades', outcome: 'proposed', arm: 1 });
    await closed(2);
    expect(w.store.steps(10)).toHaveLength(1);
    await closed(1);
    expect(w.store.steps(10)).toHaveLength(2);
    // Its proposal is still gating: it waits.
    expect(w.store.steps(10)[0]).toMatchObject({ trigger: 'trades', outcome: 'waiting' });
    detach();
    w.close();
  });
});
