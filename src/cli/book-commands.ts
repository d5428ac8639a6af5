/** `scalper analytics` and `scalper trades`: the operations analytics.get and trades.list on the books of --db-dir (also while `serve` writes to them), printed as JSON or a summary. */
import { existsSync } from 'node:fs';
import type { AnalyticsBook } from '../app/commands/get-analytics.js';
import type { TradesBook } from '../app/commands/list-trades.js';
import { getAnalyticsOp, listTradesOp } from '../app/operations/book-ops.js';
import { TradeBook } from '../adapters/store/trade-book.js';
import { parseFlags } from './args.js';
import { dbDirOf, type DbDir } from './db-dir.js';
import { usageError } from './errors.js';
import { clock } from './format.js';
import type { CliIo } from './io.js';
import { callOp } from './mount.js';
import { tradingDate } from '../core/calendar/exchange-time.js';

const FILTER_OPTIONS = {
  book: { type: 'string' },
  mode: { type: 'string' },
  source: { type: 'string' },
  symbol: { type: 'string' },
  side: { type: 'string' },
  underlying: { type: 'string' },
  preset: { type: 'string' },
  'params-version': { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  'db-dir': { type: 'string' },
  json: { type: 'boolean', default: false },
} as const;

/** Input fields of the book queries → the flags that set them, for messages. */
const FLAG_OF: Readonly<Record<string, string>> = {
  book: '--book',
  mode: '--mode',
  source: '--source',
  symbol: '--symbol',
  side: '--side',
  underlying: '--underlying',
  preset: '--preset',
  paramsVersion: '--params-version',
  from: '--from',
  to: '--to',
  bucket: '--bucket',
  intervalMin: '--interval-min',
  limit: '--limit',
};

function whole(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d{1,15}$/.test(v)) throw usageError(`--${name}`, `must be a whole number ≥ 0, got "${v.slice(0, 40)}"`);
  return Number(v);
}

const timeBound = (v: string | undefined): number | string | undefined => (v === undefined ? undefined : /^\d+$/.test(v) ? Number(v) : v);

/** A book opened read-only at its first read (a refused query opens nothing; a query never writes). */
interface LazyBooks {
  readonly books: { readonly auto: AnalyticsBook & TradesBook; readonly manual: AnalyticsBook & TradesBook };
  close(): void;
}

function lazyBooks(db: DbDir): LazyBooks {
  let opened: { auto: TradeBook; manual: TradeBook } | undefined;
  const open = (): { auto: TradeBook; manual: TradeBook } => {
    if (opened !== undefined) return opened;
    const { files } = db;
    if (![files.control, files.auto, files.manual].some((f) => existsSync(f))) {
      throw usageError('--db-dir', `no scalper database in ${db.dir} (run \`scalper serve\` or \`scalper manual-trades\` first)`);
    }
    // Read-only: a write-protected book can be read, and nothing is ever written.
    const auto = TradeBook.openReadOnly(files.auto);
    try {
      opened = { auto, manual: TradeBook.openReadOnly(files.manual) };
    } catch (e) {
      auto.close();
      throw e;
    }
    return opened;
  };
  const book = (which: 'auto' | 'manual'): AnalyticsBook & TradesBook => ({
    closedTrades: (filter) => open()[which].closedTrades(filter),
    events: (filter) => open()[which].events(filter),
  });
  return {
    books: { auto: book('auto'), manual: book('manual') },
    close: () => {
      opened?.auto.close();
      opened?.manual.close();
    },
  };
}

/** `scalper analytics` and `scalper trades`: the flags mapped to the input of analytics.get and trades.list. */
export async function runBookQuery(command: 'analytics' | 'trades', argv: readonly string[], io: CliIo): Promise<void> {
  const { values } = parseFlags(argv, { ...FILTER_OPTIONS, bucket: { type: 'string' }, 'interval-min': { type: 'string' }, limit: { type: 'string' } });
  if (command === 'trades') {
    for (const f of ['bucket', 'interval-min'] as const) if (values[f] !== undefined) throw usageError(`--${f}`, 'belongs to `scalper analytics`, not `scalper trades`');
  }
  if (command === 'analytics' && values.limit !== undefined) throw usageError('--limit', 'belongs to `scalper trades`, not `scalper analytics`');
  const filters = {
    book: values.book,
    mode: values.mode,
    source: values.source,
    symbol: values.symbol,
    side: values.side,
    underlying: values.underlying,
    preset: values.preset,
    paramsVersion: values['params-version'],
    from: timeBound(values.from),
    to: timeBound(values.to),
  };
  const db = dbDirOf(values['db-dir']);
  const lazy = lazyBooks(db);
  const books = lazy.books;
  const call = { flags: FLAG_OF, stderr: io.stderr };
  try {
    if (command === 'analytics') {
      const input = defined({ ...filters, bucket: whole('bucket', values.bucket), intervalMin: whole('interval-min', values['interval-min']) });
      const out = await callOp(getAnalyticsOp, { books }, input, call);
      if (values.json) io.stdout.write(`${JSON.stringify(out)}\n`);
      else {
        const s = out.summary;
        io.stdout.write(
          [
            `${out.book} book: ${s.trades} trades, ${s.wins} wins / ${s.losses} losses (win rate ${(s.winRate * 100).toFixed(1)}%)`,
            `net ₹${s.netPnl.toFixed(2)} = gross ₹${s.grossPnl.toFixed(2)} − charges ₹${s.charges.toFixed(2)}`,
            `profit factor ${s.profitFactor === null ? 'n/a' : s.profitFactor.toFixed(2)}, expectancy ₹${s.expectancy.toFixed(2)}/trade, max drawdown ₹${s.maxDrawdown.toFixed(2)}, max consecutive losses ${s.maxConsecutiveLosses}`,
            `by exit reason: ${out.byExitReason.map((r) => `${r.key} ${r.trades} (₹${r.netPnl.toFixed(2)})`).join(', ') || '—'}`,
            `execution: mean slippage ₹${out.execution.slippage.meanPerUnit}/unit over ${out.execution.slippage.fills} fills, median latency ${String(out.execution.latency.medianMs)} ms`,
          ].join('\n') + '\n',
        );
      }
    } else {
      const input = defined({ ...filters, limit: whole('limit', values.limit) });
      const out = await callOp(listTradesOp, { books }, input, call);
      if (values.json) io.stdout.write(`${JSON.stringify(out)}\n`);
      else {
        for (const t of out.trades) {
          io.stdout.write(
            `${tradingDate(t.entryTs, 330)} ${clock(t.entryTs)}→${clock(t.exitTs)} ${t.side} ${t.symbol} ${t.qty} @ ${t.entryPrice.toFixed(2)} → ${t.exitPrice.toFixed(2)}  net ₹${t.netPnl.toFixed(2)} (${t.exitReason})\n`,
          );
        }
        io.stdout.write(`${out.trades.length} of ${out.total} trades\n`);
      }
    }
  } finally {
    lazy.close();
  }
}

/** The given ones of `o`'s values. */
function defined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}
