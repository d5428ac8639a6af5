/** Decides from a CSV header what a text file holds — ticks, OHLC bars or a CE/PE panel — and where each needed column is. */
import { DataInputError, snippet } from './data-input-error.js';
import { PANEL_ROLES, type PanelColumns, type PanelRole } from './dataset-options.js';

interface TimeCols {
  /** Column of the time: ts_ms (epoch ms) or ts (epoch ms or ISO-8601). */
  readonly ts: number;
  readonly tsIso: boolean;
  /** A `time_et` column (ISO with offset) read for the UTC offset only, or -1. */
  readonly timeEt: number;
}

export interface TickLayout extends TimeCols {
  readonly kind: 'ticks';
  readonly symbol: number;
  readonly price: number;
  readonly bid: number;
  readonly ask: number;
  readonly bidQty: number;
  readonly askQty: number;
  /** A `suspicious` column: rows with 1 (or true) are dropped. */
  readonly suspicious: number;
}

export interface BarLayout extends TimeCols {
  readonly kind: 'bars';
  readonly symbol: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
}

export interface PanelLayout extends TimeCols {
  readonly kind: 'panel';
  /** The known SPX + SPXW 3700 0DTE panel (recognised by its header): its defaults apply. */
  readonly known: boolean;
  /** Column of each role, -1 when not mapped. */
  readonly cols: Readonly<Record<Exclude<PanelRole, 'ts'>, number>>;
  readonly mapping: PanelColumns;
}

export type TextLayout = TickLayout | BarLayout | PanelLayout;

/** Columns of lean_spx_spxw/normalized/panel_20210104_spxw3700_0dte.csv (and its siblings). */
export const SPX_PANEL_COLUMNS: PanelColumns = {
  underlying: 'spx_close',
  ceBid: 'ce_bid',
  ceAsk: 'ce_ask',
  ceLast: 'ce_ltp_ffill',
  peBid: 'pe_bid',
  peAsk: 'pe_ask',
  peLast: 'pe_ltp_ffill',
};
const SPX_PANEL_SIGNATURE = ['ts_ms', 'time_et', 'spx_close', 'ce_bid', 'ce_ask', 'ce_ltp_ffill', 'pe_bid', 'pe_ask', 'pe_ltp_ffill'];

const NEEDS =
  'a tick file needs ts_ms or ts, symbol, and price or ltp; a bar file needs ts_ms or ts, open, high, low, close; ' +
  'a CE/PE panel needs a column mapping (--columns underlying=…,ceBid=…,ceAsk=…,ceLast=…,peBid=…,peAsk=…,peLast=…)';

/** The header's names for a message: at most 12, each cut to a few escaped characters. */
function found(header: readonly string[]): string {
  const names = header.slice(0, 12).map((h) => snippet(h, 24));
  return `found [${names.join(', ')}${header.length > 12 ? `, … (${header.length} columns)` : ''}]`;
}

function timeCols(header: readonly string[]): TimeCols | undefined {
  const tsMs = header.indexOf('ts_ms');
  const ts = tsMs >= 0 ? tsMs : header.indexOf('ts');
  if (ts < 0) return undefined;
  return { ts, tsIso: tsMs < 0, timeEt: header.indexOf('time_et') };
}

function panelLayout(header: readonly string[], mapping: PanelColumns, known: boolean, where: string): PanelLayout {
  const find = (role: PanelRole): number => {
    const name = mapping[role];
    if (name === undefined) return -1;
    const i = header.indexOf(name.toLowerCase());
    if (i < 0) throw new DataInputError(`${where}: the column mapping names ${role}=${name}, which is not a column; ${found(header)}`);
    return i;
  };
  const cols = Object.fromEntries(PANEL_ROLES.filter((r) => r !== 'ts').map((r) => [r, find(r)])) as Record<Exclude<PanelRole, 'ts'>, number>;
  if (cols.underlying < 0) throw new DataInputError(`${where}: the column mapping needs underlying=<column> (the index price)`);
  for (const side of ['ce', 'pe'] as const) {
    const last = cols[`${side}Last`];
    const bid = cols[`${side}Bid`];
    const ask = cols[`${side}Ask`];
    if (last < 0 && (bid < 0 || ask < 0)) {
      throw new DataInputError(`${where}: the column mapping needs ${side}Last, or both ${side}Bid and ${side}Ask, to price the ${side.toUpperCase()}`);
    }
  }
  let time: TimeCols | undefined;
  if (mapping.ts !== undefined) {
    const ts = find('ts');
    time = { ts, tsIso: header[ts] !== 'ts_ms', timeEt: header.indexOf('time_et') };
  } else {
    time = timeCols(header);
  }
  if (time === undefined) throw new DataInputError(`${where}: a panel needs a ts_ms or ts column, or ts=<column> in the column mapping; ${found(header)}`);
  return { kind: 'panel', known, cols, mapping, ...time };
}

/** The layout of a text file from its header; `mapping` (the columns option) makes it a panel. `where` is `file:line`. */
export function textLayout(header: readonly string[], mapping: PanelColumns | undefined, where: string): TextLayout {
  // eslint-disable-next-line no-control-regex
  const binary = header.join(',').match(/[\u0000-\u0008\u000e-\u001f\ufffd]/);
  if (binary !== null) {
    throw new DataInputError(`${where}: not a text file: the first line holds binary bytes ("${snippet(header.join(','), 12)}"); give a CSV, CSV.gz or NDJSON file, or a .ticks recording`);
  }
  if (mapping !== undefined) return panelLayout(header, mapping, false, where);
  if (SPX_PANEL_SIGNATURE.every((name) => header.includes(name))) return panelLayout(header, SPX_PANEL_COLUMNS, true, where);
  const time = timeCols(header);
  const col = (name: string): number => header.indexOf(name);
  if (time !== undefined && ['open', 'high', 'low', 'close'].every((n) => header.includes(n))) {
    return { kind: 'bars', ...time, symbol: col('symbol'), open: col('open'), high: col('high'), low: col('low'), close: col('close') };
  }
  const price = col('price') >= 0 ? col('price') : col('ltp');
  if (time !== undefined && col('symbol') >= 0 && price >= 0) {
    return {
      kind: 'ticks',
      ...time,
      symbol: col('symbol'),
      price,
      bid: col('bid'),
      ask: col('ask'),
      bidQty: col('bid_qty'),
      askQty: col('ask_qty'),
      suspicious: col('suspicious'),
    };
  }
  throw new DataInputError(`${where}: columns not recognised: ${found(header)}; ${NEEDS}`);
}
