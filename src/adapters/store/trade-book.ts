/** A trade book in SQLite (the agent's or the manual one): idempotent batch inserts of fills, closed trades and other events, and filtered reads. */
import type Database from 'better-sqlite3';
import type { BookBatch, ClosedTradeRecord, OtherEventRecord, StopMove, TradeEventRecord, TradeFilter } from '../../core/model/book-records.js';
import { openDb, openDbReadOnly } from './open-db.js';

// The SELECT lists alias each column to its record field, so a row is the record itself.
const EVENT_COLUMNS = `event_id AS eventId, trade_id AS tradeId, kind, ts, trading_date AS tradingDate, mode, source,
  underlying, exchange, symbol, side, action, qty, price_minor AS price, signal_price_minor AS signalPrice,
  latency_ms AS latencyMs, charges_minor AS charges, position_qty AS positionQty, reason, preset,
  params_version AS paramsVersion, context_json AS contextJson`;

const TRADE_COLUMNS = `trade_id AS tradeId, mode, source, underlying, exchange, symbol, side, qty, entry_ts AS entryTs,
  exit_ts AS exitTs, entry_price_minor AS entryPrice, exit_price_minor AS exitPrice, gross_pnl_minor AS grossPnl,
  charges_minor AS charges, net_pnl_minor AS netPnl, exit_reason AS exitReason, preset, params_version AS paramsVersion,
  regime, trading_date AS tradingDate, utc_offset_min AS utcOffsetMin`;

const OTHER_COLUMNS = 'event_id AS eventId, ts, kind, json';

// ON CONFLICT … DO NOTHING rather than INSERT OR IGNORE: OR IGNORE would also silently skip rows that break
// a CHECK or NOT NULL rule, where a bad row must fail its whole batch.
const INSERT_EVENT = `INSERT INTO trade_events (event_id, trade_id, kind, ts, trading_date, mode, source, underlying, exchange,
  symbol, side, action, qty, price_minor, signal_price_minor, latency_ms, charges_minor, position_qty, reason, preset,
  params_version, context_json)
VALUES (@eventId, @tradeId, @kind, @ts, @tradingDate, @mode, @source, @underlying, @exchange, @symbol, @side, @action,
  @qty, @price, @signalPrice, @latencyMs, @charges, @positionQty, @reason, @preset, @paramsVersion, @contextJson)
ON CONFLICT (event_id) DO NOTHING`;

const INSERT_TRADE = `INSERT INTO closed_trades (trade_id, mode, source, underlying, exchange, symbol, side, qty, entry_ts, exit_ts,
  entry_price_minor, exit_price_minor, gross_pnl_minor, charges_minor, net_pnl_minor, exit_reason, preset, params_version,
  regime, trading_date, utc_offset_min)
VALUES (@tradeId, @mode, @source, @underlying, @exchange, @symbol, @side, @qty, @entryTs, @exitTs, @entryPrice, @exitPrice,
  @grossPnl, @charges, @netPnl, @exitReason, @preset, @paramsVersion, @regime, @tradingDate, @utcOffsetMin)
ON CONFLICT (trade_id) DO NOTHING`;

const INSERT_OTHER = 'INSERT INTO other_events (event_id, ts, kind, json) VALUES (@eventId, @ts, @kind, @json) ON CONFLICT (event_id) DO NOTHING';

/** The equality filters of TradeFilter and their columns (the same names in both tables). */
const FILTER_COLUMNS = {
  mode: 'mode',
  source: 'source',
  symbol: 'symbol',
  side: 'side',
  underlying: 'underlying',
  preset: 'preset',
  paramsVersion: 'params_version',
} as const satisfies Partial<Record<keyof TradeFilter, string>>;

type FilterParams = Record<string, string | number>;

