/** A dataset from binary recordings (one `.ticks` file, or a directory of them): universe and ticks as recorded, chains from the universe. */
import type { MarketProfile } from '../../backtest/dataset.js';
import type { OptionInstrument } from '../../core/model/instrument.js';
import type { TickColumns } from '../../sim/market/tick-columns.js';
import { listRecordings, recordingPath } from '../recorder/recording-files.js';
import { RecordingFormatError } from '../recorder/recording-error.js';
import { decodeRecording, type Recording } from '../recorder/recording-reader.js';
import { encodeUniverse } from '../recorder/universe-codec.js';
import type { BuiltDataset } from './built-dataset.js';
import { DataInputError } from './data-input-error.js';
import type { DatasetHash } from './dataset-hash.js';
import type { DatasetOptions } from './dataset-options.js';
import { FileReader } from './file-reader.js';
import { profileForExchange } from './market-defaults.js';
import { chainsFromUniverse } from './option-chains.js';
import { refuseOtherOptions } from './option-scope.js';
import { readMeta, type RecordingMeta } from './recording-meta.js';
import { TickSink } from './tick-sink.js';

function sortedByTsInstrument(c: TickColumns): boolean {
  const { ts, instrument } = c;
  for (let i = 1; i < c.length; i++) {
    const d = ts[i]! - ts[i - 1]!;
    if (d < 0 || (d === 0 && instrument[i]! < instrument[i - 1]!)) return false;
  }
  return true;
}

/** Rows in (ts, instrument) order: recordings keep the order ticks were processed, which may differ within one millisecond. */
function ordered(c: TickColumns, utcOffsetMin: number): TickColumns {
  if (sortedByTsInstrument(c)) return c;
  // Sorted in place: the sink writes each row back where it was read, then reorders.
  const sink = new TickSink(c.length, c);
  for (let i = 0; i < c.length; i++) sink.push(c.ts[i]!, c.instrument[i]!, c.ltp[i]!, c.bid[i]!, c.ask[i]!, c.bidQty[i]!, c.askQty[i]!);
  return sink.finish(utcOffsetMin).days[0]!;
}

/** The file's chunks decoded straight into one TickColumns (no per-chunk arrays to join); the universe taken from `first` when stored alike. */
function decode(path: string, bytes: Buffer, first: Recording | undefined): Recording {
  try {
    return decodeRecording(bytes, path, true, first);
  } catch (e) {
    if (e instanceof RecordingFormatError) throw new DataInputError(e.message);
    throw e;
  }
}

/**
 * `path`: one recording file whose bytes are `single` (the caller hashed its source), or, when `single` is
 * undefined, a directory whose every recording is read, in date order, into one reused buffer and hashed.
 */
export function recordingDataset(path: string, single: Buffer | undefined, options: DatasetOptions, hash: DatasetHash): BuiltDataset {
  refuseOtherOptions(path, 'a binary recording (it stores its own universe and UTC offset)', options, []);
  const paths = single === undefined ? listRecordings(path).map((date) => recordingPath(path, date)) : [path];
  if (paths.length === 0) throw new DataInputError(`${path}: a directory without recordings (YYYY-MM-DD.ticks files)`);
  const recs: Recording[] = [];
  let universeBytes: Uint8Array | undefined;
  let scratch: Buffer | undefined;
  for (const p of paths) {
    let bytes = single;
    if (bytes === undefined) {
      const file = new FileReader(p, hash);
      try {
        bytes = scratch = file.readRest(scratch);
      } finally {
        file.close();
      }
    }
    const firstRec = recs[0];
    const rec = decode(p, bytes, firstRec);
    // Headers that store the same bytes share one decoded universe; others are compared in canonical form.
    if (firstRec !== undefined && rec.universe !== firstRec.universe) {
      universeBytes ??= encodeUniverse(firstRec.universe);
      if (Buffer.compare(universeBytes, encodeUniverse(rec.universe)) !== 0) {
        throw new DataInputError(`${p}: its instruments differ from those of ${paths[0]}; a dataset has one universe: load the recordings separately`);
      }
    }
    if (firstRec !== undefined && rec.utcOffsetMin !== firstRec.utcOffsetMin) {
      throw new DataInputError(`${p}: recorded at UTC offset ${rec.utcOffsetMin} min, ${firstRec.path} at ${firstRec.utcOffsetMin}; a dataset has one offset`);
    }
    recs.push(rec);
  }
  const base = recs[0]!;
  const universe = base.universe;
  const opts = universe.instruments.filter((i): i is OptionInstrument => i.kind === 'OPTION');
  const named = universe.instruments.find((i) => i.kind === 'INDEX' && opts.some((o) => o.underlying === i.symbol));
  const index = named ?? universe.instruments.find((i) => i.kind === 'INDEX');
  if (index === undefined) throw new DataInputError(`${paths[0]}: the recording has no index instrument to serve as the underlying`);
  const metas = paths.map(readMeta).filter((m): m is RecordingMeta => m !== undefined);
  let profile: MarketProfile = profileForExchange(index.exchange, opts[0]?.exchange ?? index.exchange, base.utcOffsetMin);
  if (metas[0] !== undefined) profile = metas[0].profile;
  const dates: string[] = [];
  const days: TickColumns[] = [];
  let ticks = 0;
  const torn: string[] = [];
  for (const rec of recs) {
    if (rec.ticks === 0) continue;
    dates.push(rec.date);
    days.push(ordered(rec.columns[0]!, rec.utcOffsetMin));
    ticks += rec.ticks;
    if (rec.truncated) torn.push(`${rec.path} (after byte ${rec.validBytes})`);
  }
  if (ticks === 0) throw new DataInputError(`${path}: the recording holds no ticks`);
  const synthetic = metas.some((m) => m.synthetic);
  const imported = [...new Set(metas.map((m) => m.description))];
  const description =
    `${synthetic ? 'SYNTHETIC options: ' : ''}recording: ${dates.length === 1 ? dates[0] : `${dates[0]}..${dates[dates.length - 1]} (${dates.length} dates)`}, ` +
    `${ticks.toLocaleString('en-US')} ticks, ${universe.instruments.length} instruments` +
    `${torn.length > 0 ? `; torn tail ignored in ${torn.join(', ')}` : ''}${imported.length > 0 ? `; imported from ${imported.join(' | ')}` : ''}`;
  return {
    description,
    universe,
    underlying: index.id,
    dates,
    days,
    chains: chainsFromUniverse(universe, dates),
    profile,
    synthetic,
    settings: { format: 'recording', files: paths.length },
  };
}
