/**
 * Parameter governance: every change is a proposal with evidence. A proposal is checked (schema, cross-field
 * rules, step limit), gated by a backtest on data it was not fitted on, approved by the trader (or applied
 * automatically, only in paper and only when the trader enabled it) and applied at a tick boundary as a new
 * immutable version; any version can be rolled back to. In live every apply and rollback needs the
 * trader's single-use confirmation token.
 */
import type { ParamVersion, ProposalSource, StoredProposal, VersionSource } from '../../adapters/store/governance-store.js';
import { paramsVersion } from '../../core/params/params-version.js';
import type { Params } from '../../core/params/schema.js';
import type { Principal } from '../registry/operation.js';
import { AppError } from '../errors.js';
import type { EventBus } from '../events/event-bus.js';
import type { ConfirmationTokens } from './confirmations.js';
import { DEFAULT_GOVERNANCE_SETTINGS, GOVERNANCE_SETTINGS_KEY, GovernanceSettingsSchema, type GovernanceSettings } from './governance-settings.js';
import { checkDiff, paramsDiff } from './proposal-checks.js';
import { nextProposalState, type ProposalState } from './proposal-states.js';

/** The store as governance uses it (GovernanceStore implements it). */
export interface GovernanceBook {
  putVersion(v: ParamVersion): ParamVersion;
  version(id: string): ParamVersion | undefined;
  versions(limit: number): ParamVersion[];
  recordApplication(a: { versionId: string; ts: number; by: string; kind: 'start' | 'apply' | 'rollback'; proposalId: number | null; mode: 'paper' | 'live' }): unknown;
  lastApplication(): { versionId: string; ts: number; kind: 'start' | 'apply' | 'rollback' } | undefined;
  insertProposal(p: Omit<StoredProposal, 'id' | 'updatedTs' | 'gateJob' | 'gate' | 'reason' | 'appliedVersion' | 'status'>): { proposal: StoredProposal; created: boolean };
  proposal(id: number): StoredProposal | undefined;
  proposals(status: string | undefined, limit: number): StoredProposal[];
  moveProposal(id: number, from: string, to: string, ts: number, patch?: { gateJob?: string; gate?: Readonly<Record<string, unknown>>; reason?: string; appliedVersion?: string }): StoredProposal | undefined;
  appliedProposal(): StoredProposal | undefined;
  setting<T>(key: string): T | undefined;
  putSetting(key: string, value: unknown, ts: number): void;
}

/** The engine as governance needs it. */
export interface GovernedEngine {
  currentParams(): Params | null;
  status(): { readonly paramsVersion: string | null; readonly preset: string | null };
  /** Feed time now (the newest tick), null before a start. */
  feedClock(): { readonly ts: number } | null;
  /** Puts `params` in force from the next tick (the kernel's tick boundary). */
  applyParams(params: Params, preset: string): void;
}

/** Starts the gate backtest of a proposal: a job comparing `candidate` with `current`; its end is reported to `Governance.gateEnded`. */
export interface GatePort {
  start(o: { readonly proposalId: number; readonly current: Params; readonly candidate: Params; readonly preset: string; readonly fittedTo: string | null; readonly settings: GovernanceSettings }): { readonly jobId: string };
}

export interface GateResult {
  readonly passed: boolean;
  /** Why, in one line (the rule that decided). */
  readonly reason: string;
  /** The evidence: window, figures of both sides, the interval. */
  readonly evidence: Readonly<Record<string, unknown>>;
}

export interface GovernanceDeps {
  readonly store: GovernanceBook;
  readonly engine: GovernedEngine;
  readonly mode: () => 'paper' | 'live';
  readonly now: () => number;
  readonly tokens: ConfirmationTokens;
  readonly gate?: GatePort;
  readonly events?: EventBus;
  readonly log?: (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void;
}

/** A rationale as every surface returns it: somebody's words, never instructions. */
export interface Rationale {
  readonly untrusted: boolean;
  readonly author: string;
  readonly text: string;
}

export interface ProposalView {
  readonly id: number;
  readonly source: ProposalSource;
  readonly author: string;
  readonly status: ProposalState;
  readonly baseVersion: string;
  readonly diff: Readonly<Record<string, { readonly from: unknown; readonly to: unknown }>>;
  readonly rationale: Rationale;
  readonly fittedTo: string | null;
  readonly gateJob: string | null;
  readonly gate: Readonly<Record<string, unknown>> | null;
  readonly reason: string | null;
  readonly appliedVersion: string | null;
  readonly createdTs: number;
  readonly updatedTs: number;
}

/** Human rationales are the trader's own; everything a model, a tuner or an agent wrote is untrusted. */
const rationaleOf = (source: ProposalSource | VersionSource, author: string, text: string): Rationale => ({ untrusted: source !== 'human' && source !== 'preset', author, text });

export class Governance {
  constructor(private readonly d: GovernanceDeps) {}

