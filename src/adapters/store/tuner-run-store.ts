/** Tuner runs in the control database: one row per run, inserted running and ended once with its outcome. */
import type Database from 'better-sqlite3';
import type { TunerRun, TunerRunBook, TunerTrigger } from '../../app/tuners/tuner-service.js';
import type { TunerProvider, TunerRunRecord } from '../../app/tuners/tuner.js';
import { openDb } from './open-db.js';

interface Row {
  id: number;
  provider: string;
  model: string | null;
  base_url: string | null;
  prompt_version: string | null;
  trigger: string;
  requested_by: string;
  status: string;
  outcome: string | null;
  started_ts: number;
  ended_ts: number | null;
  latency_ms: number | null;
  input_tokens: number | null;
  output_tokens: number | null;
  closed_trades: number;
  params_version: string | null;
  notes_json: string;
  proposals_json: string;
  assessment: string | null;
}

const fromRow = (r: Row): TunerRun => ({
  id: r.id,
  provider: r.provider as TunerProvider,
  model: r.model,
  baseUrl: r.base_url,
  promptVersion: r.prompt_version,
  trigger: r.trigger as TunerTrigger,
  requestedBy: r.requested_by,
  status: r.status as 'running' | 'ended',
  outcome: r.outcome as TunerRunRecord['outcome'] | null,
  startedTs: r.started_ts,
  endedTs: r.ended_ts,
  latencyMs: r.latency_ms,
  tokens: r.input_tokens === null || r.output_tokens === null ? null : { input: r.input_tokens, output: r.output_tokens },
  closedTrades: r.closed_trades,
  paramsVersion: r.params_version,
  notes: JSON.parse(r.notes_json) as string[],
  proposals: JSON.parse(r.proposals_json) as TunerRun['proposals'],
  assessment: r.assessment,
});

export class TunerRunStore implements TunerRunBook {
  private constructor(private readonly db: Database.Database) {}

  static open(controlPath: string): TunerRunStore {
    return new TunerRunStore(openDb(controlPath, 'control'));
  }

  /** A run that starts now (status running). */
  begin(r: Parameters<TunerRunBook['begin']>[0]): TunerRun {
    const info = this.db
      .prepare(
        `INSERT INTO tuner_runs (provider, model, base_url, trigger, requested_by, status, started_ts, closed_trades, params_version, notes_json, proposals_json)
         VALUES (?, ?, ?, ?, ?, 'running', ?, ?, ?, '[]', '[]')`,
      )
      .run(r.provider, r.model, r.baseUrl, r.trigger, r.requestedBy, r.startedTs, r.closedTrades, r.paramsVersion);
    return this.get(Number(info.lastInsertRowid))!;
  }

  /** Ends a running run; false when it had already ended. */
  end(id: number, e: Parameters<TunerRunBook['end']>[1]): boolean {
    const info = this.db
      .prepare(
        `UPDATE tuner_runs SET status = 'ended', outcome = ?, ended_ts = ?, latency_ms = ?, model = COALESCE(?, model), prompt_version = ?,
           input_tokens = ?, output_tokens = ?, notes_json = ?, proposals_json = ?, assessment = ?
         WHERE id = ? AND status = 'running'`,
      )
      .run(e.outcome, e.endedTs, e.latencyMs, e.model, e.promptVersion, e.tokens?.input ?? null, e.tokens?.output ?? null, JSON.stringify(e.notes), JSON.stringify(e.proposals), e.assessment, id);
    return info.changes === 1;
  }

  get(id: number): TunerRun | undefined {
    const r = this.db.prepare<[number], Row>('SELECT * FROM tuner_runs WHERE id = ?').get(id);
    return r === undefined ? undefined : fromRow(r);
  }

  /** Newest first. */
  list(limit: number): TunerRun[] {
    return this.db.prepare<[number], Row>('SELECT * FROM tuner_runs ORDER BY id DESC LIMIT ?').all(limit).map(fromRow);
  }

  running(): TunerRun[] {
    return this.db.prepare<[], Row>(`SELECT * FROM tuner_runs WHERE status = 'running' ORDER BY id`).all().map(fromRow);
  }

  /** When the last run the schedule started began, or null. */
  lastScheduledTs(): number | null {
    const r = this.db.prepare<[], { ts: number | null }>(`SELECT MAX(started_ts) AS ts FROM tuner_runs WHERE trigger = 'schedule'`).get();
    return r?.ts ?? null;
  }

  close(): void {
    this.db.close();
  }
}
