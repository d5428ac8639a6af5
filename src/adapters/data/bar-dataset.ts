/** A bar file's dataset: each in-session bar expands to four ticks along the conservative path (see bar-path.ts). */
import { basename } from 'node:path';
import { barPath, barTickOffsets, inferBarMs } from './bar-path.js';
import { readBarRows } from './bar-rows.js';
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
import type { BarLayout } from './text-layout.js';
import { TickSink } from './tick-sink.js';

/** The symbol of a bar file without a symbol column: the option, else the file name up to its first non-letter/digit (spx_1m.csv → SPX). */
function defaultSymbol(file: string, options: DatasetOptions): string {
  if (options.symbol !== undefined) return options.symbol;
  const m = /^[A-Za-z][A-Za-z0-9]*/.exec(basename(file));
  if (m === null) throw new DataInputError(`${file}: a bar file without a symbol column needs the symbol option (--symbol SPX)`);
  return m[0].toUpperCase();
}

const fmt = (n: number): string => n.toLocaleString('en-US');

export function barDataset(file: string, cursor: CsvCursor, layout: BarLayout, options: DatasetOptions): BuiltDataset {
  const synthetic = options.syntheticOptions !== undefined;
  refuseOtherOptions(file, 'a bar file', options, [
    'lotSize',
    'utcOffsetMin',
    'syntheticOptions',
    ...(synthetic ? (['expiry'] as const) : []),
    ...(layout.symbol < 0 ? (['symbol'] as const) : []),
  ]);
  const raw = readBarRows(cursor, layout, layout.symbol < 0 ? defaultSymbol(file, options) : '');
  if (raw.n === 0) throw new DataInputError(`${file}: no data rows after the header (line ${cursor.headerLine})`);
  const market = underlyingMarket(file, raw.symbols);
  const { utcOffsetMin, source } = resolveOffset(file, market, raw.time, raw.ts[0]!, raw.ts[raw.n - 1]!, options.utcOffsetMin);
  const su = buildSymbolUniverse(file, raw.symbols, market, [], options, utcOffsetMin);
  checkSyntheticChoice(file, su, options);
  const session = new SessionWindow(utcOffsetMin, market.sessionOpen, market.sessionClose);
  const shift = raw.time.naive ? utcOffsetMin * 60_000 : 0;
  const barMs = inferBarMs(raw.ts, raw.n);
  const offsets = barTickOffsets(barMs);
  const sink = new TickSink(raw.n * 4);
  let bars = 0;
  // Bars with the same start (several symbols) interleave: all opens, then all second ticks, and so on.
  for (let a = 0; a < raw.n; ) {
    let b = a + 1;
    while (b < raw.n && raw.ts[b] === raw.ts[a]) b++;
    const start = raw.ts[a]! - shift;
    if (session.contains(start)) {
      bars += b - a;
      for (let k = 0; k < 4; k++) {
        for (let i = a; i < b; i++) {
          const s = raw.sym[i]!;
          const tick = su.tickOfSymbol[s]!;
          const path = barPath(raw.open[i]!, raw.high[i]!, raw.low[i]!, raw.close[i]!);
          sink.push(start + offsets[k]!, su.idOfSymbol[s]!, Math.max(tick, microToTicks(path[k]!, tick)), 0, 0, 0, 0);
        }
      }
    }
    a = b;
  }
  if (bars === 0) {
    throw new DataInputError(`${file}: none of the ${fmt(raw.n)} bars starts in the regular session ${market.sessionOpen}–${market.sessionClose} (UTC offset ${utcOffsetMin} min, from ${source})`);
  }
  const seconds = barMs / 1000;
  const summary =
    `bars: ${su.instruments.map((i) => i.symbol).join(', ')}; ${fmt(bars)} of ${fmt(raw.n)} ${seconds}-second bars in the regular session ${market.sessionOpen}–${market.sessionClose} ` +
    `(UTC offset ${utcOffsetMin} min, from ${source}), each expanded to 4 ticks open → adverse extreme → other extreme → close at ` +
    `+0, +${offsets[1] / 1000} s, +${offsets[2] / 1000} s, +${offsets[3] / 1000} s of the bar start; prices rounded to the tick`;
  return finishSymbolDataset({
    file,
    options,
    su,
    market,
    session,
    utcOffsetMin,
    sink,
    summary,
    settings: { format: 'bars', utcOffsetMin, barMs, symbol: raw.symbols[0], session: [market.sessionOpen, market.sessionClose], lotSize: options.lotSize },
  });
}
