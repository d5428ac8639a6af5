/** Jobs in the control database (table `jobs`): each state change and progress update is committed as it happens. */
import type Database from 'better-sqlite3';
import type { JobChange, JobRecord, JobRepository, NewJob } from '../../app/jobs/job-ports.js';
import type { JobKind, JobProgress, JobState } from '../../app/jobs/job-types.js';
import { openDb } from './open-db.js';

const COLUMNS = `seq, id, kind, state, run_key AS runKey, input_json AS inputJson, submitted_by AS submittedBy,
  progress_fraction AS progressFraction, progress_message AS progressMessage, result_json AS resultJson, error_json AS errorJson,
  created_ts AS createdTs, started_ts AS startedTs, finished_ts AS finishedTs, updated_ts AS updatedTs`;

export class JobStore implements JobRepository {
  private readonly getStmt: Database.Statement<[string], JobRecord>;
  private readonly liveStmt: Database.Statement<[string], JobRecord>;
  private readonly insertStmt: Database.Statement<[NewJob]>;
  private readonly progressStmt: Database.Statement<[number, string, number, string]>;
  private readonly insertOrReuseTx: (job: NewJob) => { record: JobRecord; created: boolean };

  private constructor(private readonly db: Database.Database) {
    this.getStmt = db.prepare(`SELECT ${COLUMNS} FROM jobs WHERE id = ?`);
    this.liveStmt = db.prepare(`SELECT ${COLUMNS} FROM jobs WHERE run_key = ? AND state IN ('queued', 'running', 'done')`);
    this.insertStmt = db.prepare(
      `INSERT INTO jobs (id, kind, state, run_key, input_json, submitted_by, progress_fraction, progress_message, created_ts, updated_ts)
       VALUES (@id, @kind, 'queued', @runKey, @inputJson, @submittedBy, 0, 'queued', @createdTs, @createdTs)`,
    );
    this.progressStmt = db.prepare("UPDATE jobs SET progress_fraction = ?, progress_message = ?, updated_ts = ? WHERE id = ? AND state = 'running'");
    const tx = db.transaction((job: NewJob) => {
      const live = this.liveStmt.get(job.runKey);
      if (live !== undefined) return { record: live, created: false };
      this.insertStmt.run(job);
      return { record: this.getStmt.get(job.id)!, created: true };
    });
    // IMMEDIATE: another process submitting the same run key waits instead of inserting a twin.
    this.insertOrReuseTx = (job) => tx.immediate(job);
  }

  /** Opens the control database (creating and migrating it if needed). */
  static open(controlPath: string): JobStore {
    return new JobStore(openDb(controlPath, 'control'));
  }

  insertOrReuse(job: NewJob): { record: JobRecord; created: boolean } {
    return this.insertOrReuseTx(job);
  }

  get(id: string): JobRecord | undefined {
    return this.getStmt.get(id);
  }

  list(filter: { state?: JobState; kind?: JobKind; limit: number; beforeSeq?: number }): JobRecord[] {
    const conditions: [string, string | number | undefined][] = [
      ['state = ?', filter.state],
      ['kind = ?', filter.kind],
      ['seq < ?', filter.beforeSeq],
    ];
    const used = conditions.filter((c): c is [string, string | number] => c[1] !== undefined);
    const where = used.map((c) => c[0]);
    const args = used.map((c) => c[1]);
    const sql = `SELECT ${COLUMNS} FROM jobs ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ?`;
    return this.db.prepare<(string | number)[], JobRecord>(sql).all(...args, filter.limit);
  }

  move(id: string, from: JobState, to: JobState, change: JobChange): JobRecord | undefined {
    const sets = ['state = @to', 'updated_ts = @ts'];
    if (change.startedTs !== undefined) sets.push('started_ts = @startedTs');
    if (change.finishedTs !== undefined) sets.push('finished_ts = @finishedTs');
    if (change.resultJson !== undefined) sets.push('result_json = @resultJson');
    if (change.errorJson !== undefined) sets.push('error_json = @errorJson');
    if (change.progress !== undefined) sets.push('progress_fraction = @fraction', 'progress_message = @message');
    const { progress, ...rest } = change;
    const changed = this.db
      .prepare(`UPDATE jobs SET ${sets.join(', ')} WHERE id = @id AND state = @from`)
      .run({ ...rest, ...(progress === undefined ? {} : { fraction: progress.fraction, message: progress.message }), id, from, to }).changes;
    return changed === 1 ? this.getStmt.get(id) : undefined;
  }

  setProgress(id: string, progress: JobProgress, ts: number): JobRecord | undefined {
    return this.progressStmt.run(progress.fraction, progress.message, ts, id).changes === 1 ? this.getStmt.get(id) : undefined;
  }

  failActive(errorJson: string, ts: number): JobRecord[] {
    return this.db
      .prepare<[string, number, number], JobRecord>(
        `UPDATE jobs SET state = 'failed', error_json = ?, finished_ts = ?, updated_ts = ? WHERE state IN ('queued', 'running') RETURNING ${COLUMNS}`,
      )
      .all(errorJson, ts, ts);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
