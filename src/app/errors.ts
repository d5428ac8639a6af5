/** One error vocabulary for every surface: a code, the field and rule at fault, a hint; mapped to exit codes and HTTP statuses. */
import { ZodError } from 'zod';
import { DataInputError } from '../adapters/data/data-input-error.js';
import { RecordingFormatError } from '../adapters/recorder/recording-error.js';
import { DatabaseFileError } from '../adapters/store/db-file-errors.js';
import { IdempotencyConflict } from '../adapters/store/experiment-store.js';
import { MigrationError } from '../adapters/store/migrate.js';
import { SweepSpaceError } from '../backtest/sweep/sweep-space-error.js';
import { NoRateCardError } from '../core/charges/charges.js';
import { InvalidRateCardError } from '../core/charges/rate-card.js';
import { InvalidParamsError } from '../core/params/schema.js';
import { AgentCommandError } from './runtime/agent-command-error.js';

export const ERROR_CODES = [
  'INVALID_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'RISK_REJECTED',
  'RATE_LIMITED',
  'UNAVAILABLE',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** HTTP status of each code (REST); MCP reports the code in a tool error. */
export const HTTP_STATUS: Readonly<Record<ErrorCode, number>> = {
  INVALID_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RISK_REJECTED: 422,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

/** CLI exit code of each code: 2 for anything the user can fix, 3 when something is unavailable, 1 for a bug. */
export const EXIT_CODE: Readonly<Record<ErrorCode, number>> = {
  INVALID_INPUT: 2,
  UNAUTHENTICATED: 2,
  FORBIDDEN: 2,
  NOT_FOUND: 2,
  CONFLICT: 2,
  RISK_REJECTED: 2,
  RATE_LIMITED: 3,
  UNAVAILABLE: 3,
  INTERNAL: 1,
};

/** One problem with the input: the field (dotted path, "(root)" for the whole input) and the rule it broke. */
export interface FieldIssue {
  readonly field: string;
  readonly rule: string;
}

/** An error every surface shows the same way. `message` is one line a trader can act on. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly issues: readonly FieldIssue[];
  readonly hint: string | undefined;

  constructor(code: ErrorCode, message: string, opts: { issues?: readonly FieldIssue[]; hint?: string; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'AppError';
    this.code = code;
    this.issues = opts.issues ?? [];
    this.hint = opts.hint;
  }

  /** The wire form: no stack, no cause; the same on REST, MCP and `--json`. */
  toJSON(): { error: { code: ErrorCode; message: string; issues: readonly FieldIssue[]; hint?: string } } {
    return { error: { code: this.code, message: this.message, issues: this.issues, ...(this.hint === undefined ? {} : { hint: this.hint }) } };
  }
}

export const invalidInput = (issues: readonly FieldIssue[], hint?: string): AppError =>
  new AppError('INVALID_INPUT', `invalid input: ${issues.map((i) => `${i.field}: ${i.rule}`).join('; ')}`, { issues, ...(hint === undefined ? {} : { hint }) });

/** Field issues of a zod error, with the path as the field. */
export function zodIssues(error: ZodError): FieldIssue[] {
  return error.issues.map((i) => ({
    field: i.path.length > 0 ? i.path.map(String).join('.') : '(root)',
    rule: i.code === 'unrecognized_keys' ? `unknown field(s): ${i.keys.join(', ')}` : i.message,
  }));
}

/**
 * Classifies anything thrown by a command. Known user-fixable failures keep their message; anything
 * else is INTERNAL (a bug: the surface logs it and shows no stack to the client).
 */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof ZodError) return invalidInput(zodIssues(error));
  if (error instanceof InvalidParamsError) {
    return new AppError('INVALID_INPUT', error.message, { issues: error.issues.map((i) => ({ field: i.field, rule: i.message })) });
  }
  if (error instanceof SweepSpaceError) {
    return new AppError('INVALID_INPUT', error.message, { issues: [{ field: error.param ?? 'space', rule: error.rule }] });
  }
  if (error instanceof NoRateCardError) {
    return new AppError('INVALID_INPUT', error.message, { issues: [{ field: 'date', rule: 'no rate card is in force on it' }] });
  }
  if (error instanceof IdempotencyConflict) {
    return new AppError('CONFLICT', error.message, { issues: [{ field: 'idempotencyKey', rule: 'was already used for a different idea' }], cause: error });
  }
  if (error instanceof AgentCommandError) return new AppError(error.code, error.message, { cause: error });
  if (error instanceof DatabaseFileError) return new AppError('UNAVAILABLE', error.message, { cause: error });
  if (error instanceof MigrationError) return new AppError('UNAVAILABLE', error.message, { cause: error });
  if (error instanceof DataInputError || error instanceof RecordingFormatError || error instanceof InvalidRateCardError) {
    return new AppError('INVALID_INPUT', error.message, { cause: error });
  }
  return new AppError('INTERNAL', 'internal error: the failure was logged; please report it', { cause: error });
}
