/** Flag parsing for every command: node's parseArgs with negative numbers accepted as values, and each flag value converted with a message naming the flag. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { AppError, toAppError } from '../app/errors.js';
import { dateToDayNumber } from '../core/calendar/exchange-time.js';
import { usageError } from './errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * `--days -1` as `--days=-1`: parseArgs reads a value starting with "-" as another flag, so a string
 * flag followed by a negative number takes it as its value (the value's rule then refuses it by name).
 */
export function joinNegativeValues(argv: readonly string[], options: Options): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const next = argv[i + 1];
    const name = a.startsWith('--') && !a.includes('=') ? a.slice(2) : undefined;
    if (name !== undefined && options[name]?.type === 'string' && next !== undefined && /^-(\d|\.\d)/.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}

/** parseArgs, strict, over `argv` with negative values joined (see joinNegativeValues). */
export function parseFlags<O extends Options>(argv: readonly string[], options: O, allowPositionals = false) {
  return parseArgs({ args: joinNegativeValues(argv, options), options, strict: true, allowPositionals });
}

/** A whole number from `--flag`'s text; undefined when the flag was not given. Ranges are the app's to check. */
export function wholeFlag(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[+-]?\d+$/.test(value.trim())) throw usageError(flag, `must be a whole number, got "${value.slice(0, 40)}"`);
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw usageError(flag, `must be a whole number of at most 15 digits, got "${value.slice(0, 40)}"`);
  return n;
}

/** A finite number from `--flag`'s text; undefined when the flag was not given. */
export function numberFlag(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw usageError(flag, `must be a number, got "${value.slice(0, 40)}"`);
  return n;
}

/** A whole number within [min, max] (for flags no app schema checks). */
export function boundedWhole(flag: string, value: string | undefined, min: number, max: number): number | undefined {
  const n = wholeFlag(flag, value);
  if (n !== undefined && (n < min || n > max)) throw usageError(flag, `must be ${min}..${max}, got ${n}`);
  return n;
}

/** A real calendar date YYYY-MM-DD. */
export function dateFlag(flag: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw usageError(flag, `must be a date YYYY-MM-DD, got "${value.slice(0, 40)}"`);
  try {
    dateToDayNumber(value);
  } catch {
    throw usageError(flag, `must be a real calendar date, got ${value}`);
  }
  return value;
}

/** Refuses each given flag of `flags` with `rule` (flags that do not apply to this form of the command). */
export function refuseFlags(values: Record<string, unknown>, flags: readonly string[], rule: string): void {
  for (const f of flags) {
    if (values[f] !== undefined && values[f] !== false) throw usageError(`--${f}`, rule);
  }
}

/**
 * Runs `fn`; an error from the app names input fields (`startDate`, or `idempotencyKey` of a CONFLICT),
 * which are renamed to the flags that set them (`--start-date`) so the message names what the user typed.
 */
export async function withFlagNames<T>(names: Readonly<Record<string, string>>, fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    const app = toAppError(e);
    if (app.issues.length === 0) throw e;
    // A whole path may have its own flag (budget.quickFraction → --quick-fraction); else the flag of its longest
    // named prefix leads, followed by the rest (space.axes.momentumTicks → --grid momentumTicks).
    const rename = (field: string): string => {
      if (names[field] !== undefined) return names[field];
      const parts = field.split('.');
      for (let n = parts.length - 1; n >= 1; n--) {
        const flag = names[parts.slice(0, n).join('.')];
        if (flag === undefined) continue;
        const rest = parts.slice(n);
        return rest[0] === '(root)' ? flag : `${flag} ${rest.join('.')}`;
      }
      return field;
    };
    const issues = app.issues.map((i) => ({ field: rename(i.field), rule: i.rule }));
    if (issues.every((i, k) => i.field === app.issues[k]!.field)) throw e;
    const message = issues.map((i) => `${i.field}: ${i.rule}`).join('; ');
    throw new AppError(app.code, message, { issues, ...(app.hint === undefined ? {} : { hint: app.hint }), cause: e });
  }
}
