/**
 * `scalper arm-live [status | arm --minutes N | disarm | list | approve ID | refuse ID] [--note TEXT]`: the
 * trader's side of live arming. Through the running daemon; with no daemon, `arm`, `disarm` and `status`
 * act on the database directly (the arming is then in force for the next `serve --feed openalgo --mode live`).
 */
import { callDaemon } from '../adapters/daemon/daemon-client.js';
import { operation } from '../app/registry/registry.js';
import { boundedWhole, parseFlags, wholeFlag } from './args.js';
import { usageError } from './errors.js';
import { daemonOf } from './governance-command.js';
import type { CliIo } from './io.js';
import { existsSync } from 'node:fs';
import type { Principal } from '../app/registry/operation.js';
import { dbDirOf } from './db-dir.js';
import { readDaemonFile } from '../adapters/daemon/daemon-file.js';
import { GovernanceStore } from '../adapters/store/governance-store.js';
import { LiveArming, MAX_ARMED_MINUTES, type ArmedState } from '../app/live/live-arming.js';

type Req = { id: number; status: string; requestedBy: string; scope: string; reason: { untrusted: boolean; text: string }; note: string | null };
const line = (r: Req): string => `#${r.id} [${r.status}] ${r.requestedBy} (${r.scope}): ${JSON.stringify(r.reason.text)}${r.reason.untrusted ? ' (untrusted text)' : ''}${r.note === null ? '' : ` — ${r.note}`}`;

/** The trader at this terminal (the CLI acts as the trader, like every local command). */
const LOCAL_TRADER: Principal = { name: 'cli', scope: 'trader', tokenId: null };

const armedLine = (a: ArmedState): string =>
  a.armed
    ? `live ARMED by ${a.armedBy} until ${new Date(a.untilTs!).toISOString()}${a.note === null ? '' : ` — ${a.note}`}`
    : `live not armed${a.lastEnd === null ? '' : ` (last arming ended ${new Date(a.lastEnd.ts).toISOString()}: ${a.lastEnd.reason}, by ${a.lastEnd.by})`}`;

export async function runArmLiveCommand(argv: readonly string[], io: CliIo): Promise<void> {
  const [sub = 'status', ...rest] = argv;
  const { values, positionals } = parseFlags(rest, { note: { type: 'string' }, minutes: { type: 'string' }, 'db-dir': { type: 'string' }, json: { type: 'boolean', default: false } }, true);
  const print = (data: unknown, text: string): void => void io.stdout.write(`${values.json === true ? JSON.stringify(data) : text}\n`);
  if (values.minutes !== undefined && sub !== 'arm' && sub !== 'approve') throw usageError('--minutes', `applies to \`arm-live arm\` and \`arm-live approve\`, not \`${sub.slice(0, 30)}\``);
  const minutes = boundedWhole('--minutes', values.minutes, 1, MAX_ARMED_MINUTES);
  if (sub === 'status' || sub === 'arm' || sub === 'disarm') {
    if (positionals.length > 0) throw usageError('(arguments)', `\`arm-live ${sub}\` takes no argument`);
    const input =
      sub === 'arm'
        ? { minutes: minutes ?? missing('--minutes', `how long, 1 to ${MAX_ARMED_MINUTES} minutes`), ...(values.note === undefined ? {} : { note: values.note }) }
        : sub === 'disarm'
          ? { reason: values.note ?? 'disarmed by the trader (CLI)' }
          : {};
    const db = dbDirOf(values['db-dir']);
    const running = db.existed ? readDaemonFile(db.dir) : null;
    let state: ArmedState;
    if (running !== null) {
      state = (await callDaemon(daemonOf(values['db-dir']), operation(sub === 'status' ? 'live.status' : `live.${sub}`)!, input)) as ArmedState;
    } else if (sub === 'status' && !existsSync(db.files.control)) {
      // Nothing was ever armed here, and a status never creates a database.
      state = { armed: false, armedBy: null, armedTs: null, untilTs: null, note: null, lastEnd: null };
    } else {
      // No daemon: the arming is written where the next `serve --mode live` reads it.
      const store = GovernanceStore.open(db.files.control);
      try {
        const arming = new LiveArming(store, () => Date.now(), () => true);
        if (sub === 'arm') arming.arm(LOCAL_TRADER, (input as { minutes: number }).minutes, values.note);
        if (sub === 'disarm') arming.disarm(LOCAL_TRADER.name, (input as { reason: string }).reason);
        state = arming.state();
      } finally {
        store.close();
      }
    }
    print(state, armedLine(state));
    return;
  }
  const target = daemonOf(values['db-dir']);
  if (sub === 'list') {
    const data = (await callDaemon(target, operation('live.arming-requests')!, {})) as { requests: Req[] };
    print(data, data.requests.map(line).join('\n') || 'no arming requests');
    return;
  }
  if (sub !== 'approve' && sub !== 'refuse') throw usageError('SUBCOMMAND', `must be status, arm, disarm, list, approve ID or refuse ID, got "${sub.slice(0, 30)}"`);
  if (positionals.length !== 1) throw usageError('ID', 'give one request id (see `scalper arm-live list`)');
  const input = { id: wholeFlag('ID', positionals[0]), approve: sub === 'approve', ...(values.note === undefined ? {} : { note: values.note }), ...(minutes === undefined ? {} : { minutes }) };
  const data = (await callDaemon(target, operation('live.decide-arming')!, input)) as Req;
  print(data, line(data));
}

function missing(flag: string, what: string): never {
  throw usageError(flag, `is required: ${what}`);
}
