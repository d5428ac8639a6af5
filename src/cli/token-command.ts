/** `scalper token create|list|revoke`: the API's bearer tokens; a token is shown once and stored only as its SHA-256. */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ApiAccessStore } from '../adapters/store/api-access-store.js';
import { dbFiles, resolveDbDir } from '../adapters/store/db-paths.js';
import { AppError } from '../app/errors.js';
import { SCOPES, type Scope } from '../app/registry/operation.js';

const USAGE = `scalper token create --scope trader|agent|automation --name NAME [--db-dir DIR] [--json]
scalper token list [--db-dir DIR] [--json]
scalper token revoke ID [--db-dir DIR] [--json]`;

const invalid = (field: string, rule: string): AppError => new AppError('INVALID_INPUT', `${field}: ${rule}`, { issues: [{ field, rule }], hint: USAGE });

export function runTokenCommand(argv: readonly string[], out: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): void {
  const [sub, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: [...rest],
    strict: true,
    allowPositionals: true,
    options: { scope: { type: 'string' }, name: { type: 'string' }, 'db-dir': { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  const dir = resolveDbDir({ ...(values['db-dir'] === undefined ? {} : { flag: values['db-dir'] }), env: process.env.SCALPER_DB_DIR, cwd: process.cwd() });
  const control = dbFiles(dir).control;
  if (sub === 'create') {
    const scope = values.scope;
    if (scope === undefined || !(SCOPES as readonly string[]).includes(scope)) throw invalid('--scope', `must be one of ${SCOPES.join(', ')}`);
    const name = values.name?.trim() ?? '';
    if (name === '' || name.length > 64 || !/^[\w.@-]+$/.test(name)) throw invalid('--name', 'must be 1–64 letters, digits, _ . @ or -');
    if (positionals.length > 0) throw invalid('token create', `takes no positional arguments, got "${positionals[0]}"`);
    const store = ApiAccessStore.open(control);
    try {
      const { token, secret } = store.createToken(name, scope as Scope, Date.now());
      if (values.json) out(JSON.stringify({ id: token.id, name: token.name, scope: token.scope, token: secret }));
      else out(`${secret}\n(token ${token.id}, scope ${token.scope}, name ${token.name}: shown once, store it now; revoke with \`scalper token revoke ${token.id}\`)`);
    } finally {
      store.close();
    }
    return;
  }
  if (sub === 'list' || sub === 'revoke') {
    if (values.scope !== undefined || values.name !== undefined) throw invalid(values.scope !== undefined ? '--scope' : '--name', `applies to token create, not token ${sub}`);
    // A query creates nothing: without a control database there are no tokens.
    if (!existsSync(control)) {
      if (sub === 'list') {
        out(values.json ? '[]' : 'no tokens');
        return;
      }
      throw new AppError('NOT_FOUND', `no token ${positionals[0] ?? ''}: ${dir} has no control database`);
    }
    const store = ApiAccessStore.open(control);
    try {
      if (sub === 'list') {
        const tokens = store.listTokens();
        if (values.json) out(JSON.stringify(tokens));
        else out(tokens.map((t) => `${t.id}  ${t.scope.padEnd(10)} ${t.name}${t.revokedTs === null ? '' : '  (revoked)'}`).join('\n') || 'no tokens');
        return;
      }
      const id = positionals[0];
      if (id === undefined || positionals.length > 1) throw invalid('ID', 'give one token id (see `scalper token list`)');
      if (!store.revokeToken(id, Date.now())) throw new AppError('NOT_FOUND', `no live token ${id} (see \`scalper token list\`)`);
      out(values.json ? JSON.stringify({ id, revoked: true }) : `revoked ${id}`);
    } finally {
      store.close();
    }
    return;
  }
  throw invalid('token', `unknown subcommand "${sub ?? ''}"; usage:\n${USAGE}`);
}
