/** Parses the CLI's data flags (`--columns underlying=spx_close,…`, `--synthetic-options iv=0.15,…`, …) into DatasetOptions; errors name the flag and the key. */
import { DataInputError } from './data-input-error.js';
import { SYNTHETIC_KEYS, validateDatasetOptions, type DatasetOptions, type OptionLabels } from './dataset-options.js';

/** The flags as strings, exactly as the command line gave them. */
export interface DatasetFlags {
  readonly columns?: string | undefined;
  readonly syntheticOptions?: string | undefined;
  readonly strike?: string | undefined;
  readonly expiry?: string | undefined;
  readonly lotSize?: string | undefined;
  readonly utcOffsetMin?: string | undefined;
  readonly symbol?: string | undefined;
}

const FLAG_LABELS: OptionLabels = {
  columns: '--columns',
  syntheticOptions: '--synthetic-options',
  strike: '--strike',
  expiry: '--expiry',
  lotSize: '--lot-size',
  utcOffsetMin: '--utc-offset-min',
  symbol: '--symbol',
};

/** `a=1,b=x` → [[a, '1'], [b, 'x']]; refuses an item without `=`, an empty key or value, and a repeated key. */
function keyValues(flag: string, text: string): [string, string][] {
  const out: [string, string][] = [];
  const seen = new Set<string>();
  for (const item of text.split(',')) {
    if (item.trim() === '') continue;
    const eq = item.indexOf('=');
    const key = (eq < 0 ? item : item.slice(0, eq)).trim();
    const value = eq < 0 ? '' : item.slice(eq + 1).trim();
    if (eq < 0 || key === '' || value === '') throw new DataInputError(`${flag}: "${item.trim()}" must be key=value (e.g. ${flag === '--columns' ? 'underlying=spx_close' : 'iv=0.15'})`);
    if (seen.has(key)) throw new DataInputError(`${flag}: key "${key}" is given twice`);
    seen.add(key);
    out.push([key, value]);
  }
  if (out.length === 0) throw new DataInputError(`${flag}: needs key=value pairs separated by commas, got "${text}"`);
  return out;
}

function number(where: string, text: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n)) throw new DataInputError(`${where}: must be a number, got "${text}"`);
  return n;
}

function wholeNumber(where: string, text: string): number {
  if (!/^[+-]?\d+$/.test(text.trim())) throw new DataInputError(`${where}: must be a whole number, got "${text}"`);
  return Number(text);
}

function syntheticFrom(text: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of keyValues('--synthetic-options', text)) {
    const where = `--synthetic-options ${key}`;
    if (!(SYNTHETIC_KEYS as readonly string[]).includes(key)) {
      throw new DataInputError(`--synthetic-options: unknown key "${key}"; the keys are ${SYNTHETIC_KEYS.join(', ')}`);
    }
    if (key === 'expiry') out[key] = value;
    else if (key === 'strikesEachSide' || key === 'lotSize') out[key] = wholeNumber(where, value);
    else out[key] = number(where, value);
  }
  return out;
}

/** DatasetOptions from the flags; every value is checked (see validateDatasetOptions) with messages naming the flag. */
export function parseDatasetFlags(flags: DatasetFlags): DatasetOptions {
  const raw: Record<string, unknown> = {};
  if (flags.columns !== undefined) raw.columns = Object.fromEntries(keyValues('--columns', flags.columns));
  if (flags.syntheticOptions !== undefined) raw.syntheticOptions = syntheticFrom(flags.syntheticOptions);
  if (flags.strike !== undefined) raw.strike = number('--strike', flags.strike);
  if (flags.expiry !== undefined) raw.expiry = flags.expiry.trim();
  if (flags.lotSize !== undefined) raw.lotSize = wholeNumber('--lot-size', flags.lotSize);
  if (flags.utcOffsetMin !== undefined) raw.utcOffsetMin = wholeNumber('--utc-offset-min', flags.utcOffsetMin);
  if (flags.symbol !== undefined) raw.symbol = flags.symbol.trim();
  return validateDatasetOptions(raw, FLAG_LABELS);
}