/** The WHERE clause of `filter` (time range on `timeColumn`), its parameters, and a key naming its shape. */
function whereOf(filter: TradeFilter, timeColumn: string): { shape: string; where: string; params: FilterParams } {
  const conditions: string[] = [];
  const params: FilterParams = {};
  for (const [field, column] of Object.entries(FILTER_COLUMNS)) {
    const value = filter[field as keyof typeof FILTER_COLUMNS];
    if (value === undefined) continue;
    conditions.push(`${column} = @${field}`);
    params[field] = value;
  }
  if (filter.fromTs !== undefined) {
    conditions.push(`${timeColumn} >= @fromTs`);
    params.fromTs = filter.fromTs;
  }
  if (filter.toTs !== undefined) {
    conditions.push(`${timeColumn} < @toTs`);
    params.toTs = filter.toTs;
  }
  return { shape: Object.keys(params).join(','), where: conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`, params };
}

/** Runs one insert statement; on failure names the database, the table, the record and the broken rule. */
function runInsert<T>(db: Database.Database, stmt: Database.Statement<[T]>, record: T, table: string, id: string): number {
  try {
    return stmt.run(record).changes;
  } catch (e) {
    throw new Error(`${db.name}: batch not stored (rolled back): ${table} row ${JSON.stringify(id)}: ${(e as Error).message}`, { cause: e });
  }
}

export class TradeBook {
  private readonly insertEventStmt: Database.Statement<[TradeEventRecord]>;
  private readonly insertTradeStmt: Database.Statement<[ClosedTradeRecord]>;
  private readonly insertOtherStmt: Database.Statement<[OtherEventRecord]>;
  private readonly getEventStmt: Database.Statement<[string], TradeEventRecord>;
  private readonly fillsOfTradeStmt: Database.Statement<[string], TradeEventRecord>;
  private readonly closedTradeStmt: Database.Statement<[string], ClosedTradeRecord>;
  private readonly tradesForDateStmt: Database.Statement<[string], ClosedTradeRecord>;
  private readonly openFillsStmt: Database.Statement<[], TradeEventRecord>;
  private readonly otherEventsStmt: Database.Statement<[number], OtherEventRecord>;
  private readonly stopMovesStmt: Database.Statement<[number, number], { json: string }>;
  private readonly countsStmt: Database.Statement<[], { events: number; trades: number; others: number }>;
  /** Filtered reads, prepared once per combination of filter fields in use. */
  private readonly eventQueries = new Map<string, Database.Statement<[FilterParams], TradeEventRecord>>();
  private readonly tradeQueries = new Map<string, Database.Statement<[FilterParams], ClosedTradeRecord>>();
  private readonly insertBatch: Database.Transaction<(batch: BookBatch) => { events: number; trades: number; others: number }>;

  private constructor(private readonly db: Database.Database) {
    this.insertEventStmt = db.prepare(INSERT_EVENT);
    this.insertTradeStmt = db.prepare(INSERT_TRADE);
    this.insertOtherStmt = db.prepare(INSERT_OTHER);
    this.getEventStmt = db.prepare(`SELECT ${EVENT_COLUMNS} FROM trade_events WHERE event_id = ?`);
    this.fillsOfTradeStmt = db.prepare(`SELECT ${EVENT_COLUMNS} FROM trade_events WHERE trade_id = ? ORDER BY ts, seq`);
    this.closedTradeStmt = db.prepare(`SELECT ${TRADE_COLUMNS} FROM closed_trades WHERE trade_id = ?`);
    this.tradesForDateStmt = db.prepare(`SELECT ${TRADE_COLUMNS} FROM closed_trades WHERE trading_date = ? ORDER BY exit_ts, trade_id`);
    this.openFillsStmt = db.prepare(
      `SELECT ${EVENT_COLUMNS} FROM trade_events e
       WHERE NOT EXISTS (SELECT 1 FROM closed_trades c WHERE c.trade_id = e.trade_id) ORDER BY ts, seq`,
    );
    this.otherEventsStmt = db.prepare(`SELECT ${OTHER_COLUMNS} FROM other_events WHERE ts >= ? ORDER BY ts, seq`);
    this.stopMovesStmt = db.prepare(`SELECT json FROM other_events WHERE ts BETWEEN ? AND ? AND kind = 'StopMoved' ORDER BY ts, seq`);
    this.countsStmt = db.prepare(
      'SELECT (SELECT count(*) FROM trade_events) AS events, (SELECT count(*) FROM closed_trades) AS trades, (SELECT count(*) FROM other_events) AS others',
    );
    this.insertBatch = db.transaction((batch: BookBatch) => {
      let events = 0;
      let trades = 0;
      let others = 0;
      for (const e of batch.events) events += runInsert(db, this.insertEventStmt, e, 'trade_events', e.eventId);
      for (const t of batch.trades) trades += runInsert(db, this.insertTradeStmt, t, 'closed_trades', t.tradeId);
      for (const o of batch.others) others += runInsert(db, this.insertOtherStmt, o, 'other_events', o.eventId);
      return { events, trades, others };
    });
  }

  /** Opens (creating and migrating if needed) the book at `path`. */
  static open(path: string): TradeBook {
    return new TradeBook(openDb(path, 'book'));
  }

  /** Opens the book at `path` for reading only (queries): nothing is written, so a write-protected file reads fine; a missing book reads as empty. */
  static openReadOnly(path: string): TradeBook {
    return new TradeBook(openDbReadOnly(path, 'book'));
  }

  /**
   * Writes the batch in one transaction: all of it or, if any row breaks a rule, none of it (the error names
   * the table, the record and the rule). Rows whose event_id / trade_id is already stored are skipped, so a
   * batch may be written again; returns how many rows were new.
   */
  insert(batch: BookBatch): { events: number; trades: number; others: number } {
    return this.insertBatch.immediate(batch);
  }

  getEvent(eventId: string): TradeEventRecord | undefined {
    return this.getEventStmt.get(eventId);
  }

  /** The fills of one trade, by time then insertion order. */
  fillsOfTrade(tradeId: string): TradeEventRecord[] {
    return this.fillsOfTradeStmt.all(tradeId);
  }

  /** The stop moves of trade `tradeId` between its entry and exit times, in order. */
  stopMovesOfTrade(tradeId: string, fromTs: number, toTs: number): StopMove[] {
    const out: StopMove[] = [];
    for (const row of this.stopMovesStmt.all(fromTs, toTs)) {
      const e = JSON.parse(row.json) as StopMove & { tradeId: string };
      if (e.tradeId === tradeId) out.push({ ts: e.ts, from: e.from, to: e.to, stage: e.stage, price: e.price });
    }
    return out;
  }

  closedTrade(tradeId: string): ClosedTradeRecord | undefined {
    return this.closedTradeStmt.get(tradeId);
  }

  /** Closed trades matching `filter` (time range on the exit time), by exit time then trade id. */
  closedTrades(filter: TradeFilter = {}): ClosedTradeRecord[] {
    const { shape, where, params } = whereOf(filter, 'exit_ts');
    let stmt = this.tradeQueries.get(shape);
    if (stmt === undefined) {
      stmt = this.db.prepare(`SELECT ${TRADE_COLUMNS} FROM closed_trades ${where} ORDER BY exit_ts, trade_id`);
      this.tradeQueries.set(shape, stmt);
    }
    return stmt.all(params);
  }

  /** Fills matching `filter` (time range on the fill time), by time then insertion order. */
  events(filter: TradeFilter = {}): TradeEventRecord[] {
    const { shape, where, params } = whereOf(filter, 'ts');
    let stmt = this.eventQueries.get(shape);
    if (stmt === undefined) {
      stmt = this.db.prepare(`SELECT ${EVENT_COLUMNS} FROM trade_events ${where} ORDER BY ts, seq`);
      this.eventQueries.set(shape, stmt);
    }
    return stmt.all(params);
  }

  /** Trades that have fills but no closed_trades row, by their first fill, each with its fills in order. */
  openTrades(): { tradeId: string; fills: TradeEventRecord[] }[] {
    const byTrade = new Map<string, TradeEventRecord[]>();
    for (const fill of this.openFillsStmt.all()) {
      const fills = byTrade.get(fill.tradeId);
      if (fills === undefined) byTrade.set(fill.tradeId, [fill]);
      else fills.push(fill);
    }
    return [...byTrade].map(([tradeId, fills]) => ({ tradeId, fills }));
  }

  /** Closed trades whose exit falls on the exchange trading date `tradingDate` (YYYY-MM-DD), by exit time. */
  tradesForDate(tradingDate: string): ClosedTradeRecord[] {
    return this.tradesForDateStmt.all(tradingDate);
  }

  /** Other events at or after `fromTs` (all when omitted), by time then insertion order. */
  otherEvents(fromTs = Number.MIN_SAFE_INTEGER): OtherEventRecord[] {
    return this.otherEventsStmt.all(fromTs);
  }

  counts(): { events: number; trades: number; others: number } {
    const c = this.countsStmt.get();
    if (c === undefined) throw new Error('count query returned no row');
    return c;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