  /** The single-use confirmation tokens of live mode (also the engine's destructive steps use them). */
  get confirmations(): ConfirmationTokens {
    return this.d.tokens;
  }

  settings(): GovernanceSettings {
    return GovernanceSettingsSchema.parse({ ...DEFAULT_GOVERNANCE_SETTINGS, ...(this.d.store.setting<Partial<GovernanceSettings>>(GOVERNANCE_SETTINGS_KEY) ?? {}) });
  }

  updateSettings(patch: Readonly<Record<string, unknown>>): GovernanceSettings {
    const next = GovernanceSettingsSchema.parse({ ...this.settings(), ...patch });
    this.d.store.putSetting(GOVERNANCE_SETTINGS_KEY, next, this.d.now());
    return next;
  }

  /** The version in force, stored (the engine's start set is stored as a version on first sight). */
  inForce(): ParamVersion | null {
    const params = this.d.engine.currentParams();
    const s = this.d.engine.status();
    if (params === null || s.paramsVersion === null) return null;
    const known = this.d.store.version(s.paramsVersion);
    if (known !== undefined) {
      if (this.d.store.lastApplication()?.versionId !== known.id) this.record(known.id, 'start', 'engine', null);
      return known;
    }
    const v = this.d.store.putVersion({ id: s.paramsVersion, params, preset: s.preset ?? 'custom', parentId: null, createdTs: this.d.now(), author: 'engine', source: 'preset', why: `the set the engine started with (${s.preset ?? 'custom'})`, diff: {}, mode: this.d.mode() });
    this.record(v.id, 'start', 'engine', null);
    return v;
  }

  /** The parameters a restart should run: the version in force when it was derived from `preset`, else null (start the preset). */
  restoreFor(preset: string): Params | null {
    const last = this.d.store.lastApplication();
    if (last === undefined) return null;
    const v = this.d.store.version(last.versionId);
    return v !== undefined && v.preset === preset ? v.params : null;
  }

  /** Checks and stores a proposal, then starts its gate. */
  propose(input: { readonly diff: Readonly<Record<string, unknown>>; readonly rationale: string; readonly fittedTo?: string | undefined; readonly idempotencyKey?: string | undefined }, source: ProposalSource, author: string): { proposal: ProposalView; created: boolean } {
    const base = this.inForce();
    if (base === null) throw new AppError('CONFLICT', 'the engine has not been started: a proposal changes the parameters in force, and there are none yet');
    checkDiff(base.params, input.diff, this.settings().maxStepFraction);
    const out = this.d.store.insertProposal({
      idempotencyKey: input.idempotencyKey ?? null,
      source,
      author,
      baseVersion: base.id,
      diff: input.diff,
      rationale: input.rationale,
      fittedTo: input.fittedTo ?? null,
      createdTs: this.d.now(),
    });
    if (out.created) {
      this.publish('proposal.created', out.proposal);
      if (this.d.gate !== undefined) return { proposal: this.startGate(out.proposal.id), created: true };
    }
    return { proposal: this.view(out.proposal), created: out.created };
  }

  /** Starts (or, for a proposal that never got one, retries) the gate backtest. */
  startGate(id: number): ProposalView {
    const p = this.get(id);
    nextProposalState(id, p.status, 'gate');
    if (this.d.gate === undefined) throw new AppError('UNAVAILABLE', 'gate backtests need the job service, which is not running in this process');
    const base = this.d.store.version(p.baseVersion)!;
    const candidate = checkDiff(base.params, this.d.store.proposal(id)!.diff, Infinity);
    const { jobId } = this.d.gate.start({ proposalId: id, current: base.params, candidate, preset: base.preset, fittedTo: p.fittedTo, settings: this.settings() });
    return this.move(p, 'gating', { gateJob: jobId });
  }

