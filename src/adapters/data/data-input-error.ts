/** The error of a data file or loader option the user can fix: one line naming the file, line/column or option, and the rule. */

/**
 * Extends RangeError so the CLI's existing error handling prints the message alone (exit code 2)
 * rather than reporting a bug with a stack trace.
 */
export class DataInputError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'DataInputError';
  }
}
