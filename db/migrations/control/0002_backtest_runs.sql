-- Backtest results keyed by a deterministic run key (data hash, parameter version, seed, fill model,
-- charges model, code version): a repeated run returns the stored result. Never updated.
CREATE TABLE backtest_runs (
  run_key       TEXT    NOT NULL PRIMARY KEY,
  created_ts    INTEGER NOT NULL,
  dataset       TEXT    NOT NULL,
  data_hash     TEXT    NOT NULL,
  params_version TEXT   NOT NULL,
  seed          INTEGER NOT NULL,
  code_version  TEXT    NOT NULL,
  result_json   TEXT    NOT NULL CHECK (json_valid(result_json))
) STRICT;

CREATE INDEX backtest_runs_created_ts ON backtest_runs (created_ts);
CREATE INDEX backtest_runs_params_version ON backtest_runs (params_version);
