/** Renders the operation table of docs/api.md from the registry (method, path, kind, scopes, summary), and replaces any generated block between marker comments (docs/mcp.md's tables too). */
import type { Operation } from './operation.js';

export const OPERATIONS_BEGIN = '<!-- operations:begin (generated from src/app/registry by `npm run docs`; do not edit) -->';
export const OPERATIONS_END = '<!-- operations:end -->';

/** The scopes that may call `op`: the trader always, then the others it names. */
export const scopesOf = (op: Pick<Operation, 'scopes'>): string => ['trader', ...op.scopes].join(', ');

/** Text made safe for one markdown table cell. */
export const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** An operation's REST route as the tables show it. */
export const routeOf = (op: Pick<Operation, 'http'>): string => `${op.http.method} /api/v1${op.http.path}`;

/** The markdown table of every operation, between the markers. */
export function operationsTable(ops: readonly Operation[]): string {
  const rows = ops.map((o) => `| \`${routeOf(o)}\` | \`${o.name}\` | ${o.kind} | ${scopesOf(o)} | ${cell(o.summary)} |`);
  return [OPERATIONS_BEGIN, '', '| route | operation | kind | scopes | what it does |', '|---|---|---|---|---|', ...rows, '', OPERATIONS_END].join('\n');
}

/** `doc` with the block from `begin` to `end` (both markers included) replaced by `block`, which starts and ends with them; `file` names the doc when a marker is missing. */
export function withGeneratedBlock(doc: string, file: string, begin: string, end: string, block: string): string {
  const start = doc.indexOf(begin);
  const stop = doc.indexOf(end);
  if (start < 0 || stop < start) throw new Error(`${file}: the markers ${begin} … ${end} are missing`);
  return `${doc.slice(0, start)}${block}${doc.slice(stop + end.length)}`;
}

/** `doc` with its generated table replaced by the current one. */
export function withOperationsTable(doc: string, ops: readonly Operation[]): string {
  return withGeneratedBlock(doc, 'docs/api.md', OPERATIONS_BEGIN, OPERATIONS_END, operationsTable(ops));
}
