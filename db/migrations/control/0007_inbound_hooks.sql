-- Inbound hooks (issue 8): URLs an alerting system may POST to, each doing one action with its own secret.
CREATE TABLE inbound_hooks (
  id TEXT PRIMARY KEY,
  -- Names the caller in the audit log as hook:<name>.
  name TEXT NOT NULL,
  -- The one operation the hook runs: engine.pause, engine.resume, engine.kill or experiments.submit.
  action TEXT NOT NULL CHECK (action IN ('pause', 'resume', 'kill', 'submit-experiment')),
  -- SHA-256 of the secret (hex); the secret itself is shown once, at creation.
  secret_sha256 TEXT NOT NULL UNIQUE,
  created_by TEXT NOT NULL,
  created_ts INTEGER NOT NULL,
  revoked_ts INTEGER
) STRICT;
