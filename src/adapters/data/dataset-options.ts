/** What loadDataset can be told: a panel's column mapping and contract, synthetic options, the UTC offset; with the rules each value must meet. */
import { dateToDayNumber } from '../../core/calendar/exchange-time.js';
import { DataInputError } from './data-input-error.js';

/** Roles of a CE/PE panel's columns; `ts` defaults to the file's ts_ms or ts column. */
export const PANEL_ROLES = ['ts', 'underlying', 'ceBid', 'ceAsk', 'ceLast', 'peBid', 'peAsk', 'peLast'] as const;
export type PanelRole = (typeof PANEL_ROLES)[number];
/** Role → column name (header names match case-insensitively). */
export type PanelColumns = Partial<Record<PanelRole, string>>;

/** CE/PE premiums derived by Black-Scholes from an underlying-only file. Prices in major units (3700, 0.05). */
export interface SyntheticOptions {
  /** Annualised implied volatility every strike is priced at, e.g. 0.15. */
  readonly iv: number;
  /** Distance between strikes, major units (default per underlying: NIFTY 50, SENSEX 100, SPX 5, SPY 1). */
  readonly strikeStep?: number;
  /** Strikes on each side of the one nearest the day's open (default 3: a chain of 7). */
  readonly strikesEachSide?: number;
  /**
   * '0dte' (default): each day's options expire at its close; 'weekly': the exchange's nearest expiry in force
   * on the date (NIFTY, SENSEX: dated rules and holidays, monthly-only periods included; US: the next Friday).
   */
  readonly expiry?: '0dte' | 'weekly';
  /** Units per lot (default: NIFTY, SENSEX the lot size in force on each date from config/instruments.json; US 100). */
  readonly lotSize?: number;
  /** Option price step, major units (default per underlying: 0.05 India and SPX, 0.01 other US). */
  readonly optionTick?: number;
  /** Continuous annual risk-free rate (default 0). */
  readonly rate?: number;
}

export interface DatasetOptions {
  /** Panel column mapping; giving it makes the file a panel. The known SPX/SPXW panel needs none. */
  readonly columns?: PanelColumns;
  /** Derive CE/PE from underlying-only ticks or bars; the dataset is then labelled synthetic. */
  readonly syntheticOptions?: SyntheticOptions;
  /** Panel strike, major units (default 3700 for the known SPX panel; required for other panels). */
  readonly strike?: number;
  /** Panel expiry: '0dte' (default, each row's own date) or YYYY-MM-DD; with syntheticOptions: '0dte' or 'weekly'. */
  readonly expiry?: string;
  /** Units per lot of the options the loader creates (panel, synthetic, option symbols of a tick file), instead of the dated contract table. */
  readonly lotSize?: number;
  /** The exchange's UTC offset in minutes, overriding what the loader derives (ISO offsets, IST, US Eastern DST rules). */
  readonly utcOffsetMin?: number;
  /** Underlying symbol of a panel or of a bar file without a symbol column. */
  readonly symbol?: string;
}

export const SYNTHETIC_KEYS = ['iv', 'strikeStep', 'strikesEachSide', 'expiry', 'lotSize', 'optionTick', 'rate'] as const;

/** How to name a field in messages: `syntheticOptions.iv` for API callers, `--synthetic-options iv` for the CLI. */
export interface OptionLabels {
  readonly columns: string;
  readonly syntheticOptions: string;
  readonly strike: string;
  readonly expiry: string;
  readonly lotSize: string;
  readonly utcOffsetMin: string;
  readonly symbol: string;
}

export const API_LABELS: OptionLabels = {
  columns: 'options.columns',
  syntheticOptions: 'options.syntheticOptions',
  strike: 'options.strike',
  expiry: 'options.expiry',
  lotSize: 'options.lotSize',
  utcOffsetMin: 'options.utcOffsetMin',
  symbol: 'options.symbol',
};

function fail(where: string, rule: string, got: unknown): never {
  throw new DataInputError(`${where}: ${rule}, got ${typeof got === 'string' ? `"${got}"` : JSON.stringify(got)}`);
}

/** A finite number of whole cents/paise (at most 2 decimals), > 0. */
export function checkPriceStep(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || Math.abs(value * 100 - Math.round(value * 100)) > 1e-9) {
    fail(where, 'must be a price > 0 with at most 2 decimals (major units, e.g. 0.05)', value);
  }
  return value;
}

export function checkPositiveInt(value: unknown, where: string, max = 1_000_000): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) fail(where, `must be a whole number in 1..${max}`, value);
  return value;
}

export function checkUtcOffset(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < -720 || value > 840) fail(where, 'must be whole minutes in -720..840 (IST 330, US Eastern -300 or -240)', value);
  return value;
}

export function checkExpiry(value: unknown, where: string): string {
  if (value === '0dte' || value === 'weekly') return value;
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    try {
      dateToDayNumber(value);
      return value;
    } catch {
      // falls through to the rule below
    }
  }
  return fail(where, "must be '0dte', 'weekly' or a date YYYY-MM-DD", value);
}

export function checkSymbol(value: unknown, where: string): string {
  if (typeof value !== 'string' || !/^[A-Za-z][A-Za-z0-9&_.-]{0,39}$/.test(value)) fail(where, 'must be a symbol of letters and digits starting with a letter, e.g. SPX', value);
  return value.toUpperCase();
}

