-- Control database (control.sqlite): parameter versions, daily risk state, open positions, audit log, engine state.
-- Times are epoch ms; *_json columns hold JSON text (checked with json_valid).

-- Every parameter set the engine has run or may run, keyed by its content version hash. Never updated.
CREATE TABLE params_versions (
  version     TEXT    NOT NULL PRIMARY KEY,
  preset      TEXT    NOT NULL,
  params_json TEXT    NOT NULL CHECK (json_valid(params_json)),
  created_ts  INTEGER NOT NULL,
  source      TEXT    NOT NULL
) STRICT;

CREATE INDEX params_versions_created_ts ON params_versions (created_ts);

-- The risk engine's state of one exchange trading date (session P&L, streaks, trading state), replaced as it changes.
CREATE TABLE daily_risk (
  trading_date  TEXT    NOT NULL PRIMARY KEY CHECK (trading_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  snapshot_json TEXT    NOT NULL CHECK (json_valid(snapshot_json)),
  updated_ts    INTEGER NOT NULL
) STRICT;

-- Open positions of each book (auto = the agent's, manual = the trader's), for restoring after a restart.
CREATE TABLE positions (
  book          TEXT    NOT NULL CHECK (book IN ('auto', 'manual')),
  trade_id      TEXT    NOT NULL,
  snapshot_json TEXT    NOT NULL CHECK (json_valid(snapshot_json)),
  updated_ts    INTEGER NOT NULL,
  PRIMARY KEY (book, trade_id)
) STRICT;

-- Who did what and when (start, stop, kill, arm live, apply parameters, …). Append-only.
CREATE TABLE audit_log (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  ts          INTEGER NOT NULL,
  actor       TEXT    NOT NULL,
  action      TEXT    NOT NULL,
  detail_json TEXT    NOT NULL CHECK (json_valid(detail_json))
) STRICT;

-- Small key/value state of the engine (e.g. the simulator cursor).
CREATE TABLE engine_state (
  key        TEXT    NOT NULL PRIMARY KEY,
  value      TEXT    NOT NULL,
  updated_ts INTEGER NOT NULL
) STRICT;
