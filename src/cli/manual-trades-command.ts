/** `scalper manual-trades FILE`: stores a batch of the trader's own ENTRY/EXIT events in the manual book (never the agent's). */
import { mkdirSync, readFileSync } from 'node:fs';
import { chargesByExchange } from '../app/charges-wiring.js';
import { ingestManualTrades, ManualTradesRejected } from '../app/commands/ingest-manual-trades.js';
import { loadRateCards } from '../adapters/rate-cards.js';
import { dbFiles, resolveDbDir } from '../adapters/store/db-paths.js';
import { TradeBook } from '../adapters/store/trade-book.js';
import { UsageError } from './errors.js';

/** Reads `{ "events": [...] }` from a file (or `-` for stdin), validates the whole batch and stores it in one transaction. */
export function runManualTrades(o: { readonly file: string; readonly dbDir: string | undefined; readonly json: boolean }): void {
  let payload: unknown;
  try {
    payload = JSON.parse(readFileSync(o.file === '-' ? 0 : o.file, 'utf8'));
  } catch (e) {
    throw new UsageError(`${o.file}: not readable JSON: ${(e as Error).message}`);
  }
  const dir = resolveDbDir({ ...(o.dbDir === undefined ? {} : { flag: o.dbDir }), env: process.env.SCALPER_DB_DIR, cwd: process.cwd() });
  mkdirSync(dir, { recursive: true });
  const book = TradeBook.open(dbFiles(dir).manual);
  try {
    const out = ingestManualTrades({ book, charges: chargesByExchange(loadRateCards()) }, payload);
    process.stdout.write(o.json ? `${JSON.stringify(out)}\n` : `stored ${out.accepted} event(s), ${out.duplicates} already stored, ${out.tradesClosed} trade(s) closed\n`);
  } catch (e) {
    if (e instanceof ManualTradesRejected) throw new UsageError(e.message);
    throw e;
  } finally {
    book.close();
  }
}
