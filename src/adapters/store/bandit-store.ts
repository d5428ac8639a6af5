/** The bandit's state (settings, frozen base, arms with their rewards) and its decisions, in the control database. */
import type Database from 'better-sqlite3';
import type { BanditBook, BanditRecord, BanditStepRecord } from '../../app/tuners/bandit/bandit-config.js';
import type { Params } from '../../core/params/schema.js';
import { openDb } from './open-db.js';

interface BanditRow {
  config_json: string;
  base_version: string;
  base_preset: string;
  base_params_json: string;
  since_ts: number;
  steps: number;
  last_step_feed_ts: number;
  last_proposal: number | null;
  configured_ts: number;
  updated_ts: number;
}

interface ArmRow {
  idx: number;
  diff_json: string;
  version: string;
  pulls: number;
  reward_sum: number;
  reward_sq_sum: number;
}

const STEP_COLUMNS = 'seq, step, ts, feed_ts AS feedTs, trigger, outcome, arm, proposal_id AS proposalId, note';

export class BanditStore implements BanditBook {
  private constructor(private readonly db: Database.Database) {}

  static open(controlPath: string): BanditStore {
    return new BanditStore(openDb(controlPath, 'control'));
  }

  bandit(): BanditRecord | undefined {
    const row = this.db.prepare<[], BanditRow>('SELECT * FROM bandit WHERE id = 1').get();
    if (row === undefined) return undefined;
    const arms = this.db.prepare<[], ArmRow>('SELECT * FROM bandit_arms ORDER BY idx').all();
    return {
      settings: JSON.parse(row.config_json) as BanditRecord['settings'],
      base: { version: row.base_version, preset: row.base_preset, params: JSON.parse(row.base_params_json) as Params },
      arms: arms.map((a) => ({
        index: a.idx,
        diff: JSON.parse(a.diff_json) as Record<string, unknown>,
        version: a.version,
        stats: { pulls: a.pulls, rewardSum: a.reward_sum, rewardSqSum: a.reward_sq_sum },
      })),
      sinceTs: row.since_ts,
      steps: row.steps,
      lastStepFeedTs: row.last_step_feed_ts,
      lastProposal: row.last_proposal,
      configuredTs: row.configured_ts,
      updatedTs: row.updated_ts,
    };
  }

  putBandit(r: BanditRecord): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT OR REPLACE INTO bandit (id, config_json, base_version, base_preset, base_params_json, since_ts, steps, last_step_feed_ts, last_proposal, configured_ts, updated_ts)
           VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(JSON.stringify(r.settings), r.base.version, r.base.preset, JSON.stringify(r.base.params), r.sinceTs, r.steps, r.lastStepFeedTs, r.lastProposal, r.configuredTs, r.updatedTs);
      this.db.prepare('DELETE FROM bandit_arms').run();
      const arm = this.db.prepare('INSERT INTO bandit_arms (idx, diff_json, version, pulls, reward_sum, reward_sq_sum) VALUES (?, ?, ?, ?, ?, ?)');
      for (const a of r.arms) arm.run(a.index, JSON.stringify(a.diff), a.version, a.stats.pulls, a.stats.rewardSum, a.stats.rewardSqSum);
    })();
  }

  addStep(s: Omit<BanditStepRecord, 'seq'>): BanditStepRecord {
    const info = this.db
      .prepare('INSERT INTO bandit_steps (step, ts, feed_ts, trigger, outcome, arm, proposal_id, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(s.step, s.ts, s.feedTs, s.trigger, s.outcome, s.arm, s.proposalId, s.note);
    return { ...s, seq: Number(info.lastInsertRowid) };
  }

  steps(limit: number): BanditStepRecord[] {
    return this.db.prepare<[number], BanditStepRecord>(`SELECT ${STEP_COLUMNS} FROM bandit_steps ORDER BY seq DESC LIMIT ?`).all(limit);
  }

  close(): void {
    this.db.close();
  }
}
