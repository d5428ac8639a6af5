/** The error of a data file or loader option the user can fix: one line naming the file, line/column or option, and the rule; it never echoes raw bytes. */

/** Control characters, stray surrogates and U+FFFD (bytes that were not UTF-8) as \uXXXX escapes. */
function escapeBytes(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\ufffd]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** At most `max` characters of `text` for a message, escaped (a cut is marked with …). */
export function snippet(text: string, max = 20): string {
  const chars = [...text];
  return escapeBytes(chars.length <= max ? text : `${chars.slice(0, max).join('')}…`);
}

/** Quoted values longer than this are cut: a message quotes a few characters of a field, never a whole line of a binary file. */
const MAX_QUOTED = 40;

/** `q` cut to MAX_QUOTED characters without splitting a \uXXXX escape. */
const cut = (q: string): string => (q.length <= MAX_QUOTED ? q : `${q.slice(0, MAX_QUOTED).replace(/\\u[0-9a-f]{0,3}$|\\$/, '')}…`);

/**
 * Extends RangeError so the CLI's existing error handling prints the message alone (exit code 2)
 * rather than reporting a bug with a stack trace. The message is made safe to print: control and
 * undecodable bytes are escaped and long quoted values cut.
 */
export class DataInputError extends RangeError {
  constructor(message: string) {
    super(escapeBytes(message).replace(/"([^"]+)"/g, (_, q: string) => `"${cut(q)}"`));
    this.name = 'DataInputError';
  }
}
