/** The experiment queue in the control database: submit (idempotent by key), claim the next idea atomically, record results. */
import type Database from 'better-sqlite3';
import type { Experiment, ExperimentIdea, ExperimentOrigin, ExperimentReview, ExperimentStatus, StageResult } from '../../experiments/experiment-idea.js';
import { openDb } from './open-db.js';

interface Row {
  id: number;
  idempotency_key: string;
  title: string;
  hypothesis: string;
  overrides_json: string;
  base_preset: string;
  dataset: string;
  target_metric: string;
  budget_json: string;
  submitter: string;
  origin: string;
  status: string;
  created_ts: number;
  updated_ts: number;
  quick_json: string | null;
  validation_json: string | null;
  reason: string | null;
  review_json: string | null;
}

function toExperiment(r: Row): Experiment {
  return {
    id: r.id,
    idempotencyKey: r.idempotency_key,
    title: r.title,
    hypothesis: r.hypothesis,
    overrides: JSON.parse(r.overrides_json) as Record<string, unknown>,
    basePreset: r.base_preset,
    dataset: r.dataset,
    targetMetric: r.target_metric as Experiment['targetMetric'],
    budget: JSON.parse(r.budget_json) as Experiment['budget'],
    submitter: r.submitter,
    origin: r.origin as ExperimentOrigin,
    status: r.status as ExperimentStatus,
    createdTs: r.created_ts,
    updatedTs: r.updated_ts,
    quick: r.quick_json === null ? null : (JSON.parse(r.quick_json) as StageResult),
    validation: r.validation_json === null ? null : (JSON.parse(r.validation_json) as StageResult),
    reason: r.reason,
    review: r.review_json === null ? null : (JSON.parse(r.review_json) as ExperimentReview),
  };
}

/** Refused submission: the idempotency key already names a different idea. */
export class IdempotencyConflict extends Error {
  constructor(readonly key: string) {
    super(`idempotencyKey: "${key}" was already used for a different idea`);
    this.name = 'IdempotencyConflict';
  }
}

export class ExperimentStore {
  private constructor(private readonly db: Database.Database) {}

  static open(controlPath: string): ExperimentStore {
    return new ExperimentStore(openDb(controlPath, 'control'));
  }

  /**
   * Queues an idea as `pending`. The same key with the same content returns the stored experiment
   * (`created: false`); the same key with different content throws IdempotencyConflict and stores nothing.
   */
  submit(idea: ExperimentIdea, origin: ExperimentOrigin, ts: number): { experiment: Experiment; created: boolean } {
    return this.db.transaction(() => {
      const existing = this.db.prepare<[string], Row>('SELECT * FROM experiments WHERE idempotency_key = ?').get(idea.idempotencyKey);
      if (existing !== undefined) {
        const same =
          existing.title === idea.title &&
          existing.hypothesis === idea.hypothesis &&
          existing.overrides_json === JSON.stringify(idea.overrides) &&
          existing.base_preset === idea.basePreset &&
          existing.dataset === idea.dataset &&
          existing.target_metric === idea.targetMetric &&
          existing.budget_json === JSON.stringify(idea.budget) &&
          existing.submitter === idea.submitter;
        if (!same) throw new IdempotencyConflict(idea.idempotencyKey);
        return { experiment: toExperiment(existing), created: false };
      }
      const info = this.db
        .prepare(
          `INSERT INTO experiments (idempotency_key, title, hypothesis, overrides_json, base_preset, dataset, target_metric, budget_json, submitter, origin, status, created_ts, updated_ts)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)`,
        )
        .run(
          idea.idempotencyKey,
          idea.title,
          idea.hypothesis,
          JSON.stringify(idea.overrides),
          idea.basePreset,
          idea.dataset,
          idea.targetMetric,
          JSON.stringify(idea.budget),
          idea.submitter,
          origin,
          ts,
          ts,
        );
      return { experiment: this.get(Number(info.lastInsertRowid))!, created: true };
    })();
  }

  get(id: number): Experiment | undefined {
    const row = this.db.prepare<[number], Row>('SELECT * FROM experiments WHERE id = ?').get(id);
    return row === undefined ? undefined : toExperiment(row);
  }

  list(status?: ExperimentStatus, limit = 1000): Experiment[] {
    const rows =
      status === undefined
        ? this.db.prepare<[number], Row>('SELECT * FROM experiments ORDER BY id LIMIT ?').all(limit)
        : this.db.prepare<[string, number], Row>('SELECT * FROM experiments WHERE status = ? ORDER BY id LIMIT ?').all(status, limit);
    return rows.map(toExperiment);
  }

  /** Atomically moves the oldest experiment in `from` to `to` and returns it (undefined when none is waiting). */
  claim(from: 'pending' | 'passed_quick', to: 'running' | 'validating', ts: number): Experiment | undefined {
    const row = this.db
      .prepare<[{ to: string; ts: number; from: string }], Row>(
        `UPDATE experiments SET status = @to, updated_ts = @ts
         WHERE id = (SELECT id FROM experiments WHERE status = @from ORDER BY id LIMIT 1)
         RETURNING *`,
      )
      .get({ to, ts, from });
    return row === undefined ? undefined : toExperiment(row);
  }

  /** Records a stage's result and the new status. */
  record(id: number, stage: 'quick' | 'validation', result: StageResult | null, status: ExperimentStatus, reason: string, ts: number): void {
    const column = stage === 'quick' ? 'quick_json' : 'validation_json';
    this.db
      .prepare(`UPDATE experiments SET ${column} = ?, status = ?, reason = ?, updated_ts = ? WHERE id = ?`)
      .run(result === null ? null : JSON.stringify(result), status, reason, ts, id);
  }

  /**
   * Stores a review if the experiment is still in `expected` (so a stage that just moved it wins the race),
   * and moves it to `status` with `reason` when given. Returns the updated experiment, or undefined when it
   * was no longer in `expected`.
   */
  review(id: number, expected: ExperimentStatus, review: ExperimentReview, move: { readonly status: ExperimentStatus; readonly reason: string } | null): Experiment | undefined {
    const row = this.db
      .prepare<[string, string | null, string | null, number, number, string], Row>(
        `UPDATE experiments SET review_json = ?, status = COALESCE(?, status), reason = COALESCE(?, reason), updated_ts = ?
         WHERE id = ? AND status = ? RETURNING *`,
      )
      .get(JSON.stringify(review), move?.status ?? null, move?.reason ?? null, review.ts, id, expected);
    return row === undefined ? undefined : toExperiment(row);
  }

  /** After a crash, work that was running goes back to the queue it came from. */
  requeueInterrupted(ts: number): number {
    const a = this.db.prepare(`UPDATE experiments SET status = 'pending', updated_ts = ? WHERE status = 'running'`).run(ts).changes;
    const b = this.db.prepare(`UPDATE experiments SET status = 'passed_quick', updated_ts = ? WHERE status = 'validating'`).run(ts).changes;
    return a + b;
  }

  close(): void {
    this.db.close();
  }
}
