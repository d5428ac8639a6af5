/** A tick file's dataset: rows in the regular session, prices rounded to each instrument's tick, one instrument per symbol. */
import { microToTicks } from './byte-numbers.js';
import type { BuiltDataset } from './built-dataset.js';
import type { CsvCursor } from './csv-cursor.js';
import { DataInputError } from './data-input-error.js';
import type { DatasetOptions } from './dataset-options.js';
import { refuseOtherOptions } from './option-scope.js';
import { resolveOffset } from './resolve-offset.js';
import { SessionWindow } from './session-window.js';
import { checkSyntheticChoice, finishSymbolDataset } from './symbol-dataset.js';
import { buildSymbolUniverse, underlyingMarket } from './symbol-universe.js';
import type { TickLayout } from './text-layout.js';
import { readTickRows, type RawTicks } from './tick-rows.js';
import { TickSink } from './tick-sink.js';

/** Quoted spreads sampled per symbol for option typical spreads. */
const SPREAD_SAMPLES = 1_000;

function sampleSpreads(raw: RawTicks): number[][] {
  const out: number[][] = raw.symbols.map(() => []);
  for (let i = 0; i < raw.n; i++) {
    const b = raw.bid[i]!;
    const a = raw.ask[i]!;
    if (b > 0 && a > b) {
      const list = out[raw.sym[i]!]!;
      if (list.length < SPREAD_SAMPLES) list.push((a - b) / 10_000);
    }
  }
  return out;
}

const fmt = (n: number): string => n.toLocaleString('en-US');

export function tickDataset(file: string, cursor: CsvCursor, layout: TickLayout, options: DatasetOptions): BuiltDataset {
  const synthetic = options.syntheticOptions !== undefined;
  refuseOtherOptions(file, 'a tick file', options, ['lotSize', 'utcOffsetMin', 'syntheticOptions', ...(synthetic ? (['expiry'] as const) : [])]);
  const raw = readTickRows(cursor, layout);
  if (raw.n === 0) throw new DataInputError(`${file}: no data rows after the header (line ${cursor.headerLine})${raw.suspicious > 0 ? `: all ${raw.suspicious} are flagged suspicious` : ''}`);
  const market = underlyingMarket(file, raw.symbols);
  const { utcOffsetMin, source } = resolveOffset(file, market, raw.time, raw.ts[0]!, raw.ts[raw.n - 1]!, options.utcOffsetMin);
  const su = buildSymbolUniverse(file, raw.symbols, market, sampleSpreads(raw), options, utcOffsetMin);
  checkSyntheticChoice(file, su, options);
  const session = new SessionWindow(utcOffsetMin, market.sessionOpen, market.sessionClose);
  const shift = raw.time.naive ? utcOffsetMin * 60_000 : 0;
  const { idOfSymbol, tickOfSymbol } = su;
  const isIndex = su.instruments.map((i) => i.kind === 'INDEX');
  // The ticks are written over the parsed rows (row k after row k is read), so no second set of arrays is filled.
  const sink = new TickSink(raw.n, { ts: raw.ts, instrument: raw.sym, ltp: raw.price, bid: raw.bid, ask: raw.ask, bidQty: raw.bidQty, askQty: raw.askQty });
  for (let i = 0; i < raw.n; i++) {
    const ts = raw.ts[i]! - shift;
    if (!session.contains(ts)) continue;
    const s = raw.sym[i]!;
    const id = idOfSymbol[s]!;
    const tick = tickOfSymbol[s]!;
    const ltp = Math.max(tick, microToTicks(raw.price[i]!, tick));
    if (isIndex[id]) {
      sink.push(ts, id, ltp, 0, 0, 0, 0);
    } else {
      const b = raw.bid[i]!;
      const a = raw.ask[i]!;
      sink.push(ts, id, ltp, b === b ? microToTicks(b, tick) : 0, a === a ? microToTicks(a, tick) : 0, raw.bidQty[i]!, raw.askQty[i]!);
    }
  }
  if (sink.n === 0) {
    throw new DataInputError(`${file}: none of the ${fmt(raw.n)} rows falls in the regular session ${market.sessionOpen}–${market.sessionClose} (UTC offset ${utcOffsetMin} min, from ${source})`);
  }
  const kept = sink.n;
  const names = su.instruments.length <= 4 ? su.instruments.map((i) => i.symbol).join(', ') : `${market.symbol} + ${su.instruments.length - 1} more`;
  const summary =
    `ticks: ${names}; ${fmt(kept)} of ${fmt(raw.rows)} rows in the regular session ${market.sessionOpen}–${market.sessionClose} (UTC offset ${utcOffsetMin} min, from ${source})` +
    `${raw.suspicious > 0 ? `, ${fmt(raw.suspicious)} suspicious dropped` : ''}; prices rounded to the tick`;
  return finishSymbolDataset({
    file,
    options,
    su,
    market,
    session,
    utcOffsetMin,
    sink,
    summary,
    settings: { format: 'ticks', utcOffsetMin, session: [market.sessionOpen, market.sessionClose], lotSize: options.lotSize },
  });
}
