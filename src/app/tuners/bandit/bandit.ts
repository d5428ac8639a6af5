/**
 * The bandit: chooses among absolute parameter sets (arms) around a frozen base by the net P&L per lot of
 * the agent's trades made with each, and proposes a switch through governance like anyone else (source
 * `bandit`: checked, gated, and applied only as governance allows). Nothing drifts: the base never moves,
 * every arm is the base with fixed values, and it proposes only from one of its own arms to another.
 */
import { PARAM_SPECS, type ParamName } from '../../../core/params/param-spec.js';
import { paramsVersion } from '../../../core/params/params-version.js';
import { InvalidParamsError, withOverrides, type Params } from '../../../core/params/schema.js';
import type { ClosedTradeRecord, TradeFilter } from '../../../core/model/book-records.js';
import type { EventBus } from '../../events/event-bus.js';
import { AppError, invalidInput, type FieldIssue } from '../../errors.js';
import type { Governance, ProposalView } from '../../governance/governance.js';
import type { Principal } from '../../registry/operation.js';
import { DEFAULT_BANDIT_SETTINGS, type BanditArm, type BanditBook, type BanditConfigureInput, type BanditRecord, type BanditStepRecord, type StepOutcome } from './bandit-config.js';
import { chooseArm, type ArmStats } from './bandit-policy.js';
import { armStats } from './bandit-rewards.js';

export interface BanditDeps {
  readonly store: BanditBook;
  readonly governance: Pick<Governance, 'inForce' | 'propose' | 'get' | 'settings'>;
  /** Closed trades of the agent's book (never the manual one). */
  readonly trades: (filter: TradeFilter) => readonly ClosedTradeRecord[];
  /** Units per lot of a trade's contract. */
  readonly lotSize: (t: ClosedTradeRecord) => number;
  readonly mode: () => 'paper' | 'live';
  readonly feedClock: () => { readonly ts: number; readonly tradingDate: string | null } | null;
  readonly now: () => number;
  readonly log?: (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void;
}

/** An arm as surfaces show it: its values on the base, its version, and its rewards from the book now. */
export interface BanditArmView {
  readonly index: number;
  readonly diff: Readonly<Record<string, unknown>>;
  readonly version: string;
  readonly inForce: boolean;
  readonly pulls: number;
  /** Mean net P&L per lot, paise; null before its first trade. */
  readonly meanPerLot: number | null;
}

export interface BanditView {
  readonly configured: boolean;
  readonly settings: BanditRecord['settings'];
  readonly base: { readonly version: string; readonly preset: string } | null;
  readonly arms: readonly BanditArmView[];
  /** The arm whose version is in force; null when none is (then the bandit proposes nothing). */
  readonly inForceArm: number | null;
  readonly steps: number;
  readonly lastProposal: number | null;
  readonly sinceTs: number | null;
  /** Closed trades since the last decision. */
  readonly tradesSinceStep: number;
  /** Newest first. */
  readonly recentSteps: readonly BanditStepRecord[];
}

export interface StepResult {
  readonly outcome: StepOutcome;
  readonly arm: number | null;
  readonly proposal: ProposalView | null;
  readonly note: string;
}

/** Proposals still on their way: the bandit waits for them before it decides again. */
const PENDING = new Set(['proposed', 'gating', 'gate_passed', 'approved']);

const rupeesOf = (paise: number): string => `₹${(paise / 100).toFixed(2)}`;

/** Field → [i's value, j's value] for every numeric field where two sets differ by more than the step limit. */
function tooFar(a: Params, b: Params, fields: readonly string[], fraction: number): { field: string; step: number; limit: number }[] {
  const out: { field: string; step: number; limit: number }[] = [];
  for (const f of fields) {
    const spec = PARAM_SPECS[f as ParamName];
    if (spec.type !== 'number' && spec.type !== 'int') continue;
    const limit = fraction * (spec.max - spec.min);
    const step = Math.abs((a[f as ParamName] as number) - (b[f as ParamName] as number));
    if (step > limit + 1e-9) out.push({ field: f, step, limit });
  }
  return out;
}

/**
 * The arms on `base`: arm 0 is the base; each given diff must make a valid set other than the base and the
 * other arms, and every two arms must lie within one step (the step limit) of each other, so that any switch
 * is a proposal governance accepts.
 */
function checkArms(base: Params, diffs: readonly Record<string, unknown>[], fraction: number): BanditArm[] {
  const zero: ArmStats = { pulls: 0, rewardSum: 0, rewardSqSum: 0 };
  const arms: BanditArm[] = [{ index: 0, diff: {}, version: paramsVersion(base), stats: zero }];
  const sets: Params[] = [base];
  const issues: FieldIssue[] = [];
  diffs.forEach((diff, i) => {
    let params: Params;
    try {
      params = withOverrides(base, diff);
    } catch (e) {
      if (!(e instanceof InvalidParamsError)) throw e;
      issues.push(...e.issues.map((x) => ({ field: x.field === '(root)' ? `arms.${i}` : `arms.${i}.${x.field}`, rule: x.message })));
      return;
    }
    const version = paramsVersion(params);
    const same = arms.findIndex((a) => a.version === version);
    if (same >= 0) {
      issues.push({ field: `arms.${i}`, rule: same === 0 ? 'is the base itself (arm 0 is always the base)' : `is the same parameter set as arm ${same}` });
      return;
    }
    arms.push({ index: arms.length, diff: { ...diff }, version, stats: zero });
    sets.push(params);
  });
  if (issues.length > 0) throw invalidInput(issues);
  const fields = [...new Set(arms.flatMap((a) => Object.keys(a.diff)))];
  for (let j = 1; j < sets.length; j++) {
    for (let i = 0; i < j; i++) {
      for (const far of tooFar(sets[i]!, sets[j]!, fields, fraction)) {
        issues.push({
          field: `arms.${j - 1}.${far.field}`,
          rule: `lies ${+far.step.toPrecision(6)} from arm ${i}; a switch between them would break the step limit of ${+far.limit.toPrecision(6)} (${fraction * 100}% of the range): every two arms must lie within one step`,
        });
      }
    }
  }
  if (issues.length > 0) throw invalidInput(issues);
  return arms;
}

export class Bandit {
  private scheduled = false;

