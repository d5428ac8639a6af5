/** How the CLI reports each kind of failure: the exit code of its error code, one line, the JSON form with --json, a bug's stack only with SCALPER_DEBUG=1. */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/app/errors.js';
import { DatabaseFileError } from '../../src/adapters/store/db-file-errors.js';
import { Interrupted, reportError, usageError } from '../../src/cli/errors.js';

function report(error: unknown, o: { json?: boolean; debug?: boolean } = {}): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const code = reportError(error, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, json: o.json === true, debug: o.debug === true }, 'backtest');
  return { code, stdout, stderr };
}

describe('reportError', () => {
  it('prints bad input as one line naming the flag, with its hint, exit 2', () => {
    expect(report(usageError('--days', 'must be 1..250, got 0', 'run `scalper backtest --help`'))).toEqual({
      code: 2,
      stdout: '',
      stderr: 'scalper: --days: must be 1..250, got 0\nhint: run `scalper backtest --help`\n',
    });
  });

  it('gives each code its exit code: an unusable database is 3, a conflict 2', () => {
    expect(report(new DatabaseFileError('/db/auto-trades.sqlite', 'corrupt', '/db/auto-trades.sqlite is not a valid database')).code).toBe(3);
    expect(report(new AppError('CONFLICT', 'idempotencyKey: "k" was already used')).code).toBe(2);
    expect(report(new Interrupted('sweep cancelled by Ctrl-C; no results'))).toEqual({ code: 130, stdout: '', stderr: 'scalper: sweep cancelled by Ctrl-C; no results\n' });
  });

  it('rephrases the argument parser’s errors, naming the flag', () => {
    const parseError = Object.assign(new TypeError("Unknown option '--bogus'. To specify a positional argument starting with a '-', place it at the end of the command after '--', as in '-- \"--bogus\""), { code: 'ERR_PARSE_ARGS_UNKNOWN_OPTION' });
    expect(report(parseError)).toEqual({ code: 2, stdout: '', stderr: 'scalper: --bogus: unknown flag for `scalper backtest`\nhint: run `scalper backtest --help`\n' });
  });

  it('with --json also prints the error’s JSON form on stdout, control characters escaped', () => {
    const r = report(usageError('--data', 'got "\u0001\u0002"'), { json: true });
    expect(r.stderr).toBe('scalper: --data: got "\\u0001\\u0002"\n');
    expect(JSON.parse(r.stdout)).toEqual({ error: { code: 'INVALID_INPUT', message: '--data: got "\\u0001\\u0002"', issues: [{ field: '--data', rule: 'got "\\u0001\\u0002"' }] } });
  });

  it('reports a bug in one line (exit 1) and prints its stack only with SCALPER_DEBUG=1', () => {
    const bug = new RangeError('invalid tick for instrument 0: ltp Infinity');
    const plain = report(bug);
    expect(plain).toEqual({
      code: 1,
      stdout: '',
      stderr: 'scalper: internal error (a bug, please report it): invalid tick for instrument 0: ltp Infinity\nhint: run again with SCALPER_DEBUG=1 to print the stack\n',
    });
    const debug = report(bug, { debug: true });
    expect(debug.code).toBe(1);
    expect(debug.stderr).toContain(bug.stack!);
  });
});
