/** `scalper hook create|list|revoke`: inbound hooks through the registry's hooks.* operations, on the control database directly (the daemon need not run). */
import { existsSync } from 'node:fs';
import { InboundHookStore } from '../adapters/store/inbound-hook-store.js';
import { dbFiles, resolveDbDir } from '../adapters/store/db-paths.js';
import { AppError, toAppError } from '../app/errors.js';
import type { HookDeps } from '../app/operations/hook-ops.js';
import type { CallContext } from '../app/registry/operation.js';
import { invoke } from '../app/registry/invoke.js';
import { operation } from '../app/registry/registry.js';
import { parseFlags } from './args.js';

const USAGE = `scalper hook create --action pause|resume|kill|submit-experiment --name NAME [--db-dir DIR] [--json]
scalper hook list [--db-dir DIR] [--json]
scalper hook revoke ID [--db-dir DIR] [--json]`;

const invalid = (field: string, rule: string): AppError => new AppError('INVALID_INPUT', `${field}: ${rule}`, { issues: [{ field, rule }], hint: USAGE });

/** The local CLI acts as the trader. */
const CLI: CallContext = { principal: { name: 'cli', scope: 'trader', tokenId: null }, mode: 'paper' };

/** Runs the registry's operation `name`; an input field it refuses is named by its flag. */
async function call(name: 'hooks.create' | 'hooks.list' | 'hooks.delete', deps: HookDeps, input: Record<string, unknown>): Promise<Record<string, unknown>> {
  try {
    return (await invoke(operation(name)!, deps, input, CLI)) as Record<string, unknown>;
  } catch (e) {
    const err = toAppError(e);
    if (err.code !== 'INVALID_INPUT') throw err;
    const issues = err.issues.map((i) => ({ field: i.field === 'id' ? 'ID' : `--${i.field}`, rule: i.rule }));
    throw new AppError('INVALID_INPUT', issues.map((i) => `${i.field}: ${i.rule}`).join('; '), { issues, hint: USAGE });
  }
}

export async function runHookCommand(argv: readonly string[], out: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): Promise<void> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parseFlags(rest, { action: { type: 'string' }, name: { type: 'string' }, 'db-dir': { type: 'string' }, json: { type: 'boolean', default: false } }, true);
  const dir = resolveDbDir({ ...(values['db-dir'] === undefined ? {} : { flag: values['db-dir'] }), env: process.env.SCALPER_DB_DIR, cwd: process.cwd() });
  const control = dbFiles(dir).control;
  let store: InboundHookStore | undefined;
  // Opened (and the database created) only when the operation runs, after its input was accepted.
  const deps: HookDeps = {
    get hooks() {
      return (store ??= InboundHookStore.open(control));
    },
  };
  try {
    if (sub === 'create') {
      if (positionals.length > 0) throw invalid('hook create', `takes no positional arguments, got "${positionals[0]}"`);
      const made = await call('hooks.create', deps, { ...(values.name === undefined ? {} : { name: values.name }), ...(values.action === undefined ? {} : { action: values.action }) });
      if (values.json) out(JSON.stringify(made));
      else
        out(
          `${String(made.secret)}\n(hook ${String(made.id)}, action ${String(made.action)}, name ${String(made.name)}: the secret is shown once, store it now.\n` +
            ` Fire it with POST ${String(made.path)} and the header X-Hook-Secret: <secret>; revoke with \`scalper hook revoke ${String(made.id)}\`)`,
        );
      return;
    }
    if (sub === 'list' || sub === 'revoke') {
      if (values.action !== undefined || values.name !== undefined) throw invalid(values.action !== undefined ? '--action' : '--name', `applies to hook create, not hook ${sub}`);
      if (sub === 'list') {
        if (positionals.length > 0) throw invalid('hook list', `takes no positional arguments, got "${positionals[0]}"`);
        // A query creates nothing: without a control database there are no hooks.
        const { hooks } = existsSync(control) ? ((await call('hooks.list', deps, {})) as { hooks: { id: string; action: string; name: string; revokedTs: number | null }[] }) : { hooks: [] };
        if (values.json) out(JSON.stringify({ hooks }));
        else out(hooks.map((h) => `${h.id}  ${h.action.padEnd(17)} ${h.name}${h.revokedTs === null ? '' : '  (revoked)'}`).join('\n') || 'no hooks');
        return;
      }
      const id = positionals[0];
      if (id === undefined || positionals.length > 1) throw invalid('ID', 'give one hook id (see `scalper hook list`)');
      if (!existsSync(control)) throw new AppError('NOT_FOUND', `no live hook ${id}: ${dir} has no control database`);
      const done = await call('hooks.delete', deps, { id });
      out(values.json ? JSON.stringify(done) : `revoked ${id}`);
      return;
    }
    throw invalid('hook', `unknown subcommand "${sub ?? ''}"; usage:\n${USAGE}`);
  } finally {
    store?.close();
  }
}
