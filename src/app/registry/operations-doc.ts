/** Renders the operation table of docs/api.md from the registry (method, path, kind, scopes, summary). */
import type { Operation } from './operation.js';

export const OPERATIONS_BEGIN = '<!-- operations:begin (generated from src/app/registry by `npm run docs`; do not edit) -->';
export const OPERATIONS_END = '<!-- operations:end -->';

/** The markdown table of every operation, between the markers. */
export function operationsTable(ops: readonly Operation[]): string {
  const rows = ops.map((o) => `| \`${o.http.method} /api/v1${o.http.path}\` | \`${o.name}\` | ${o.kind} | ${['trader', ...o.scopes].join(', ')} | ${o.summary.replace(/\|/g, '\\|')} |`);
  return [OPERATIONS_BEGIN, '', '| route | operation | kind | scopes | what it does |', '|---|---|---|---|---|', ...rows, '', OPERATIONS_END].join('\n');
}

/** `doc` with its generated table replaced by the current one. */
export function withOperationsTable(doc: string, ops: readonly Operation[]): string {
  const start = doc.indexOf(OPERATIONS_BEGIN);
  const end = doc.indexOf(OPERATIONS_END);
  if (start < 0 || end < start) throw new Error(`docs/api.md: the markers ${OPERATIONS_BEGIN} … ${OPERATIONS_END} are missing`);
  return `${doc.slice(0, start)}${operationsTable(ops)}${doc.slice(end + OPERATIONS_END.length)}`;
}
