/** Turns expected failures (bad input, bad files) into one clear line for the user; no stack traces. */
import { ZodError } from 'zod';
import { DatabaseFileError } from '../adapters/store/db-file-errors.js';
import { MigrationError } from '../adapters/store/migrate.js';
import { NoRateCardError } from '../core/charges/charges.js';
import { InvalidParamsError } from '../core/params/schema.js';

/** A user-facing error: printed as its message, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The message to show for an error thrown by a command, or null when it is a bug (to be reported as such). */
export function userMessage(error: unknown): string | null {
  if (error instanceof UsageError || error instanceof InvalidParamsError || error instanceof NoRateCardError) return error.message;
  // A corrupt, read-only or full database file, or a migration history that does not match: the message names the file and the remedy.
  if (error instanceof DatabaseFileError || error instanceof MigrationError) return error.message;
  if (error instanceof ZodError) {
    return `invalid input: ${error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`;
  }
  if (error instanceof RangeError || (error instanceof Error && /^\S+\.json: /.test(error.message))) return error.message;
  return null;
}