export function checkColumns(value: unknown, where: string): PanelColumns {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) fail(where, 'must map panel roles to column names', value);
  const out: Partial<Record<PanelRole, string>> = {};
  for (const [key, name] of Object.entries(value as Record<string, unknown>)) {
    if (!(PANEL_ROLES as readonly string[]).includes(key)) {
      throw new DataInputError(`${where}: unknown key "${key}"; the keys are ${PANEL_ROLES.join(', ')}`);
    }
    if (typeof name !== 'string' || name.trim() === '') fail(`${where} ${key}`, 'must name a column', name);
    out[key as PanelRole] = name.trim();
  }
  return out;
}

export function checkSynthetic(value: unknown, where: string): SyntheticOptions {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) fail(where, 'must be an object with at least iv', value);
  const o = value as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!(SYNTHETIC_KEYS as readonly string[]).includes(key)) {
      throw new DataInputError(`${where}: unknown key "${key}"; the keys are ${SYNTHETIC_KEYS.join(', ')}`);
    }
  }
  const at = (key: string): string => `${where} ${key}`;
  if (o.iv === undefined) throw new DataInputError(`${where}: iv is required (annualised implied volatility, e.g. iv=0.15)`);
  if (typeof o.iv !== 'number' || !Number.isFinite(o.iv) || o.iv <= 0 || o.iv > 5) fail(at('iv'), 'must be an annualised volatility in (0, 5], e.g. 0.15', o.iv);
  const out: { -readonly [K in keyof SyntheticOptions]: SyntheticOptions[K] } = { iv: o.iv };
  if (o.strikeStep !== undefined) out.strikeStep = checkPriceStep(o.strikeStep, at('strikeStep'));
  if (o.strikesEachSide !== undefined) {
    if (typeof o.strikesEachSide !== 'number' || !Number.isInteger(o.strikesEachSide) || o.strikesEachSide < 0 || o.strikesEachSide > 50) {
      fail(at('strikesEachSide'), 'must be a whole number in 0..50', o.strikesEachSide);
    }
    out.strikesEachSide = o.strikesEachSide;
  }
  if (o.expiry !== undefined) {
    if (o.expiry !== '0dte' && o.expiry !== 'weekly') fail(at('expiry'), "must be '0dte' or 'weekly'", o.expiry);
    out.expiry = o.expiry;
  }
  if (o.lotSize !== undefined) out.lotSize = checkPositiveInt(o.lotSize, at('lotSize'));
  if (o.optionTick !== undefined) out.optionTick = checkPriceStep(o.optionTick, at('optionTick'));
  if (o.rate !== undefined) {
    if (typeof o.rate !== 'number' || !Number.isFinite(o.rate) || o.rate < -0.2 || o.rate > 1) fail(at('rate'), 'must be a continuous annual rate in [-0.2, 1], e.g. 0.05', o.rate);
    out.rate = o.rate;
  }
  return out;
}

const OPTION_KEYS = ['columns', 'syntheticOptions', 'strike', 'expiry', 'lotSize', 'utcOffsetMin', 'symbol'] as const;

/** Checks every field (unknown fields included) and returns a normalised copy; throws a DataInputError naming the field and the rule. */
export function validateDatasetOptions(options: DatasetOptions, labels: OptionLabels = API_LABELS): DatasetOptions {
  const raw = options as Record<string, unknown>;
  for (const key of Object.keys(raw)) {
    if (!(OPTION_KEYS as readonly string[]).includes(key) && raw[key] !== undefined) {
      throw new DataInputError(`options: unknown option "${key}"; the options are ${OPTION_KEYS.join(', ')}`);
    }
  }
  const out: { -readonly [K in keyof DatasetOptions]: DatasetOptions[K] } = {};
  if (options.columns !== undefined) out.columns = checkColumns(options.columns, labels.columns);
  if (options.syntheticOptions !== undefined) out.syntheticOptions = checkSynthetic(options.syntheticOptions, labels.syntheticOptions);
  if (options.strike !== undefined) out.strike = checkPriceStep(options.strike, labels.strike);
  if (options.expiry !== undefined) out.expiry = checkExpiry(options.expiry, labels.expiry);
  if (options.lotSize !== undefined) out.lotSize = checkPositiveInt(options.lotSize, labels.lotSize);
  if (options.utcOffsetMin !== undefined) out.utcOffsetMin = checkUtcOffset(options.utcOffsetMin, labels.utcOffsetMin);
  if (options.symbol !== undefined) out.symbol = checkSymbol(options.symbol, labels.symbol);
  const synth = out.syntheticOptions;
  if (synth !== undefined) {
    if (out.expiry !== undefined && synth.expiry !== undefined && out.expiry !== synth.expiry) {
      throw new DataInputError(`${labels.expiry}: "${out.expiry}" contradicts ${labels.syntheticOptions} expiry "${synth.expiry}"; give one`);
    }
    if (out.expiry !== undefined && out.expiry !== '0dte' && out.expiry !== 'weekly') {
      throw new DataInputError(`${labels.expiry}: synthetic options expire '0dte' or 'weekly', got "${out.expiry}"`);
    }
    if (out.lotSize !== undefined && synth.lotSize !== undefined && out.lotSize !== synth.lotSize) {
      throw new DataInputError(`${labels.lotSize}: ${out.lotSize} contradicts ${labels.syntheticOptions} lotSize ${synth.lotSize}; give one`);
    }
  } else if (out.expiry === 'weekly') {
    throw new DataInputError(`${labels.expiry}: 'weekly' applies to synthetic options only; a panel's expiry is '0dte' or YYYY-MM-DD`);
  }
  return out;
}
