/** How the CLI fails: bad flags become INVALID_INPUT AppErrors, and every error is printed as one line (JSON too with --json) with the exit code of its code. */
import { AppError, EXIT_CODE, toAppError, type FieldIssue } from '../app/errors.js';

/** A refused flag or argument: INVALID_INPUT naming `field` (e.g. `--days`) and the rule it broke. */
export function usageError(field: string, rule: string, hint?: string): AppError {
  return new AppError('INVALID_INPUT', `${field}: ${rule}`, { issues: [{ field, rule }], ...(hint === undefined ? {} : { hint }) });
}

/** The user stopped the command (Ctrl-C): reported as it is, exit code 130. */
export class Interrupted extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Interrupted';
  }
}

/** Control characters, stray surrogates and U+FFFD (undecodable bytes) as escapes, so a message never echoes raw bytes. */
export function escapeText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ufffd]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, (c) =>
    c === '\ufffd' ? '\\ufffd' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** One line: newlines and tabs inside a message become spaces; other control characters are escaped. */
const oneLine = (text: string): string => escapeText(text.replace(/\s*[\r\n\t]+\s*/g, ' ')).trim();

/** Where a failure is reported. */
export interface ErrorOutput {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  /** Also print the error's JSON form on stdout (the command was given --json). */
  readonly json: boolean;
  /** Print the stack of an INTERNAL error (SCALPER_DEBUG=1). */
  readonly debug: boolean;
}

/** The AppError of a parse failure of node's parseArgs, naming the flag; undefined for anything else. */
function parseArgsError(error: unknown, command: string | undefined): AppError | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('ERR_PARSE_ARGS')) return undefined;
  const message = (error as Error).message;
  const flag = /'(-{1,2}[^'\s]+)/.exec(message)?.[1];
  const hint = `run \`scalper ${command === undefined ? '' : `${command} `}--help\``;
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return usageError(flag ?? '(flag)', `unknown flag${command === undefined ? '' : ` for \`scalper ${command}\``}`, hint);
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /argument missing|ambiguous/.test(message)
        ? usageError(flag ?? '(flag)', 'needs a value (a value starting with "-" is written --flag=-1)', hint)
        : usageError(flag ?? '(flag)', 'takes no value', hint);
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL': {
      const arg = /'([^']*)'/.exec(message)?.[1] ?? '';
      return usageError('(arguments)', `unexpected argument "${escapeText(arg.slice(0, 40))}"`, hint);
    }
    default:
      return usageError('(arguments)', oneLine(message), hint);
  }
}

/** The AppError for anything a command threw, parse failures of the flags included. */
export function cliAppError(error: unknown, command?: string): AppError {
  return parseArgsError(error, command) ?? toAppError(error);
}

/**
 * Prints `error` and returns the exit code: `scalper: <message>` (and `hint: …`) on stderr, the JSON form
 * on stdout with --json. An INTERNAL error (a bug) prints one line; its stack only with SCALPER_DEBUG=1.
 */
export function reportError(error: unknown, out: ErrorOutput, command?: string): number {
  if (error instanceof Interrupted) {
    out.stderr.write(`scalper: ${error.message}\n`);
    return 130;
  }
  const app = cliAppError(error, command);
  if (app.code === 'INTERNAL') {
    const cause = app.cause ?? error;
    const what = cause instanceof Error ? cause.message : String(cause);
    out.stderr.write(`scalper: internal error (a bug, please report it): ${oneLine(what).slice(0, 300)}\n`);
    if (out.debug) out.stderr.write(`${cause instanceof Error ? (cause.stack ?? cause.message) : String(cause)}\n`);
    else out.stderr.write('hint: run again with SCALPER_DEBUG=1 to print the stack\n');
  } else {
    out.stderr.write(`scalper: ${oneLine(app.message)}\n`);
    if (app.hint !== undefined) out.stderr.write(`hint: ${oneLine(app.hint)}\n`);
  }
  if (out.json) {
    const body = app.toJSON();
    const issues: FieldIssue[] = body.error.issues.map((i) => ({ field: escapeText(i.field), rule: escapeText(i.rule) }));
    out.stdout.write(`${JSON.stringify({ error: { ...body.error, message: oneLine(body.error.message), issues } })}\n`);
  }
  return EXIT_CODE[app.code];
}
