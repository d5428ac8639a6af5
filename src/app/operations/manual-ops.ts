/** The trader's manual book and the audit log over the API: ingest a batch of ENTRY/EXIT events (seed 000's manual_trades/logs), read the audit. */
import { z } from 'zod';
import type { AppDeps } from '../app-deps.js';
import { IngestManualTradesInputSchema, ingestManualTrades } from '../commands/ingest-manual-trades.js';
import { AppError } from '../errors.js';
import { defineOperation } from '../registry/operation.js';

export const ingestManualTradesOp = defineOperation({
  name: 'manual-trades.ingest',
  summary: 'Store a batch of the trader’s own ENTRY/EXIT fills in the manual book (never mixed with the agent’s): the whole batch or nothing, each bad field named; a repeated event id with the same content is a duplicate, not an error.',
  kind: 'command',
  scopes: [],
  idempotent: true,
  http: { method: 'POST', path: '/manual-trades' },
  input: IngestManualTradesInputSchema,
  output: z
    .object({
      accepted: z.number().describe('Fills stored now.'),
      duplicates: z.number().describe('Fills already stored with the same content (skipped).'),
      tradesClosed: z.number().describe('Trades this batch closed.'),
    })
    .describe('What was stored.'),
  handler: (deps: Pick<AppDeps, 'manual'>, input) => {
    if (deps.manual === undefined) throw new AppError('UNAVAILABLE', 'the manual book is not writable in this daemon');
    return ingestManualTrades(deps.manual, input);
  },
});

export const listAuditOp = defineOperation({
  name: 'audit.list',
  summary: 'The audit log, newest first: every mutating call with its principal, token, arguments hash, result and mode.',
  kind: 'query',
  scopes: [],
  idempotent: true,
  http: { method: 'GET', path: '/audit' },
  input: z.object({ limit: z.number().int().min(1).max(10_000).default(100).describe('Entries to return.') }).strict().describe('How many.'),
  output: z
    .object({
      entries: z
        .array(
          z
            .object({
              seq: z.number().describe('Sequence number.'),
              ts: z.number().describe('When, epoch ms.'),
              actor: z.string().describe('Who: the token’s name, or a surface.'),
              action: z.string().describe('The operation.'),
              detail: z.record(z.string(), z.unknown()).describe('Token id, scope, arguments hash, result, mode.'),
            })
            .describe('One entry.'),
        )
        .describe('Newest first.'),
    })
    .describe('The audit log.'),
  handler: (deps: AppDeps, input) => {
    if (deps.audit === undefined) throw new AppError('UNAVAILABLE', 'the audit log is not readable in this daemon');
    return { entries: deps.audit(input.limit).map((e) => ({ seq: e.seq, ts: e.ts, actor: e.actor, action: e.action, detail: JSON.parse(e.detailJson) as Record<string, unknown> })) };
  },
});
