/** `scalper proposals …` and `scalper params versions|rollback`: parameter governance through the running daemon (it holds the engine), as the local trader. */
import { readFileSync } from 'node:fs';
import { readDaemonFile } from '../adapters/daemon/daemon-file.js';
import { callDaemon, type DaemonTarget } from '../adapters/daemon/daemon-client.js';
import { localTraderToken } from '../adapters/daemon/local-token.js';
import { AppError } from '../app/errors.js';
import { operation } from '../app/registry/registry.js';
import { parseFlags, wholeFlag } from './args.js';
import { dbDirOf } from './db-dir.js';
import { usageError } from './errors.js';
import type { CliIo } from './io.js';

/** The daemon of the database directory and the local trader token; UNAVAILABLE when none is running. */
export function daemonOf(dbDirFlag: string | undefined): DaemonTarget {
  const db = dbDirOf(dbDirFlag);
  const info = db.existed ? readDaemonFile(db.dir) : null;
  if (info === null) {
    throw new AppError('UNAVAILABLE', `no daemon is running for ${db.dir}: proposals and versions change the running engine`, { hint: `start it with \`scalper serve --db-dir ${db.dir}\`` });
  }
  return { url: info.url, token: localTraderToken(db.dir, db.files.control, () => Date.now()) };
}

async function call(target: DaemonTarget, name: string, input: Record<string, unknown>, flags: Readonly<Record<string, string>>): Promise<unknown> {
  try {
    return await callDaemon(target, operation(name)!, input);
  } catch (e) {
    // Name the flag that set a refused field, as every other command does.
    if (e instanceof AppError && e.issues.some((i) => flags[i.field.split('.')[0]!] !== undefined)) {
      const issues = e.issues.map((i) => {
        const [head, ...rest] = i.field.split('.');
        const flag = flags[head!];
        return { field: flag === undefined ? i.field : [flag, ...rest].join(' '), rule: i.rule };
      });
      throw new AppError(e.code, issues.map((i) => `${i.field}: ${i.rule}`).join('; '), { issues, ...(e.hint === undefined ? {} : { hint: e.hint }) });
    }
    throw e;
  }
}

const idOf = (positionals: readonly string[], what: string): number => {
  const text = positionals[0];
  if (text === undefined || positionals.length > 1) throw usageError('ID', `give one ${what} id`);
  const id = wholeFlag('ID', text)!;
  return id;
};

