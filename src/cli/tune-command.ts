/** `scalper tune`: runs the tuner in the running daemon (it holds the engine, the book and governance) and waits for the run to end; `tune runs` and `tune config` read and set its runs, config and schedule. */
import { callDaemon, type DaemonTarget } from '../adapters/daemon/daemon-client.js';
import { operation } from '../app/registry/registry.js';
import { parseFlags, refuseFlags, wholeFlag, withFlagNames } from './args.js';
import { usageError } from './errors.js';
import { daemonOf } from './governance-command.js';
import type { CliIo } from './io.js';

type Run = {
  id: number;
  status: string;
  outcome: string | null;
  provider: string;
  model: string | null;
  promptVersion: string | null;
  latencyMs: number | null;
  tokens: { input: number; output: number } | null;
  notes: string[];
  proposals: { id: number | null; diff: Record<string, unknown>; refused: string | null }[];
  assessment: { text: string } | null;
};

const FLAGS = {
  provider: '--provider',
  model: '--model',
  baseUrl: '--base-url',
  limit: '--limit',
  timeoutSeconds: '--timeout',
  attempts: '--attempts',
  'schedule.minutes': '--every',
  'schedule.at': '--daily',
  schedule: '--every / --daily / --schedule-off',
};

const call = (target: DaemonTarget, name: string, input: Record<string, unknown>): Promise<unknown> => withFlagNames(FLAGS, () => callDaemon(target, operation(name)!, input));

function runText(r: Run): string {
  const head = `tuner run #${r.id} ${r.provider}${r.model === null ? '' : ` ${r.model}`}: ${r.outcome ?? r.status}${r.latencyMs === null || r.status === 'running' ? '' : ` in ${(r.latencyMs / 1000).toFixed(1)} s`}${r.tokens === null ? '' : `, ${r.tokens.input}+${r.tokens.output} tokens`}${r.promptVersion === null ? '' : ` (${r.promptVersion})`}`;
  const lines = [head];
  for (const p of r.proposals) lines.push(p.id === null ? `  refused by governance: ${JSON.stringify(p.diff)}: ${p.refused ?? ''}` : `  proposal #${p.id}: ${JSON.stringify(p.diff)} (see \`scalper proposals show ${p.id}\`)`);
  for (const n of r.notes) lines.push(`  note: ${n}`);
  if (r.assessment !== null) lines.push(`  assessment (untrusted text, the model's words): ${JSON.stringify(r.assessment.text)}`);
  return lines.join('\n');
}

/** Polls the run until it ends (the daemon's run goes on if this command is interrupted). */
async function ended(target: DaemonTarget, id: number, io: CliIo): Promise<Run> {
  let told = false;
  for (;;) {
    const r = (await call(target, 'tuner.get', { id })) as Run;
    if (r.status === 'ended') return r;
    if (!told) io.stderr.write(`tuner run #${id} is running (${r.provider}); waiting for it to end (Ctrl-C stops waiting, not the run)\n`);
    told = true;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function configure(values: Record<string, string | boolean | undefined>, target: DaemonTarget): Promise<unknown> {
  const patch: Record<string, unknown> = {};
  if (values.provider !== undefined) patch.provider = values.provider;
  if (values.model !== undefined) patch.model = values.model === 'default' ? null : values.model;
  if (values['base-url'] !== undefined) patch.baseUrl = values['base-url'] === 'default' ? null : values['base-url'];
  if (values.timeout !== undefined) patch.timeoutSeconds = wholeFlag('--timeout', values.timeout as string);
  if (values.attempts !== undefined) patch.attempts = wholeFlag('--attempts', values.attempts as string);
  const schedules = ['every', 'daily', 'schedule-off'].filter((f) => values[f] !== undefined && values[f] !== false);
  if (schedules.length > 1) throw usageError(`--${schedules[1]}`, `give one of --every, --daily or --schedule-off (--${schedules[0]} was given too)`);
  if (values.every !== undefined) patch.schedule = { kind: 'interval', minutes: wholeFlag('--every', values.every as string) };
  if (values.daily !== undefined) patch.schedule = { kind: 'daily', at: values.daily };
  if (values['schedule-off'] === true) patch.schedule = { kind: 'off' };
  return Object.keys(patch).length === 0 ? call(target, 'tuner.config', {}) : call(target, 'tuner.configure', patch);
}

export async function runTuneCommand(argv: readonly string[], io: CliIo): Promise<void> {
  const sub = argv[0] === 'runs' || argv[0] === 'config' ? argv[0] : 'run';
  const { values, positionals } = parseFlags(
    sub === 'run' ? argv : argv.slice(1),
    {
      provider: { type: 'string' },
      model: { type: 'string' },
      'base-url': { type: 'string' },
      'no-wait': { type: 'boolean' },
      limit: { type: 'string' },
      every: { type: 'string' },
      daily: { type: 'string' },
      'schedule-off': { type: 'boolean' },
      timeout: { type: 'string' },
      attempts: { type: 'string' },
      'db-dir': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    true,
  );
  if (positionals.length > 0) throw usageError('SUBCOMMAND', `must be runs or config, or no subcommand to run the tuner; got "${positionals[0]!.slice(0, 30)}"`, 'run `scalper tune --help`');
  const print = (data: unknown, text: string): void => void io.stdout.write(`${values.json === true ? JSON.stringify(data) : text}\n`);
  const scheduleFlags = ['every', 'daily', 'schedule-off', 'timeout', 'attempts'];
  switch (sub) {
    case 'runs': {
      refuseFlags(values, ['provider', 'model', 'base-url', 'no-wait', ...scheduleFlags], 'does not apply to `tune runs`');
      const data = (await call(daemonOf(values['db-dir']), 'tuner.runs', { limit: wholeFlag('--limit', values.limit) })) as { runs: Run[] };
      print(data, data.runs.map(runText).join('\n') || 'no tuner runs');
      return;
    }
    case 'config': {
      refuseFlags(values, ['no-wait', 'limit'], 'does not apply to `tune config`');
      const data = (await configure(values, daemonOf(values['db-dir']))) as { provider: string; model: string | null; baseUrl: string | null; schedule: { kind: string; minutes?: number; at?: string }; nextRunTs: number | null };
      const when = data.schedule.kind === 'off' ? 'on demand only' : data.schedule.kind === 'interval' ? `every ${data.schedule.minutes} minutes` : `daily at ${data.schedule.at} exchange time`;
      print(data, `tuner: ${data.provider}${data.model === null ? '' : ` ${data.model}`}${data.baseUrl === null ? '' : ` at ${data.baseUrl}`}, ${when}${data.nextRunTs === null ? '' : `; next run ${new Date(data.nextRunTs).toISOString()}`}`);
      return;
    }
    case 'run': {
      refuseFlags(values, ['limit', ...scheduleFlags], 'does not apply when running the tuner (see `scalper tune config`)');
      const target = daemonOf(values['db-dir']);
      const input = { provider: values.provider, model: values.model, baseUrl: values['base-url'] };
      const started = (await call(target, 'tuner.run', input)) as Run;
      const run = values['no-wait'] === true || started.status === 'ended' ? started : await ended(target, started.id, io);
      print(run, runText(run));
      return;
    }
  }
}
