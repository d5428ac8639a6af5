-- Tuner runs (issue 9): every run of a tuner (the LLM providers, the offline search), on demand or on its
-- schedule, with the prompt version, model, tokens, latency, outcome and a note for each refusal, clamp or
-- failure. The tuner's config and schedule live in governance_settings (key 'tuner').
CREATE TABLE tuner_runs (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  provider        TEXT    NOT NULL CHECK (provider IN ('anthropic', 'openai', 'ollama', 'offline')),
  model           TEXT,
  base_url        TEXT,
  prompt_version  TEXT,
  trigger         TEXT    NOT NULL CHECK (trigger IN ('demand', 'schedule')),
  requested_by    TEXT    NOT NULL,
  -- running until the run ends; then its outcome says how.
  status          TEXT    NOT NULL CHECK (status IN ('running', 'ended')),
  outcome         TEXT    CHECK (outcome IS NULL OR outcome IN ('proposed', 'nothing', 'refused', 'failed', 'skipped')),
  started_ts      INTEGER NOT NULL,
  ended_ts        INTEGER,
  latency_ms      INTEGER,
  input_tokens    INTEGER,
  output_tokens   INTEGER,
  -- The evidence it ran on: closed trades of the agent's book and the version in force.
  closed_trades   INTEGER NOT NULL,
  params_version  TEXT,
  notes_json      TEXT    NOT NULL CHECK (json_valid(notes_json)),
  proposals_json  TEXT    NOT NULL CHECK (json_valid(proposals_json)),
  -- The model's own summary: untrusted text, shown as such.
  assessment      TEXT,
  CHECK ((status = 'running') = (outcome IS NULL))
) STRICT;
CREATE INDEX tuner_runs_trigger ON tuner_runs (trigger, started_ts);
