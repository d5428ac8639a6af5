/** The control database: parameter versions, daily risk state, open positions, the audit log and engine key/value state. */
import type Database from 'better-sqlite3';
import { openDb } from './open-db.js';

/** Which trade book a position belongs to. */
export type BookName = 'auto' | 'manual';

/** A parameter set, keyed by its content version hash. */
export interface ParamsVersionRecord {
  readonly version: string;
  readonly preset: string;
  readonly paramsJson: string;
  readonly createdTs: number;
  /** Where it came from (e.g. preset, file, tuner, experiment). */
  readonly source: string;
}

export interface DailyRiskRecord {
  /** Exchange trading date, YYYY-MM-DD. */
  readonly date: string;
  readonly snapshotJson: string;
  readonly updatedTs: number;
}

export interface PositionRecord {
  readonly book: BookName;
  readonly tradeId: string;
  readonly snapshotJson: string;
  readonly updatedTs: number;
}

export interface AuditEntry {
  readonly seq: number;
  readonly ts: number;
  /** Who acted: a human surface (cli, mcp, rest), or the engine. */
  readonly actor: string;
  readonly action: string;
  readonly detailJson: string;
}

export interface EngineStateValue {
  readonly value: string;
  readonly updatedTs: number;
}

const PARAMS_COLUMNS = 'version, preset, params_json AS paramsJson, created_ts AS createdTs, source';
const POSITION_COLUMNS = 'book, trade_id AS tradeId, snapshot_json AS snapshotJson, updated_ts AS updatedTs';

export class ControlStore {
  private readonly saveParamsStmt: Database.Statement<[ParamsVersionRecord]>;
  private readonly getParamsStmt: Database.Statement<[string], ParamsVersionRecord>;
  private readonly listParamsStmt: Database.Statement<[], ParamsVersionRecord>;
  private readonly putDailyRiskStmt: Database.Statement<[string, string, number]>;
  private readonly getDailyRiskStmt: Database.Statement<[string], DailyRiskRecord>;
  private readonly putPositionStmt: Database.Statement<[PositionRecord]>;
  private readonly deletePositionStmt: Database.Statement<[BookName, string]>;
  private readonly listPositionsStmt: Database.Statement<[], PositionRecord>;
  private readonly listBookPositionsStmt: Database.Statement<[BookName], PositionRecord>;
  private readonly appendAuditStmt: Database.Statement<[Omit<AuditEntry, 'seq'>]>;
  private readonly listAuditStmt: Database.Statement<[number], AuditEntry>;
  private readonly getStateStmt: Database.Statement<[string], EngineStateValue>;
  private readonly setStateStmt: Database.Statement<[string, string, number]>;

  private constructor(private readonly db: Database.Database) {
    this.saveParamsStmt = db.prepare(
      `INSERT INTO params_versions (version, preset, params_json, created_ts, source)
       VALUES (@version, @preset, @paramsJson, @createdTs, @source) ON CONFLICT (version) DO NOTHING`,
    );
    this.getParamsStmt = db.prepare(`SELECT ${PARAMS_COLUMNS} FROM params_versions WHERE version = ?`);
    this.listParamsStmt = db.prepare(`SELECT ${PARAMS_COLUMNS} FROM params_versions ORDER BY created_ts, version`);
    this.putDailyRiskStmt = db.prepare(
      `INSERT INTO daily_risk (trading_date, snapshot_json, updated_ts) VALUES (?, ?, ?)
       ON CONFLICT (trading_date) DO UPDATE SET snapshot_json = excluded.snapshot_json, updated_ts = excluded.updated_ts`,
    );
    this.getDailyRiskStmt = db.prepare('SELECT trading_date AS date, snapshot_json AS snapshotJson, updated_ts AS updatedTs FROM daily_risk WHERE trading_date = ?');
    this.putPositionStmt = db.prepare(
      `INSERT INTO positions (book, trade_id, snapshot_json, updated_ts) VALUES (@book, @tradeId, @snapshotJson, @updatedTs)
       ON CONFLICT (book, trade_id) DO UPDATE SET snapshot_json = excluded.snapshot_json, updated_ts = excluded.updated_ts`,
    );
    this.deletePositionStmt = db.prepare('DELETE FROM positions WHERE book = ? AND trade_id = ?');
    this.listPositionsStmt = db.prepare(`SELECT ${POSITION_COLUMNS} FROM positions ORDER BY book, trade_id`);
    this.listBookPositionsStmt = db.prepare(`SELECT ${POSITION_COLUMNS} FROM positions WHERE book = ? ORDER BY trade_id`);
    this.appendAuditStmt = db.prepare('INSERT INTO audit_log (ts, actor, action, detail_json) VALUES (@ts, @actor, @action, @detailJson)');
    this.listAuditStmt = db.prepare('SELECT seq, ts, actor, action, detail_json AS detailJson FROM audit_log ORDER BY seq DESC LIMIT ?');
    this.getStateStmt = db.prepare('SELECT value, updated_ts AS updatedTs FROM engine_state WHERE key = ?');
    this.setStateStmt = db.prepare(
      `INSERT INTO engine_state (key, value, updated_ts) VALUES (?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_ts = excluded.updated_ts`,
    );
  }

  /** Opens (creating and migrating if needed) the control database at `path`. */
  static open(path: string): ControlStore {
    return new ControlStore(openDb(path, 'control'));
  }

  /** Stores a parameter set once: a version already stored is left as it is. Returns whether it was new. */
  saveParamsVersion(record: ParamsVersionRecord): boolean {
    return this.saveParamsStmt.run(record).changes === 1;
  }

  getParamsVersion(version: string): ParamsVersionRecord | undefined {
    return this.getParamsStmt.get(version);
  }

  /** Every stored parameter set, oldest first. */
  listParamsVersions(): ParamsVersionRecord[] {
    return this.listParamsStmt.all();
  }

  /** Replaces the risk snapshot of the exchange trading date `date` (YYYY-MM-DD). */
  putDailyRisk(date: string, snapshotJson: string, updatedTs: number): void {
    this.putDailyRiskStmt.run(date, snapshotJson, updatedTs);
  }

  getDailyRisk(date: string): DailyRiskRecord | undefined {
    return this.getDailyRiskStmt.get(date);
  }

  /** Inserts or replaces the snapshot of one open position. */
  putPosition(record: PositionRecord): void {
    this.putPositionStmt.run(record);
  }

  deletePosition(book: BookName, tradeId: string): void {
    this.deletePositionStmt.run(book, tradeId);
  }

  /** Open positions of one book, or of both (by book), each by trade id. */
  listPositions(book?: BookName): PositionRecord[] {
    return book === undefined ? this.listPositionsStmt.all() : this.listBookPositionsStmt.all(book);
  }

  /** Appends an audit entry and returns its sequence number. */
  appendAudit(entry: Omit<AuditEntry, 'seq'>): number {
    return Number(this.appendAuditStmt.run(entry).lastInsertRowid);
  }

  /** The newest `limit` audit entries, newest first. */
  listAudit(limit: number): AuditEntry[] {
    if (!Number.isSafeInteger(limit) || limit < 0) throw new RangeError(`listAudit: limit must be a non-negative integer, got ${limit}`);
    return this.listAuditStmt.all(limit);
  }

  getState(key: string): EngineStateValue | undefined {
    return this.getStateStmt.get(key);
  }

  setState(key: string, value: string, updatedTs: number): void {
    this.setStateStmt.run(key, value, updatedTs);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
