/** How a CLI command calls the app: the operation through invoke, as the trader at this machine, with each refused field named by the flag that set it. */
import type { z } from 'zod';
import { invoke } from '../app/registry/invoke.js';
import type { CallContext, LocalOperation } from '../app/registry/operation.js';
import { withFlagNames } from './args.js';
import type { CliOut } from './io.js';

/**
 * The CLI's call context: the local trader (no token; whoever runs the command owns the databases), in
 * paper mode (the daemon alone trades, and live trading is armed only there). `name` is who the stored
 * records say acted (an experiment's submitter); `idempotencyKey` is a command's own key.
 */
export function cliContext(o: { readonly name?: string; readonly idempotencyKey?: string | undefined } = {}): CallContext {
  return {
    principal: { name: o.name ?? 'cli', scope: 'trader', tokenId: null },
    mode: 'paper',
    ...(o.idempotencyKey === undefined ? {} : { idempotencyKey: o.idempotencyKey }),
  };
}

/**
 * Runs `op` on `input` through invoke (coercion, strict validation, the handler, the output check), so the
 * JSON is what REST and MCP answer for the same input. `flags` maps input fields to the flags that set them.
 * The cause of an INTERNAL error goes to `stderr` with SCALPER_DEBUG=1 (the one-line report says so).
 */
export async function callOp<I extends z.ZodType, O extends z.ZodType, D>(
  op: LocalOperation<I, O, D>,
  deps: D,
  input: unknown,
  o: { readonly flags: Readonly<Record<string, string>>; readonly stderr: CliOut; readonly ctx?: CallContext },
): Promise<z.output<O>> {
  const onInternal = (name: string, error: unknown): void => {
    if (process.env.SCALPER_DEBUG === '1') o.stderr.write(`${name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  };
  return withFlagNames(o.flags, () => invoke(op, deps, input, o.ctx ?? cliContext(), onInternal));
}
