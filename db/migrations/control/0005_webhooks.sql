-- Outbound webhooks (issue 8): subscriptions with their signing secret, and the delivery log.
CREATE TABLE webhooks (
  id TEXT PRIMARY KEY,
  url TEXT NOT NULL,
  -- JSON array of event types, e.g. ["trade.closed","alarm.exit_stuck"]; ["*"] for all.
  events_json TEXT NOT NULL CHECK (json_valid(events_json)),
  -- HMAC-SHA256 key of the X-Scalper-Signature header; shown once, at creation.
  secret TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_ts INTEGER NOT NULL,
  deleted_ts INTEGER
) STRICT;

CREATE TABLE webhook_deliveries (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  webhook_id TEXT NOT NULL REFERENCES webhooks (id),
  delivery_id TEXT NOT NULL,
  event_type TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  -- HTTP status of the answer, null when there was none (connection refused, timeout).
  status INTEGER,
  error TEXT,
  ts INTEGER NOT NULL
) STRICT;
CREATE INDEX webhook_deliveries_by_hook ON webhook_deliveries (webhook_id, seq);