  constructor(private readonly d: BanditDeps) {}

  view(stepLimit = 20): BanditView {
    const r = this.d.store.bandit();
    if (r === undefined) {
      return { configured: false, settings: DEFAULT_BANDIT_SETTINGS, base: null, arms: [], inForceArm: null, steps: 0, lastProposal: null, sinceTs: null, tradesSinceStep: 0, recentSteps: [] };
    }
    const inForce = this.d.governance.inForce()?.id ?? null;
    const { stats } = this.rewards(r);
    return {
      configured: true,
      settings: r.settings,
      base: { version: r.base.version, preset: r.base.preset },
      arms: r.arms.map((a, i) => ({
        index: a.index,
        diff: a.diff,
        version: a.version,
        inForce: a.version === inForce,
        pulls: stats[i]!.pulls,
        meanPerLot: stats[i]!.pulls === 0 ? null : stats[i]!.rewardSum / stats[i]!.pulls,
      })),
      inForceArm: r.arms.find((a) => a.version === inForce)?.index ?? null,
      steps: r.steps,
      lastProposal: r.lastProposal,
      sinceTs: r.sinceTs,
      tradesSinceStep: this.tradesSinceStep(r),
      recentSteps: this.d.store.steps(stepLimit),
    };
  }

  /** Changes the settings; with `arms`, freezes the version in force as the base and starts afresh (the trader only: the operation's scope). */
  configure(input: BanditConfigureInput, by: Principal): BanditView {
    const prior = this.d.store.bandit();
    const { arms, ...patch } = input;
    const settings = { ...DEFAULT_BANDIT_SETTINGS, ...prior?.settings, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) };
    const now = this.d.now();
    let next: BanditRecord;
    if (arms !== undefined) {
      const base = this.d.governance.inForce();
      if (base === null) throw new AppError('CONFLICT', 'the engine has not been started: the bandit freezes the version in force as its base, and there is none yet');
      const feedTs = this.d.feedClock()?.ts ?? 0;
      next = {
        settings,
        base: { version: base.id, preset: base.preset, params: base.params },
        arms: checkArms(base.params, arms, this.d.governance.settings().maxStepFraction),
        sinceTs: feedTs,
        steps: 0,
        lastStepFeedTs: feedTs,
        lastProposal: null,
        configuredTs: now,
        updatedTs: now,
      };
    } else {
      if (prior === undefined) throw invalidInput([{ field: 'arms', rule: 'required the first time: the parameter sets the bandit chooses between' }]);
      next = { ...prior, settings, updatedTs: now };
    }
    this.d.store.putBandit(next);
    this.d.log?.('info', 'bandit configured', { by: by.name, base: next.base.version, arms: next.arms.length, enabled: next.settings.enabled, algorithm: next.settings.algorithm });
    return this.view();
  }

