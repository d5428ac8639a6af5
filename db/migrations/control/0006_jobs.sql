-- Jobs (issue 8): backtests and sweeps run on the worker pool, with progress, keyed by a deterministic
-- run key. A run key has at most one live or done job (the partial unique index): a repeat is served
-- from it. Failed and cancelled jobs stay as history and do not hold their key.
CREATE TABLE jobs (
  seq               INTEGER PRIMARY KEY AUTOINCREMENT,
  id                TEXT    NOT NULL UNIQUE,
  -- backtest, sweep (checked by the app, so a new kind needs no table rebuild).
  kind              TEXT    NOT NULL,
  state             TEXT    NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed', 'cancelled')),
  run_key           TEXT    NOT NULL,
  input_json        TEXT    NOT NULL CHECK (json_valid(input_json)),
  submitted_by      TEXT    NOT NULL,
  progress_fraction REAL    NOT NULL CHECK (progress_fraction >= 0 AND progress_fraction <= 1),
  progress_message  TEXT    NOT NULL,
  result_json       TEXT    CHECK (result_json IS NULL OR json_valid(result_json)),
  -- { code, message, issues, hint? } in the app's error vocabulary.
  error_json        TEXT    CHECK (error_json IS NULL OR json_valid(error_json)),
  created_ts        INTEGER NOT NULL,
  started_ts        INTEGER,
  finished_ts       INTEGER,
  updated_ts        INTEGER NOT NULL,
  CHECK ((state = 'done') = (result_json IS NOT NULL)),
  CHECK ((state = 'failed') = (error_json IS NOT NULL))
) STRICT;

CREATE UNIQUE INDEX jobs_live_run_key ON jobs (run_key) WHERE state IN ('queued', 'running', 'done');
CREATE INDEX jobs_state ON jobs (state, seq);
CREATE INDEX jobs_kind ON jobs (kind, seq);
