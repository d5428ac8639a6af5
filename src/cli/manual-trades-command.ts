/** `scalper manual-trades FILE`: stores a batch of the trader's own ENTRY/EXIT events in the manual book (never the agent's) through manual-trades.ingest; a refused batch creates nothing. */
import { existsSync, readFileSync } from 'node:fs';
import { chargesByExchange } from '../app/charges-wiring.js';
import type { ManualBook } from '../app/commands/ingest-manual-trades.js';
import { ingestManualTradesOp } from '../app/operations/manual-ops.js';
import { loadRateCards } from '../adapters/rate-cards.js';
import { loadSimConfig } from '../adapters/sim-config-file.js';
import { TradeBook } from '../adapters/store/trade-book.js';
import { parseFlags } from './args.js';
import { dbDirOf, ensureDbDir, type DbDir } from './db-dir.js';
import { escapeText, usageError } from './errors.js';
import type { CliIo } from './io.js';
import { callOp } from './mount.js';

/**
 * The manual book, opened only when there is something to read or store: a missing book reads as empty
 * (the batch is validated against it) and is created by the insert of an accepted batch.
 */
function lazyBook(db: DbDir): ManualBook & { close(): void } {
  let book: TradeBook | undefined = existsSync(db.files.manual) ? TradeBook.open(db.files.manual) : undefined;
  return {
    getEvent: (id) => book?.getEvent(id),
    fillsOfTrade: (id) => book?.fillsOfTrade(id) ?? [],
    closedTrade: (id) => book?.closedTrade(id),
    insert: (batch) => {
      if (book === undefined) {
        ensureDbDir(db);
        book = TradeBook.open(db.files.manual);
      }
      return book.insert(batch);
    },
    close: () => book?.close(),
  };
}

/** The JSON payload of `file` (or stdin for `-`); errors name the file and quote no raw bytes. */
function readPayload(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (e) {
    throw usageError('FILE', `cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    const where = /position (\d+)/.exec((e as Error).message)?.[1];
    const pos = where === undefined ? undefined : Number(where);
    const line = pos === undefined ? undefined : text.slice(0, pos).split('\n').length;
    const column = pos === undefined ? undefined : pos - text.lastIndexOf('\n', pos - 1);
    const near = pos === undefined ? '' : `, near "${escapeText(text.slice(pos, pos + 12))}"`;
    const at = line === undefined ? '' : `:${line}:${column}`;
    throw usageError('FILE', `${file}${at} is not valid JSON${near}; it must hold {"events": [...]} (run \`scalper manual-trades --help\` for the format)`);
  }
}

/** `scalper manual-trades FILE`: the operation manual-trades.ingest on the manual book of --db-dir. */
export async function runManualTradesCommand(argv: readonly string[], io: CliIo): Promise<void> {
  const { values, positionals } = parseFlags(argv, { 'db-dir': { type: 'string' }, json: { type: 'boolean' } }, true);
  if (positionals.length !== 1) throw usageError('FILE', 'give one file (or - for stdin) holding {"events": [...]}', 'run `scalper manual-trades --help` for the format');
  const db = dbDirOf(values['db-dir']);
  const payload = readPayload(positionals[0]!);
  const book = lazyBook(db);
  try {
    const manual = { book, charges: chargesByExchange(loadRateCards()), instruments: loadSimConfig().underlyings, now: () => Date.now() };
    const out = await callOp(ingestManualTradesOp, { manual }, payload, { flags: {}, stderr: io.stderr });
    io.stdout.write(values.json === true ? `${JSON.stringify(out)}\n` : `stored ${out.accepted} event(s), ${out.duplicates} already stored, ${out.tradesClosed} trade(s) closed\n`);
  } finally {
    book.close();
  }
}
