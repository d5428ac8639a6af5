-- The experiment queue: ideas about parameters from the trader, other AI agents or the meta-analysis,
-- tested on a quick in-sample window and then validated out of sample. Hypotheses are untrusted text.
CREATE TABLE experiments (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  idempotency_key  TEXT    NOT NULL UNIQUE,
  title            TEXT    NOT NULL,
  hypothesis       TEXT    NOT NULL,
  overrides_json   TEXT    NOT NULL CHECK (json_valid(overrides_json)),
  base_preset      TEXT    NOT NULL,
  dataset          TEXT    NOT NULL,
  target_metric    TEXT    NOT NULL,
  budget_json      TEXT    NOT NULL CHECK (json_valid(budget_json)),
  submitter        TEXT    NOT NULL,
  origin           TEXT    NOT NULL CHECK (origin IN ('human', 'agent', 'meta')),
  status           TEXT    NOT NULL CHECK (status IN ('pending', 'running', 'passed_quick', 'rejected', 'validating', 'validated', 'failed_validation', 'error')),
  created_ts       INTEGER NOT NULL,
  updated_ts       INTEGER NOT NULL,
  quick_json       TEXT    CHECK (quick_json IS NULL OR json_valid(quick_json)),
  validation_json  TEXT    CHECK (validation_json IS NULL OR json_valid(validation_json)),
  reason           TEXT
) STRICT;

CREATE INDEX experiments_status ON experiments (status, id);
