/** Parameter versions, their applications and the proposals, in the control database. */
import type Database from 'better-sqlite3';
import type { Params } from '../../core/params/schema.js';
import { openDb } from './open-db.js';

export type VersionSource = 'preset' | 'human' | 'bandit' | 'llm' | 'offline' | 'agent';
export type ProposalSource = Exclude<VersionSource, 'preset'>;
export type Mode = 'paper' | 'live';

export interface ParamVersion {
  readonly id: string;
  readonly params: Params;
  readonly preset: string;
  readonly parentId: string | null;
  readonly createdTs: number;
  readonly author: string;
  readonly source: VersionSource;
  readonly why: string;
  /** Field → [before, after] against the parent (or the preset's own set). */
  readonly diff: Readonly<Record<string, readonly [unknown, unknown]>>;
  readonly mode: Mode;
}

export interface ParamApplication {
  readonly seq: number;
  readonly versionId: string;
  readonly ts: number;
  readonly by: string;
  readonly kind: 'start' | 'apply' | 'rollback';
  readonly proposalId: number | null;
  readonly mode: Mode;
}

export interface StoredProposal {
  readonly id: number;
  readonly idempotencyKey: string | null;
  readonly source: ProposalSource;
  readonly author: string;
  readonly baseVersion: string;
  readonly diff: Readonly<Record<string, unknown>>;
  readonly rationale: string;
  readonly fittedTo: string | null;
  readonly status: string;
  readonly createdTs: number;
  readonly updatedTs: number;
  readonly gateJob: string | null;
  readonly gate: Readonly<Record<string, unknown>> | null;
  readonly reason: string | null;
  readonly appliedVersion: string | null;
}

interface VersionRow {
  id: string;
  params_json: string;
  preset: string;
  parent_id: string | null;
  created_ts: number;
  author: string;
  source: string;
  why: string;
  diff_json: string;
  mode: string;
}

interface ProposalRow {
  id: number;
  idempotency_key: string | null;
  source: string;
  author: string;
  base_version: string;
  diff_json: string;
  rationale: string;
  fitted_to: string | null;
  status: string;
  created_ts: number;
  updated_ts: number;
  gate_job: string | null;
  gate_json: string | null;
  reason: string | null;
  applied_version: string | null;
}

const toVersion = (r: VersionRow): ParamVersion => ({
  id: r.id,
  params: JSON.parse(r.params_json) as Params,
  preset: r.preset,
  parentId: r.parent_id,
  createdTs: r.created_ts,
  author: r.author,
  source: r.source as VersionSource,
  why: r.why,
  diff: JSON.parse(r.diff_json) as ParamVersion['diff'],
  mode: r.mode as Mode,
});

const toProposal = (r: ProposalRow): StoredProposal => ({
  id: r.id,
  idempotencyKey: r.idempotency_key,
  source: r.source as ProposalSource,
  author: r.author,
  baseVersion: r.base_version,
  diff: JSON.parse(r.diff_json) as Record<string, unknown>,
  rationale: r.rationale,
  fittedTo: r.fitted_to,
  status: r.status,
  createdTs: r.created_ts,
  updatedTs: r.updated_ts,
  gateJob: r.gate_job,
  gate: r.gate_json === null ? null : (JSON.parse(r.gate_json) as Record<string, unknown>),
  reason: r.reason,
  appliedVersion: r.applied_version,
});

const APPLICATION_COLUMNS = 'seq, version_id AS versionId, ts, by, kind, proposal_id AS proposalId, mode';

export class GovernanceStore {
  private constructor(private readonly db: Database.Database) {}

  static open(controlPath: string): GovernanceStore {
    return new GovernanceStore(openDb(controlPath, 'control'));
  }

