/** An operation of the one command surface: name, zod input and output schemas, kind, scopes, idempotency and its handler. */
import type { z } from 'zod';

/** Who may call: `trader` (everything), `agent` (AI agents: read, research, tightening), `automation` (hooks). */
export const SCOPES = ['trader', 'agent', 'automation'] as const;
export type Scope = (typeof SCOPES)[number];

/** A query reads, a command changes state, a job starts long work and answers with its id. */
export type OperationKind = 'query' | 'command' | 'job';

/** The caller, as the surface authenticated it. */
export interface Principal {
  readonly name: string;
  readonly scope: Scope;
  /** The API token's id; null for the local CLI, which acts as the trader. */
  readonly tokenId: string | null;
}

/** What every handler knows about its call. */
export interface CallContext {
  readonly principal: Principal;
  /** The trading mode in force: every result says it. */
  readonly mode: 'paper' | 'live';
  /** The request's idempotency key, when the surface has one (REST's Idempotency-Key header). */
  readonly idempotencyKey?: string;
}

/** Where a REST mount serves it: method and path under /api/v1 (`:id` path parameters join the input). */
export interface HttpRoute {
  readonly method: 'GET' | 'POST' | 'DELETE';
  readonly path: string;
}

export interface Operation<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType, D = unknown> {
  /** Dotted name, e.g. `engine.pause`; MCP tool names derive from it. */
  readonly name: string;
  /** One line for humans and models. */
  readonly summary: string;
  readonly kind: OperationKind;
  /** Scopes allowed besides `trader`, which may call everything. */
  readonly scopes: readonly Scope[];
  /** Calling twice with the same input has the effect of calling once. */
  readonly idempotent: boolean;
  readonly http: HttpRoute;
  readonly input: I;
  readonly output: O;
  readonly handler: (deps: D, input: z.output<I>, ctx: CallContext) => z.input<O> | Promise<z.input<O>>;
}

/**
 * An operation run in the caller's own process and never mounted by the daemon: work too long for the
 * daemon's event loop, which the daemon offers as a job instead (`backtests.run` is `backtests.submit`'s
 * work, done in place, for the CLI).
 */
export type LocalOperation<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType, D = unknown> = Omit<Operation<I, O, D>, 'http'>;

/** Declares an operation with its types inferred from the schemas. */
export function defineOperation<I extends z.ZodType, O extends z.ZodType, D>(op: Operation<I, O, D>): Operation<I, O, D> {
  return op;
}

/** Declares a local operation (see LocalOperation) with its types inferred from the schemas. */
export function defineLocalOperation<I extends z.ZodType, O extends z.ZodType, D>(op: LocalOperation<I, O, D>): LocalOperation<I, O, D> {
  return op;
}

/** Whether `principal` may call `op`. */
export function allowed(op: Pick<Operation, 'scopes'>, scope: Scope): boolean {
  return scope === 'trader' || op.scopes.includes(scope);
}
