-- Parameter governance (issue 9). A version is an immutable parameter set, keyed by its hash; an
-- application records each time a version was put in force (rollback applies an earlier one again).
-- Every change, from anyone, is a proposal with evidence; rationales from models and agents are untrusted text.
CREATE TABLE param_versions (
  id           TEXT    PRIMARY KEY,             -- paramsVersion(params): the hash of the canonical set
  params_json  TEXT    NOT NULL CHECK (json_valid(params_json)),
  preset       TEXT    NOT NULL,
  parent_id    TEXT,                            -- the version it was derived from, null for a preset's own set
  created_ts   INTEGER NOT NULL,
  author       TEXT    NOT NULL,
  source       TEXT    NOT NULL CHECK (source IN ('preset', 'human', 'bandit', 'llm', 'offline', 'agent')),
  why          TEXT    NOT NULL,
  diff_json    TEXT    NOT NULL CHECK (json_valid(diff_json)),
  mode         TEXT    NOT NULL CHECK (mode IN ('paper', 'live'))
) STRICT;

CREATE TABLE param_applications (
  seq          INTEGER PRIMARY KEY AUTOINCREMENT,
  version_id   TEXT    NOT NULL REFERENCES param_versions (id),
  ts           INTEGER NOT NULL,
  by           TEXT    NOT NULL,
  kind         TEXT    NOT NULL CHECK (kind IN ('start', 'apply', 'rollback')),
  proposal_id  INTEGER,
  mode         TEXT    NOT NULL CHECK (mode IN ('paper', 'live'))
) STRICT;

CREATE TABLE proposals (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  idempotency_key  TEXT    UNIQUE,
  source           TEXT    NOT NULL CHECK (source IN ('human', 'bandit', 'llm', 'offline', 'agent')),
  author           TEXT    NOT NULL,
  base_version     TEXT    NOT NULL,
  diff_json        TEXT    NOT NULL CHECK (json_valid(diff_json)),
  rationale        TEXT    NOT NULL,
  -- The last trading date the proposal was fitted on, when a tuner says: the gate tests after it.
  fitted_to        TEXT,
  status           TEXT    NOT NULL CHECK (status IN ('proposed', 'gating', 'gate_passed', 'gate_failed', 'approved', 'applied', 'rejected', 'rolled_back')),
  created_ts       INTEGER NOT NULL,
  updated_ts       INTEGER NOT NULL,
  gate_job         TEXT,
  gate_json        TEXT    CHECK (gate_json IS NULL OR json_valid(gate_json)),
  reason           TEXT,
  applied_version  TEXT
) STRICT;
CREATE INDEX proposals_status ON proposals (status, id);

-- The trader's governance settings (auto-apply in paper, cool-off, step limits, gate) and the tuner's
-- config and schedule, as JSON by key, so they survive restarts.
CREATE TABLE governance_settings (
  key         TEXT PRIMARY KEY,
  value_json  TEXT NOT NULL CHECK (json_valid(value_json)),
  updated_ts  INTEGER NOT NULL
) STRICT;