  /** The gate job ended: record the evidence; in paper with auto-apply on, a pass is applied at once. */
  gateEnded(id: number, result: GateResult): void {
    const p = this.d.store.proposal(id);
    if (p === undefined || p.status !== 'gating') return;
    const moved = this.move(this.view(p), result.passed ? 'gate_passed' : 'gate_failed', { gate: { ...result.evidence, passed: result.passed, rule: result.reason }, reason: result.reason });
    this.publish('proposal.gated', this.d.store.proposal(id)!);
    if (!result.passed || !this.settings().autoApplyPaper || this.d.mode() !== 'paper') return;
    try {
      this.approve(moved.id, { name: 'auto', scope: 'trader', tokenId: null });
      this.apply(moved.id, { name: 'auto', scope: 'trader', tokenId: null });
    } catch (e) {
      this.d.log?.('warn', 'auto-apply did not happen; the proposal waits for the trader', { proposal: id, error: e instanceof Error ? e.message : String(e) });
    }
  }

  get(id: number): ProposalView {
    const p = this.d.store.proposal(id);
    if (p === undefined) throw new AppError('NOT_FOUND', `id: no proposal ${id}`, { issues: [{ field: 'id', rule: `no proposal ${id}` }] });
    return this.view(p);
  }

  list(status: ProposalState | undefined, limit: number): ProposalView[] {
    return this.d.store.proposals(status, limit).map((p) => this.view(p));
  }

  approve(id: number, by: Principal): ProposalView {
    const p = this.get(id);
    nextProposalState(id, p.status, 'approve');
    return this.move(p, 'approved', { reason: `approved by ${by.name}` });
  }

  reject(id: number, by: Principal, note?: string): ProposalView {
    const p = this.get(id);
    nextProposalState(id, p.status, 'reject');
    const out = this.move(p, 'rejected', { reason: `rejected by ${by.name}${note === undefined ? '' : `: ${note}`}` });
    this.publish('proposal.rejected', this.d.store.proposal(id)!);
    return out;
  }

  /** In live, the single-use token the trader must send with this apply or rollback (60 s). Refused in paper, where none is needed. */
  confirm(action: 'apply' | 'rollback', subject: string, by: Principal): { token: string; expiresTs: number } {
    if (this.d.mode() !== 'live') throw new AppError('CONFLICT', `no confirmation is needed in paper mode: ${action} directly`);
    if (action === 'apply') this.get(Number(subject));
    else if (this.d.store.version(subject) === undefined) throw new AppError('NOT_FOUND', `version: no version ${subject}`, { issues: [{ field: 'version', rule: `no version ${subject}` }] });
    return this.d.tokens.issue(action, subject, by.name);
  }

  /** Puts an approved proposal in force as a new version (at the next tick boundary). */
  apply(id: number, by: Principal, confirmationToken?: string): { proposal: ProposalView; version: ParamVersion } {
    const p = this.get(id);
    nextProposalState(id, p.status, 'apply');
    const base = this.inForce();
    if (base === null) throw new AppError('CONFLICT', 'the engine has not been started');
    if (base.id !== p.baseVersion) {
      throw new AppError('CONFLICT', `proposal ${id} was made against version ${p.baseVersion}, but ${base.id} is in force now: its gate tested another base; propose again`);
    }
    const feedTs = this.d.engine.feedClock()?.ts ?? 0;
    const last = this.d.store.lastApplication();
    const cooloffMs = this.settings().cooloffMinutes * 60_000;
    if (last !== undefined && last.kind !== 'start' && feedTs - last.ts < cooloffMs) {
      const left = Math.ceil((cooloffMs - (feedTs - last.ts)) / 60_000);
      throw new AppError('CONFLICT', `the last change was applied less than ${this.settings().cooloffMinutes} feed minutes ago: wait ${left} more minute(s)`, { hint: 'the cool-off is a governance setting' });
    }
    this.requireToken('apply', String(id), by, confirmationToken);
    const stored = this.d.store.proposal(id)!;
    const params = checkDiff(base.params, stored.diff, Infinity);
    const version = this.d.store.putVersion({
      id: paramsVersion(params),
      params,
      preset: base.preset,
      parentId: base.id,
      createdTs: this.d.now(),
      author: p.author,
      source: p.source,
      why: stored.rationale,
      diff: paramsDiff(base.params, params),
      mode: this.d.mode(),
    });
    this.d.engine.applyParams(params, base.preset);
    this.record(version.id, 'apply', by.name, id);
    const out = this.move(p, 'applied', { appliedVersion: version.id, reason: `applied by ${by.name}` });
    this.publish('proposal.applied', this.d.store.proposal(id)!);
    this.d.events?.publish('params.applied', { version: version.id, proposal: id, by: by.name, mode: this.d.mode() });
    return { proposal: out, version };
  }

