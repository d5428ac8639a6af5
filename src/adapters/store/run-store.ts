/** Stored backtest results in the control database, keyed by run key, so a repeated run returns the stored result. */
import type Database from 'better-sqlite3';
import { openDb } from './open-db.js';

export interface StoredRun {
  readonly runKey: string;
  readonly createdTs: number;
  readonly dataset: string;
  readonly dataHash: string;
  readonly paramsVersion: string;
  readonly seed: number;
  readonly codeVersion: string;
  readonly resultJson: string;
}

export class RunStore {
  private readonly getStmt: Database.Statement<[string], StoredRun>;
  private readonly putStmt: Database.Statement<[StoredRun]>;
  private readonly listStmt: Database.Statement<[number], StoredRun>;

  private constructor(private readonly db: Database.Database) {
    const cols =
      'run_key AS runKey, created_ts AS createdTs, dataset, data_hash AS dataHash, params_version AS paramsVersion, seed, code_version AS codeVersion, result_json AS resultJson';
    this.getStmt = db.prepare(`SELECT ${cols} FROM backtest_runs WHERE run_key = ?`);
    this.listStmt = db.prepare(`SELECT ${cols} FROM backtest_runs ORDER BY created_ts DESC, run_key LIMIT ?`);
    this.putStmt = db.prepare(
      `INSERT INTO backtest_runs (run_key, created_ts, dataset, data_hash, params_version, seed, code_version, result_json)
       VALUES (@runKey, @createdTs, @dataset, @dataHash, @paramsVersion, @seed, @codeVersion, @resultJson)
       ON CONFLICT(run_key) DO NOTHING`,
    );
  }

  /** Opens the control database (creating and migrating it if needed). */
  static open(controlPath: string): RunStore {
    return new RunStore(openDb(controlPath, 'control'));
  }

  get(runKey: string): StoredRun | undefined {
    return this.getStmt.get(runKey);
  }

  /** Stores a result; a run key already stored keeps its first result (results are deterministic). */
  put(run: StoredRun): void {
    this.putStmt.run(run);
  }

  list(limit: number): StoredRun[] {
    return this.listStmt.all(limit);
  }

  close(): void {
    this.db.close();
  }
}