  /**
   * Decides now: waits while its last switch is still on its way, refuses when the version in force is none
   * of its arms (it never proposes from a set it did not make), else chooses an arm by the policy and, when
   * that is not the arm in force, proposes the switch. In live without allowLive a manual call is FORBIDDEN
   * and a scheduled one is recorded as refused.
   */
  step(trigger: 'manual' | 'trades'): StepResult {
    const r = this.d.store.bandit();
    if (r === undefined) throw new AppError('CONFLICT', 'the bandit is not configured: POST /api/v1/bandit with its arms first');
    const feed = this.d.feedClock();
    const feedTs = feed?.ts ?? r.lastStepFeedTs;
    const refuse = (note: string, patch: Partial<BanditRecord> = {}): StepResult => this.record({ ...r, ...patch }, trigger, feedTs, { outcome: 'refused', arm: null, proposal: null, note });
    if (this.d.mode() === 'live' && !r.settings.allowLive) {
      const rule = 'live mode: the bandit decides only in paper unless the trader allows it in live (allowLive)';
      if (trigger === 'manual') throw new AppError('FORBIDDEN', rule, { hint: 'POST /api/v1/bandit {"allowLive": true} (the trader only)' });
      return refuse(rule);
    }
    const current = this.d.governance.inForce();
    if (current === null) return refuse('the engine has not been started');
    const from = r.arms.find((a) => a.version === current.id);
    if (from === undefined) {
      return refuse(`the version in force (${current.id}) is none of the bandit’s arms around its frozen base ${r.base.version}: it proposes only from one of its arms to another (roll back to one of them, or configure the bandit again)`);
    }
    if (r.lastProposal !== null) {
      const last = this.proposal(r.lastProposal);
      if (last !== null && PENDING.has(last.status)) return this.record(r, trigger, feedTs, { outcome: 'waiting', arm: null, proposal: null, note: `waiting on its proposal ${last.id} (${last.status})` });
    }
    const { stats, skipped } = this.rewards(r);
    const choice = chooseArm(r.settings.algorithm, stats, r.settings.seed, r.steps, from.index);
    const decided: BanditRecord = { ...r, arms: r.arms.map((a, i) => ({ ...a, stats: stats[i]! })), steps: r.steps + 1, lastStepFeedTs: feedTs };
    const summary = `${choice.why}; rewards (net P&L per lot since the configuration): ${stats.map((s, i) => `arm ${i} ${s.pulls === 0 ? 'no trades' : `${rupeesOf(s.rewardSum / s.pulls)} over ${s.pulls}`}`).join(', ')}${skipped > 0 ? `; ${skipped} trade(s) without a known lot size left out` : ''}`;
    if (choice.arm === from.index) return this.record(decided, trigger, feedTs, { outcome: 'stayed', arm: choice.arm, proposal: null, note: `stays on arm ${choice.arm}: ${summary}` });

    const to = r.arms[choice.arm]!;
    const diff = this.switchDiff(current.params, r, to);
    const rationale = `Bandit (${r.settings.algorithm}) decision ${r.steps + 1}: switch from arm ${from.index} to arm ${to.index} (${describe(to, r.base.params)}). Arms are absolute sets on the frozen base ${r.base.version}. ${summary}.`;
    try {
      const { proposal } = this.d.governance.propose(
        { diff, rationale, ...(feed?.tradingDate == null ? {} : { fittedTo: feed.tradingDate }), idempotencyKey: `bandit-${r.configuredTs}-${r.steps}` },
        'bandit',
        'bandit',
      );
      return this.record({ ...decided, lastProposal: proposal.id }, trigger, feedTs, { outcome: 'proposed', arm: to.index, proposal, note: `proposed arm ${to.index} as proposal ${proposal.id}: ${summary}` });
    } catch (e) {
      if (!(e instanceof AppError) || e.code === 'INTERNAL') throw e;
      return this.record(decided, trigger, feedTs, { outcome: 'refused', arm: to.index, proposal: null, note: `governance refused the switch to arm ${to.index}: ${e.message}` });
    }
  }

