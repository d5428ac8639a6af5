-- API access (issue 8): bearer tokens stored hashed, and the Idempotency-Key store of mutating calls.
CREATE TABLE api_tokens (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  scope TEXT NOT NULL CHECK (scope IN ('trader', 'agent', 'automation')),
  -- SHA-256 of the token (hex); the token itself is shown once, at creation.
  token_sha256 TEXT NOT NULL UNIQUE,
  created_ts INTEGER NOT NULL,
  revoked_ts INTEGER
) STRICT;

CREATE TABLE idempotency_keys (
  token_id TEXT NOT NULL,
  idem_key TEXT NOT NULL,
  operation TEXT NOT NULL,
  -- SHA-256 of the canonical request (operation and input): the same key with another body is a conflict.
  request_sha256 TEXT NOT NULL,
  status INTEGER NOT NULL,
  response_json TEXT NOT NULL,
  created_ts INTEGER NOT NULL,
  PRIMARY KEY (token_id, idem_key)
) STRICT;
