/** `scalper arm-live [list | approve ID | refuse ID] [--note TEXT]`: the trader's side of live arming requests, through the running daemon. */
import { callDaemon } from '../adapters/daemon/daemon-client.js';
import { operation } from '../app/registry/registry.js';
import { parseFlags, wholeFlag } from './args.js';
import { usageError } from './errors.js';
import { daemonOf } from './governance-command.js';
import type { CliIo } from './io.js';

type Req = { id: number; status: string; requestedBy: string; scope: string; reason: { untrusted: boolean; text: string }; note: string | null };
const line = (r: Req): string => `#${r.id} [${r.status}] ${r.requestedBy} (${r.scope}): ${JSON.stringify(r.reason.text)}${r.reason.untrusted ? ' (untrusted text)' : ''}${r.note === null ? '' : ` — ${r.note}`}`;

export async function runArmLiveCommand(argv: readonly string[], io: CliIo): Promise<void> {
  const [sub = 'list', ...rest] = argv;
  const { values, positionals } = parseFlags(rest, { note: { type: 'string' }, 'db-dir': { type: 'string' }, json: { type: 'boolean', default: false } }, true);
  const target = daemonOf(values['db-dir']);
  const print = (data: unknown, text: string): void => void io.stdout.write(`${values.json === true ? JSON.stringify(data) : text}\n`);
  if (sub === 'list') {
    const data = (await callDaemon(target, operation('live.arming-requests')!, {})) as { requests: Req[] };
    print(data, data.requests.map(line).join('\n') || 'no arming requests');
    return;
  }
  if (sub !== 'approve' && sub !== 'refuse') throw usageError('SUBCOMMAND', `must be list, approve ID or refuse ID, got "${sub.slice(0, 30)}"`);
  if (positionals.length !== 1) throw usageError('ID', 'give one request id (see `scalper arm-live list`)');
  const input = { id: wholeFlag('ID', positionals[0]), approve: sub === 'approve', ...(values.note === undefined ? {} : { note: values.note }) };
  const data = (await callDaemon(target, operation('live.decide-arming')!, input)) as Req;
  print(data, line(data));
}