  /** Decides after every `tradesPerStep` closed trades of the agent while enabled (from the daemon's trade.closed events, off the tick's call stack). Returns the unsubscribe. */
  attach(events: EventBus): () => void {
    return events.subscribe((e) => {
      if (e.type !== 'trade.closed' || this.scheduled) return;
      const r = this.d.store.bandit();
      if (r === undefined || !r.settings.enabled || this.tradesSinceStep(r) < r.settings.tradesPerStep) return;
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        try {
          const out = this.step('trades');
          this.d.log?.('info', `bandit: ${out.outcome}`, { arm: out.arm, proposal: out.proposal?.id ?? null, note: out.note });
        } catch (err) {
          this.d.log?.('error', 'bandit step failed', { error: err instanceof Error ? err.message : String(err) });
        }
      });
    });
  }

  /** The diff that puts `to` in force from the version in force (another of the arms): every arm field set to `to`'s value where it differs. */
  private switchDiff(current: Params, r: BanditRecord, to: BanditArm): Record<string, unknown> {
    const target = withOverrides(r.base.params, to.diff);
    const fields = new Set(r.arms.flatMap((a) => Object.keys(a.diff)));
    const diff: Record<string, unknown> = {};
    for (const f of fields) {
      const k = f as ParamName;
      if (JSON.stringify(current[k]) !== JSON.stringify(target[k])) diff[f] = target[k];
    }
    // The arm's set exactly, never a blend: what governance applies must be the arm's version.
    if (paramsVersion(withOverrides(current, diff)) !== to.version) throw new Error(`bandit: the switch to arm ${to.index} would not make its version ${to.version}`);
    return diff;
  }

  private rewards(r: BanditRecord): { stats: ArmStats[]; skipped: number } {
    return armStats(
      r.arms.map((a) => a.version),
      this.d.trades({ fromTs: r.sinceTs }),
      this.d.lotSize,
    );
  }

  private tradesSinceStep(r: BanditRecord): number {
    return this.d.trades({ fromTs: r.lastStepFeedTs + 1 }).length;
  }

  private proposal(id: number): ProposalView | null {
    try {
      return this.d.governance.get(id);
    } catch (e) {
      if (e instanceof AppError && e.code === 'NOT_FOUND') return null;
      throw e;
    }
  }

  private record(next: BanditRecord, trigger: 'manual' | 'trades', feedTs: number, out: StepResult): StepResult {
    this.d.store.putBandit({ ...next, updatedTs: this.d.now() });
    this.d.store.addStep({ step: next.steps, ts: this.d.now(), feedTs, trigger, outcome: out.outcome, arm: out.arm, proposalId: out.proposal?.id ?? null, note: out.note });
    return out;
  }
}

const describe = (arm: BanditArm, base: Params): string =>
  Object.keys(arm.diff).length === 0
    ? 'the base'
    : Object.entries(arm.diff)
        .map(([k, v]) => `${k} ${String(base[k as ParamName])} → ${String(v)}`)
        .join(', ');