/** JSON text or @FILE. */
function jsonArg(flag: string, text: string | undefined): unknown {
  if (text === undefined) throw usageError(flag, 'is required');
  let raw = text;
  if (text.startsWith('@')) {
    try {
      raw = readFileSync(text.slice(1), 'utf8');
    } catch (e) {
      throw usageError(flag, `${text.slice(1)} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
  }
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw usageError(flag, 'must be a JSON object (or @FILE holding one), e.g. {"tpPoints":10}');
  }
}

type ProposalOut = { id: number; status: string; source: string; author: string; diff: Record<string, { from: unknown; to: unknown }>; rationale: { untrusted: boolean; text: string }; reason: string | null };
const proposalLine = (p: ProposalOut): string =>
  `#${p.id} [${p.status}] ${p.source}/${p.author} ${Object.entries(p.diff)
    .map(([k, v]) => `${k} ${JSON.stringify(v.from)}→${JSON.stringify(v.to)}`)
    .join(', ')}${p.reason === null ? '' : ` — ${p.reason}`}`;

export async function runProposalsCommand(argv: readonly string[], io: CliIo): Promise<void> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parseFlags(
    rest,
    {
      status: { type: 'string' },
      limit: { type: 'string' },
      diff: { type: 'string' },
      rationale: { type: 'string' },
      'fitted-to': { type: 'string' },
      note: { type: 'string' },
      'confirmation-token': { type: 'string' },
      'db-dir': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    true,
  );
  const print = (data: unknown, text: string): void => void io.stdout.write(`${values.json === true ? JSON.stringify(data) : text}\n`);
  const flags = { status: '--status', limit: '--limit', diff: '--diff', rationale: '--rationale', fittedTo: '--fitted-to', note: '--note', confirmationToken: '--confirmation-token' };
  switch (sub) {
    case 'list': {
      const data = (await call(daemonOf(values['db-dir']), 'proposals.list', { status: values.status, limit: wholeFlag('--limit', values.limit) }, flags)) as { proposals: ProposalOut[] };
      print(data, data.proposals.map(proposalLine).join('\n') || 'no proposals');
      return;
    }
    case 'show': {
      const data = (await call(daemonOf(values['db-dir']), 'proposals.get', { id: idOf(positionals, 'proposal') }, flags)) as ProposalOut;
      print(data, `${proposalLine(data)}\nrationale (${data.rationale.untrusted ? 'untrusted text' : 'the trader’s'}): ${JSON.stringify(data.rationale.text)}`);
      return;
    }
    case 'propose': {
      const diff = jsonArg('--diff', values.diff);
      const data = (await call(daemonOf(values['db-dir']), 'proposals.create', { diff, rationale: values.rationale, fittedTo: values['fitted-to'] }, flags)) as { proposal: ProposalOut };
      print(data, proposalLine(data.proposal));
      return;
    }
    case 'approve':
    case 'confirm':
    case 'reject':
    case 'apply': {
      const input: Record<string, unknown> = { id: idOf(positionals, 'proposal') };
      if (sub === 'reject' && values.note !== undefined) input.note = values.note;
      if (sub === 'apply' && values['confirmation-token'] !== undefined) input.confirmationToken = values['confirmation-token'];
      const data = await call(daemonOf(values['db-dir']), `proposals.${sub}`, input, flags);
      const p = (sub === 'apply' ? (data as { proposal: ProposalOut }).proposal : data) as ProposalOut;
      print(data, sub === 'confirm' ? `confirmation token (60 s, single use): ${(data as { confirmationToken: string }).confirmationToken}` : proposalLine(p));
      return;
    }
    case undefined:
    default:
      throw usageError('SUBCOMMAND', `must be list, show ID, propose, approve ID, confirm ID, apply ID or reject ID${sub === undefined ? '' : `, got "${sub.slice(0, 30)}"`}`, 'run `scalper proposals --help`');
  }
}

/** `scalper params versions|rollback`. */
export async function runParamsGovernance(sub: 'versions' | 'rollback', argv: readonly string[], io: CliIo): Promise<void> {
  const { values, positionals } = parseFlags(argv, { limit: { type: 'string' }, 'confirmation-token': { type: 'string' }, 'db-dir': { type: 'string' }, json: { type: 'boolean', default: false } }, true);
  const flags = { limit: '--limit', version: 'VERSION', confirmationToken: '--confirmation-token' };
  if (sub === 'versions') {
    if (positionals.length > 0) throw usageError('params versions', `takes no positional arguments, got "${positionals[0]!.slice(0, 30)}"`);
    const data = (await call(daemonOf(values['db-dir']), 'params.versions', { limit: wholeFlag('--limit', values.limit) }, flags)) as { inForce: string | null; versions: { id: string; source: string; createdTs: number; diff: Record<string, [unknown, unknown]>; why: { text: string } }[] };
    const text = data.versions
      .map((v) => `${v.id === data.inForce ? '*' : ' '} ${v.id} ${v.source.padEnd(7)} ${Object.entries(v.diff).map(([k, [a, b]]) => `${k} ${JSON.stringify(a)}→${JSON.stringify(b)}`).join(', ') || '(start set)'}`)
      .join('\n');
    io.stdout.write(`${values.json === true ? JSON.stringify(data) : text || 'no versions'}\n`);
    return;
  }
  const version = positionals[0];
  if (version === undefined || positionals.length > 1) throw usageError('VERSION', 'give one version id (see `scalper params versions`)');
  const input: Record<string, unknown> = { version };
  if (values['confirmation-token'] !== undefined) input.confirmationToken = values['confirmation-token'];
  const data = (await call(daemonOf(values['db-dir']), 'params.rollback', input, flags)) as { version: { id: string }; rolledBack: number | null };
  io.stdout.write(`${values.json === true ? JSON.stringify(data) : `version ${data.version.id} is in force${data.rolledBack === null ? '' : `; proposal #${data.rolledBack} rolled back`}`}\n`);
}
