-- The bandit (issue 9): arms are absolute parameter sets around a frozen base (the version in force when
-- the trader configured it), so nothing drifts: the base never moves and an arm never compounds on
-- another. Each arm's pulls and rewards (net P&L per lot of the agent's closed trades made with the arm's
-- version since the configuration) are a snapshot of the book at the last step. An arm switch is a
-- proposal (source bandit) like any other; each decision is kept in bandit_steps.
CREATE TABLE bandit (
  id                 INTEGER PRIMARY KEY CHECK (id = 1),
  -- enabled, algorithm, allowLive, tradesPerStep, seed
  config_json        TEXT    NOT NULL CHECK (json_valid(config_json)),
  base_version       TEXT    NOT NULL,
  base_preset        TEXT    NOT NULL,
  base_params_json   TEXT    NOT NULL CHECK (json_valid(base_params_json)),
  -- Feed time of the configuration: trades that exited before it belong to no arm.
  since_ts           INTEGER NOT NULL,
  -- Decisions taken so far (the RNG of Thompson sampling is seeded by the seed and this count).
  steps              INTEGER NOT NULL,
  -- Feed time of the last decision: trades after it count towards the next one.
  last_step_feed_ts  INTEGER NOT NULL,
  -- The last arm switch proposed; the next waits while it is gating, passed or approved.
  last_proposal      INTEGER,
  configured_ts      INTEGER NOT NULL,
  updated_ts         INTEGER NOT NULL
) STRICT;

CREATE TABLE bandit_arms (
  idx            INTEGER PRIMARY KEY,          -- 0 is the base itself
  diff_json      TEXT    NOT NULL CHECK (json_valid(diff_json)),   -- absolute values on the frozen base
  version        TEXT    NOT NULL,              -- paramsVersion of the base with the diff
  pulls          INTEGER NOT NULL,
  reward_sum     REAL    NOT NULL,              -- paise per lot (a ratio, so not whole)
  reward_sq_sum  REAL    NOT NULL
) STRICT;

CREATE TABLE bandit_steps (
  seq          INTEGER PRIMARY KEY AUTOINCREMENT,
  step         INTEGER NOT NULL,
  ts           INTEGER NOT NULL,
  feed_ts      INTEGER NOT NULL,
  trigger      TEXT    NOT NULL CHECK (trigger IN ('manual', 'trades')),
  outcome      TEXT    NOT NULL CHECK (outcome IN ('proposed', 'stayed', 'waiting', 'refused')),
  arm          INTEGER,
  proposal_id  INTEGER,
  note         TEXT    NOT NULL
) STRICT;
