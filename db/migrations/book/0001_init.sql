-- Trade book, one schema for the agent's book (auto-trades.sqlite) and the manual book (manual-trades.sqlite).
-- Money is integer paise in every *_minor INTEGER column; average prices may be fractional paise (REAL).
-- Times are epoch ms; trading_date is the exchange trading date (YYYY-MM-DD).
-- STRICT tables refuse a value of the wrong type (e.g. a fractional amount in an INTEGER column).

-- Every fill of every trade: ENTRY, AVERAGE (an add), PARTIAL_EXIT, EXIT. Append-only.
CREATE TABLE trade_events (
  seq                INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id           TEXT    NOT NULL UNIQUE,
  trade_id           TEXT    NOT NULL,
  kind               TEXT    NOT NULL CHECK (kind IN ('ENTRY', 'AVERAGE', 'PARTIAL_EXIT', 'EXIT')),
  ts                 INTEGER NOT NULL,
  trading_date       TEXT    NOT NULL CHECK (trading_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  mode               TEXT    NOT NULL CHECK (mode IN ('PAPER', 'LIVE')),
  source             TEXT    NOT NULL CHECK (source IN ('agent', 'scalping', 'chart')),
  underlying         TEXT    NOT NULL,
  exchange           TEXT    NOT NULL,
  symbol             TEXT    NOT NULL,
  side               TEXT    NOT NULL CHECK (side IN ('CE', 'PE')),
  action             TEXT    NOT NULL CHECK (action IN ('BUY', 'SELL')),
  qty                INTEGER NOT NULL CHECK (qty > 0),
  price_minor        INTEGER NOT NULL CHECK (price_minor > 0),
  signal_price_minor INTEGER,
  latency_ms         INTEGER,
  charges_minor      INTEGER NOT NULL CHECK (charges_minor >= 0),
  position_qty       INTEGER,
  reason             TEXT    NOT NULL,
  preset             TEXT,
  params_version     TEXT,
  context_json       TEXT    CHECK (context_json IS NULL OR json_valid(context_json))
) STRICT;

CREATE INDEX trade_events_ts             ON trade_events (ts);
CREATE INDEX trade_events_trade_id       ON trade_events (trade_id, ts);
CREATE INDEX trade_events_trading_date   ON trade_events (trading_date);
CREATE INDEX trade_events_mode           ON trade_events (mode, ts);
CREATE INDEX trade_events_source         ON trade_events (source, ts);
CREATE INDEX trade_events_symbol         ON trade_events (symbol, ts);
CREATE INDEX trade_events_underlying     ON trade_events (underlying, ts);
CREATE INDEX trade_events_preset         ON trade_events (preset, ts);
CREATE INDEX trade_events_params_version ON trade_events (params_version, ts);

-- One row per closed trade, written in the same transaction as its final EXIT fill.
CREATE TABLE closed_trades (
  trade_id          TEXT    NOT NULL PRIMARY KEY,
  mode              TEXT    NOT NULL CHECK (mode IN ('PAPER', 'LIVE')),
  source            TEXT    NOT NULL CHECK (source IN ('agent', 'scalping', 'chart')),
  underlying        TEXT    NOT NULL,
  exchange          TEXT    NOT NULL,
  symbol            TEXT    NOT NULL,
  side              TEXT    NOT NULL CHECK (side IN ('CE', 'PE')),
  qty               INTEGER NOT NULL CHECK (qty > 0),
  entry_ts          INTEGER NOT NULL,
  exit_ts           INTEGER NOT NULL CHECK (exit_ts >= entry_ts),
  entry_price_minor REAL    NOT NULL CHECK (entry_price_minor > 0),
  exit_price_minor  REAL    NOT NULL CHECK (exit_price_minor > 0),
  gross_pnl_minor   INTEGER NOT NULL,
  charges_minor     INTEGER NOT NULL CHECK (charges_minor >= 0),
  net_pnl_minor     INTEGER NOT NULL CHECK (net_pnl_minor = gross_pnl_minor - charges_minor),
  exit_reason       TEXT    NOT NULL,
  preset            TEXT,
  params_version    TEXT,
  regime            TEXT    NOT NULL CHECK (regime IN ('UNKNOWN', 'TRENDING', 'RANGING', 'VOLATILE')),
  trading_date      TEXT    NOT NULL CHECK (trading_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  utc_offset_min    INTEGER NOT NULL CHECK (utc_offset_min BETWEEN -720 AND 840)
) STRICT;

CREATE INDEX closed_trades_exit_ts        ON closed_trades (exit_ts);
CREATE INDEX closed_trades_trading_date   ON closed_trades (trading_date);
CREATE INDEX closed_trades_mode           ON closed_trades (mode, exit_ts);
CREATE INDEX closed_trades_source         ON closed_trades (source, exit_ts);
CREATE INDEX closed_trades_symbol         ON closed_trades (symbol, exit_ts);
CREATE INDEX closed_trades_underlying     ON closed_trades (underlying, exit_ts);
CREATE INDEX closed_trades_preset         ON closed_trades (preset, exit_ts);
CREATE INDEX closed_trades_params_version ON closed_trades (params_version, exit_ts);

-- Every other kernel event (risk denials, parameter changes, rolls, state changes), as its JSON.
CREATE TABLE other_events (
  seq      INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id TEXT    NOT NULL UNIQUE,
  ts       INTEGER NOT NULL,
  kind     TEXT    NOT NULL,
  json     TEXT    NOT NULL CHECK (json_valid(json))
) STRICT;

CREATE INDEX other_events_ts ON other_events (ts);