  /** Stores a version unless one with its id (the same parameters) exists; returns the stored one. */
  putVersion(v: ParamVersion): ParamVersion {
    this.db
      .prepare(
        `INSERT OR IGNORE INTO param_versions (id, params_json, preset, parent_id, created_ts, author, source, why, diff_json, mode)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(v.id, JSON.stringify(v.params), v.preset, v.parentId, v.createdTs, v.author, v.source, v.why, JSON.stringify(v.diff), v.mode);
    return this.version(v.id)!;
  }

  version(id: string): ParamVersion | undefined {
    const row = this.db.prepare<[string], VersionRow>('SELECT * FROM param_versions WHERE id = ?').get(id);
    return row === undefined ? undefined : toVersion(row);
  }

  /** Versions, newest first. */
  versions(limit: number): ParamVersion[] {
    return this.db.prepare<[number], VersionRow>('SELECT * FROM param_versions ORDER BY created_ts DESC, rowid DESC LIMIT ?').all(limit).map(toVersion);
  }

  recordApplication(a: Omit<ParamApplication, 'seq'>): ParamApplication {
    const info = this.db
      .prepare('INSERT INTO param_applications (version_id, ts, by, kind, proposal_id, mode) VALUES (?, ?, ?, ?, ?, ?)')
      .run(a.versionId, a.ts, a.by, a.kind, a.proposalId, a.mode);
    return { ...a, seq: Number(info.lastInsertRowid) };
  }

  /** The last application: the version in force. */
  lastApplication(): ParamApplication | undefined {
    return this.db.prepare<[], ParamApplication>(`SELECT ${APPLICATION_COLUMNS} FROM param_applications ORDER BY seq DESC LIMIT 1`).get();
  }

  applications(limit: number): ParamApplication[] {
    return this.db.prepare<[number], ParamApplication>(`SELECT ${APPLICATION_COLUMNS} FROM param_applications ORDER BY seq DESC LIMIT ?`).all(limit);
  }

  /** Inserts a proposal; with an idempotency key already used, returns the stored one instead (`created: false`). */
  insertProposal(p: Omit<StoredProposal, 'id' | 'updatedTs' | 'gateJob' | 'gate' | 'reason' | 'appliedVersion' | 'status'>): { proposal: StoredProposal; created: boolean } {
    return this.db.transaction(() => {
      if (p.idempotencyKey !== null) {
        const row = this.db.prepare<[string], ProposalRow>('SELECT * FROM proposals WHERE idempotency_key = ?').get(p.idempotencyKey);
        if (row !== undefined) return { proposal: toProposal(row), created: false };
      }
      const info = this.db
        .prepare(
          `INSERT INTO proposals (idempotency_key, source, author, base_version, diff_json, rationale, fitted_to, status, created_ts, updated_ts)
           VALUES (?, ?, ?, ?, ?, ?, ?, 'proposed', ?, ?)`,
        )
        .run(p.idempotencyKey, p.source, p.author, p.baseVersion, JSON.stringify(p.diff), p.rationale, p.fittedTo, p.createdTs, p.createdTs);
      return { proposal: this.proposal(Number(info.lastInsertRowid))!, created: true };
    })();
  }

  proposal(id: number): StoredProposal | undefined {
    const row = this.db.prepare<[number], ProposalRow>('SELECT * FROM proposals WHERE id = ?').get(id);
    return row === undefined ? undefined : toProposal(row);
  }

  /** Proposals, newest first, optionally in one state. */
  proposals(status: string | undefined, limit: number): StoredProposal[] {
    const rows =
      status === undefined
        ? this.db.prepare<[number], ProposalRow>('SELECT * FROM proposals ORDER BY id DESC LIMIT ?').all(limit)
        : this.db.prepare<[string, number], ProposalRow>('SELECT * FROM proposals WHERE status = ? ORDER BY id DESC LIMIT ?').all(status, limit);
    return rows.map(toProposal);
  }

  /**
   * Moves proposal `id` from `from` to `to` with the given fields, only if it is still in `from` (a
   * concurrent move wins); returns the updated proposal or undefined.
   */
  moveProposal(
    id: number,
    from: string,
    to: string,
    ts: number,
    patch: { readonly gateJob?: string; readonly gate?: Readonly<Record<string, unknown>>; readonly reason?: string; readonly appliedVersion?: string } = {},
  ): StoredProposal | undefined {
    const row = this.db
      .prepare<[string, number, string | null, string | null, string | null, string | null, number, string], ProposalRow>(
        `UPDATE proposals SET status = ?, updated_ts = ?, gate_job = COALESCE(?, gate_job), gate_json = COALESCE(?, gate_json),
           reason = COALESCE(?, reason), applied_version = COALESCE(?, applied_version)
         WHERE id = ? AND status = ? RETURNING *`,
      )
      .get(to, ts, patch.gateJob ?? null, patch.gate === undefined ? null : JSON.stringify(patch.gate), patch.reason ?? null, patch.appliedVersion ?? null, id, from);
    return row === undefined ? undefined : toProposal(row);
  }

  /** The latest proposal in `applied`, if any (a new apply or a rollback moves it to rolled_back). */
  appliedProposal(): StoredProposal | undefined {
    const row = this.db.prepare<[], ProposalRow>(`SELECT * FROM proposals WHERE status = 'applied' ORDER BY updated_ts DESC, id DESC LIMIT 1`).get();
    return row === undefined ? undefined : toProposal(row);
  }

  setting<T>(key: string): T | undefined {
    const row = this.db.prepare<[string], { value_json: string }>('SELECT value_json FROM governance_settings WHERE key = ?').get(key);
    return row === undefined ? undefined : (JSON.parse(row.value_json) as T);
  }

  putSetting(key: string, value: unknown, ts: number): void {
    this.db
      .prepare('INSERT INTO governance_settings (key, value_json, updated_ts) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json, updated_ts = excluded.updated_ts')
      .run(key, JSON.stringify(value), ts);
  }

  close(): void {
    this.db.close();
  }
}