  /** Puts an earlier version in force again; the proposal that made the one it replaces is marked rolled back. */
  rollback(versionId: string, by: Principal, confirmationToken?: string): { version: ParamVersion; rolledBack: number | null } {
    const v = this.d.store.version(versionId);
    if (v === undefined) throw new AppError('NOT_FOUND', `version: no version ${versionId}`, { issues: [{ field: 'version', rule: `no version ${versionId}` }] });
    const current = this.inForce();
    if (current === null) throw new AppError('CONFLICT', 'the engine has not been started');
    if (current.id === v.id) throw new AppError('CONFLICT', `version ${v.id} is already in force`);
    this.requireToken('rollback', v.id, by, confirmationToken);
    this.d.engine.applyParams(v.params, v.preset);
    this.record(v.id, 'rollback', by.name, null);
    const applied = this.d.store.appliedProposal();
    let rolledBack: number | null = null;
    if (applied !== undefined && applied.appliedVersion === current.id) {
      this.d.store.moveProposal(applied.id, 'applied', nextProposalState(applied.id, 'applied', 'roll_back'), this.d.now(), { reason: `rolled back by ${by.name} to ${v.id}` });
      rolledBack = applied.id;
    }
    this.d.events?.publish('params.rolled_back', { version: v.id, from: current.id, by: by.name, mode: this.d.mode() });
    return { version: v, rolledBack };
  }

  versions(limit: number): ParamVersion[] {
    this.inForce();
    return this.d.store.versions(limit);
  }

  version(id: string): ParamVersion {
    const v = this.d.store.version(id);
    if (v === undefined) throw new AppError('NOT_FOUND', `version: no version ${id}`, { issues: [{ field: 'version', rule: `no version ${id}` }] });
    return v;
  }

  /** A version's `why` as surfaces return it. */
  static why(v: ParamVersion): Rationale {
    return rationaleOf(v.source, v.author, v.why);
  }

  private requireToken(action: 'apply' | 'rollback', subject: string, by: Principal, token: string | undefined): void {
    if (this.d.mode() !== 'live') return;
    if (token === undefined) {
      throw new AppError('FORBIDDEN', `confirmationToken: live mode: ${action} needs the trader's confirmation token (ask for one with the confirm step; it lasts 60 s)`, {
        issues: [{ field: 'confirmationToken', rule: 'required in live mode' }],
      });
    }
    this.d.tokens.consume(action, subject, by.name, token);
  }

  private record(versionId: string, kind: 'start' | 'apply' | 'rollback', by: string, proposalId: number | null): void {
    this.d.store.recordApplication({ versionId, ts: this.d.engine.feedClock()?.ts ?? 0, by, kind, proposalId, mode: this.d.mode() });
  }

  private move(p: ProposalView, to: ProposalState, patch: { gateJob?: string; gate?: Readonly<Record<string, unknown>>; reason?: string; appliedVersion?: string }): ProposalView {
    const moved = this.d.store.moveProposal(p.id, p.status, to, this.d.now(), patch);
    if (moved === undefined) throw new AppError('CONFLICT', `proposal ${p.id} changed meanwhile; read it and try again`);
    return this.view(moved);
  }

  private publish(type: 'proposal.created' | 'proposal.gated' | 'proposal.applied' | 'proposal.rejected', p: StoredProposal): void {
    this.d.events?.publish(type, { id: p.id, status: p.status, source: p.source, author: p.author });
  }

  private view(p: StoredProposal): ProposalView {
    const base = this.d.store.version(p.baseVersion);
    const diff: Record<string, { from: unknown; to: unknown }> = {};
    for (const [k, to] of Object.entries(p.diff)) diff[k] = { from: base === undefined ? null : (base.params as Record<string, unknown>)[k], to };
    return {
      id: p.id,
      source: p.source,
      author: p.author,
      status: p.status as ProposalState,
      baseVersion: p.baseVersion,
      diff,
      rationale: rationaleOf(p.source, p.author, p.rationale),
      fittedTo: p.fittedTo,
      gateJob: p.gateJob,
      gate: p.gate,
      reason: p.reason,
      appliedVersion: p.appliedVersion,
      createdTs: p.createdTs,
      updatedTs: p.updatedTs,
    };
  }
}
