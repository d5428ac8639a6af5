/** The `scalper` command line: parses the command and its flags, mounts the app's use cases, prints results, and reports every failure with the exit code of its error code. */
import { DEFAULT_PRESET, DEFAULT_SEED, DEFAULT_SERVE_DAYS, DEFAULT_START_DATE, defaultUnderlying } from '../app/defaults.js';
import { parametersMarkdown } from '../app/params-doc.js';
import { PARAM_SPECS } from '../core/params/param-spec.js';
import { isPresetName, PRESET_NAMES } from '../core/params/presets.js';
import { DEFAULT_PARAMS } from '../core/params/schema.js';
import { boundedWhole, dateFlag, numberFlag, parseFlags } from './args.js';
import { liveArmedIn, notArmed } from './serve-live.js';
import { dbDirOf } from './db-dir.js';
import { runBacktestCommand } from './backtest-command.js';
import { runBookQuery } from './book-commands.js';
import { checkSimStart } from './datasets.js';
import { loadSimConfig } from '../adapters/sim-config-file.js';
import { loadRateCards } from '../adapters/rate-cards.js';
import { reportError, usageError } from './errors.js';
import { runExperimentsCommand } from './experiments-command.js';
import { COMMAND_HELP, MAIN_HELP, version } from './help.js';
import { runImportCommand } from './import-command.js';
import { processIo, type CliIo } from './io.js';
import { runManualTradesCommand } from './manual-trades-command.js';
import { runServe } from './serve-command.js';
import { DEFAULT_OPENALGO_URL, DEFAULT_OPENALGO_WS_URL } from '../adapters/openalgo/openalgo-probe.js';
import { runSweepCommand } from './sweep-command.js';
import { runWalkForwardCommand } from './walk-forward-command.js';
import { runCompareCommand } from './compare-command.js';
import { runTokenCommand } from './token-command.js';
import { runHookCommand } from './hook-command.js';
import { runDoctorCommand } from './doctor-command.js';
import { runParamsGovernance, runProposalsCommand } from './governance-command.js';
import { runArmLiveCommand } from './arm-live-command.js';
import { runTuneCommand } from './tune-command.js';
import { runWorkerCommand } from './worker-command.js';
import { queueFlag } from './queue-flag.js';
import { DEFAULT_HTTP, isLoopback, parseHttpAddress } from '../http/daemon.js';

async function params(argv: readonly string[], io: CliIo): Promise<void> {
  const [sub, ...rest] = argv;
  if (sub === 'versions' || sub === 'rollback') return runParamsGovernance(sub, rest, io);
  const { values } = parseFlags(argv, { markdown: { type: 'boolean' } });
  io.stdout.write(values.markdown === true ? parametersMarkdown() : `${JSON.stringify({ specs: PARAM_SPECS, defaults: DEFAULT_PARAMS }, null, 2)}\n`);
}

/** Every serve flag is checked here, before the database directory is created or locked. */
async function serve(argv: readonly string[]): Promise<void> {
  const { values } = parseFlags(argv, {
    preset: { type: 'string' },
    seed: { type: 'string' },
    days: { type: 'string' },
    'start-date': { type: 'string' },
    'sim-speed': { type: 'string' },
    'db-dir': { type: 'string' },
    'print-acks': { type: 'boolean' },
    'queue-capacity': { type: 'string' },
    experiments: { type: 'string' },
    record: { type: 'boolean' },
    'recordings-max-gb': { type: 'string' },
    http: { type: 'string' },
    'no-http': { type: 'boolean' },
    'allow-remote': { type: 'boolean' },
    'status-every': { type: 'string' },
    feed: { type: 'string' },
    mode: { type: 'string' },
    queue: { type: 'string' },
  });
  const live = liveFeedFlags(values);
  const queue = queueFlag(values.queue);
  if (queue.kind === 'redis' && values['no-http'] === true) throw usageError('--queue', 'applies with the API (the job service runs with it), not with --no-http');
  if (values['no-http'] === true && (values.http !== undefined || values['allow-remote'] === true)) {
    throw usageError(values.http !== undefined ? '--http' : '--allow-remote', 'does not apply with --no-http');
  }
  const address = values['no-http'] === true ? null : parseHttpAddress(values.http ?? process.env.SCALPER_HTTP ?? DEFAULT_HTTP);
  if (address !== null && !isLoopback(address.host) && values['allow-remote'] !== true) {
    throw usageError('--http', `${address.host} is not a loopback address: the API can pause and kill the engine and its tokens travel in clear; add --allow-remote (and put TLS in front) to listen there`);
  }
  const preset = values.preset ?? DEFAULT_PRESET;
  if (!isPresetName(preset)) throw usageError('--preset', `must be one of ${PRESET_NAMES.join(', ')}, got "${preset.slice(0, 40)}"`);
  const speedText = values['sim-speed'] ?? '1';
  const speed = speedText === 'max' ? Infinity : numberFlag('--sim-speed', speedText)!;
  if (!(speed > 0)) throw usageError('--sim-speed', `must be a number > 0 or "max", got ${speedText}`);
  const maxGb = numberFlag('--recordings-max-gb', values['recordings-max-gb']) ?? 10;
  if (!(maxGb > 0) || maxGb > 1e6) throw usageError('--recordings-max-gb', `must be a number of gigabytes > 0 (at most 1000000), got ${maxGb}`);
  if (values['recordings-max-gb'] !== undefined && values.record !== true) throw usageError('--recordings-max-gb', 'applies with --record (simulated ticks are recorded only when asked)');
  const startDate = dateFlag('--start-date', values['start-date']) ?? DEFAULT_START_DATE;
  checkSimStart('--start-date', defaultUnderlying(preset), startDate, loadSimConfig(), loadRateCards());
  await runServe({
    dbDir: values['db-dir'],
    preset,
    seed: boundedWhole('--seed', values.seed, 0, 0xffffffff) ?? DEFAULT_SEED,
    days: boundedWhole('--days', values.days, 1, 250) ?? DEFAULT_SERVE_DAYS,
    startDate,
    simSpeed: speed,
    printAcks: values['print-acks'] === true,
    queueCapacity: boundedWhole('--queue-capacity', values['queue-capacity'], 2, 10_000_000) ?? 50_000,
    queue,
    experiments: boundedWhole('--experiments', values.experiments, 0, 16) ?? 1,
    record: values.record === true,
    recordingsMaxBytes: Math.round(maxGb * 1e9),
    http: address === null ? null : { ...address, allowRemote: values['allow-remote'] === true },
    ...(live === undefined ? {} : { live }),
    ...(openAlgoEnv() === undefined ? {} : { openAlgo: openAlgoEnv()! }),
    ...(values['status-every'] === undefined ? {} : { statusEveryMs: boundedWhole('--status-every', values['status-every'], 0, 86_400)! * 1000 }),
    // The only place the service ends the process: storage failed (crash-only) or a second Ctrl-C.
    onFatal: (message) => {
      process.stderr.write(`scalper: ${message}\n`);
      process.exit(1);
    },
  });
}

/**
 * `--feed openalgo [--mode paper|analyzer|live]`: OpenAlgo's address and key from the environment. The
 * simulator's flags do not apply; live needs the trader's arming in force, which serve checks.
 */
function liveFeedFlags(values: Readonly<Record<string, string | boolean | undefined>>): { url: string; wsUrl: string; apiKey: string; mode: 'paper' | 'analyzer' | 'live' } | undefined {
  const feed = values.feed ?? 'sim';
  if (feed !== 'sim' && feed !== 'openalgo') throw usageError('--feed', `must be sim or openalgo, got "${String(feed).slice(0, 40)}"`);
  if (feed === 'sim') {
    if (values.mode !== undefined) throw usageError('--mode', 'applies with --feed openalgo (the simulator is always paper)');
    return undefined;
  }
  for (const flag of ['days', 'start-date', 'sim-speed', 'record', 'recordings-max-gb'] as const) {
    if (values[flag] !== undefined) throw usageError(`--${flag}`, 'does not apply with --feed openalgo (the market is live; its ticks are always recorded)');
  }
  const mode = values.mode ?? 'paper';
  if (mode !== 'paper' && mode !== 'analyzer' && mode !== 'live') throw usageError('--mode', `must be paper, analyzer or live, got "${String(mode).slice(0, 40)}"`);
  // Before the key, and before the database is touched: live needs the trader's arming in force.
  if (mode === 'live' && !liveArmedIn(dbDirOf(typeof values['db-dir'] === 'string' ? values['db-dir'] : undefined).files.control)) throw notArmed();
  const apiKey = process.env.OPENALGO_API_KEY ?? '';
  if (apiKey === '') throw usageError('OPENALGO_API_KEY', 'is not set: --feed openalgo needs the API key of your OpenAlgo (OpenAlgo → API Key)');
  return { url: process.env.OPENALGO_URL || DEFAULT_OPENALGO_URL, wsUrl: process.env.OPENALGO_WS_URL || DEFAULT_OPENALGO_WS_URL, apiKey, mode };
}

/** OpenAlgo's REST address and key when the environment sets a key. */
function openAlgoEnv(): { url: string; apiKey: string } | undefined {
  const apiKey = process.env.OPENALGO_API_KEY ?? '';
  return apiKey === '' ? undefined : { url: process.env.OPENALGO_URL || DEFAULT_OPENALGO_URL, apiKey };
}

/** The stdio MCP bridge, loaded only when asked for: it needs none of the CLI's modules and no database. */
async function mcp(argv: readonly string[]): Promise<void> {
  const bridge = await import('../../mcp-server/stdio-main.js');
  try {
    await bridge.runMcpCommand(argv);
  } catch (e) {
    if (e instanceof bridge.BridgeUsageError) throw usageError(e.field, e.rule);
    throw e;
  }
}

const COMMANDS: Readonly<Record<string, (argv: readonly string[], io: CliIo) => void | Promise<void>>> = {
  serve: (argv) => serve(argv),
  backtest: runBacktestCommand,
  sweep: runSweepCommand,
  'walk-forward': runWalkForwardCommand,
  compare: runCompareCommand,
  import: runImportCommand,
  'manual-trades': runManualTradesCommand,
  experiments: runExperimentsCommand,
  analytics: (argv, io) => runBookQuery('analytics', argv, io),
  trades: (argv, io) => runBookQuery('trades', argv, io),
  params,
  proposals: runProposalsCommand,
  'arm-live': runArmLiveCommand,
  tune: runTuneCommand,
  worker: runWorkerCommand,
  mcp: (argv) => mcp(argv),
  doctor: runDoctorCommand,
  token: (argv, io) => runTokenCommand(argv, (line) => io.stdout.write(`${line}\n`)),
  hook: (argv, io) => runHookCommand(argv, (line) => io.stdout.write(`${line}\n`)),
};

/** Runs `scalper ARGV` and returns the exit code; every failure is reported on `io` (see reportError). */
export async function runScalper(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const [command, ...rest] = argv;
  const wantsHelp = rest.includes('--help') || rest.includes('-h');
  try {
    if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
      const topic = command === 'help' ? rest[0] : undefined;
      io.stdout.write(topic !== undefined && COMMAND_HELP[topic] !== undefined ? COMMAND_HELP[topic] : MAIN_HELP);
      return 0;
    }
    if (command === '--version' || command === '-V' || command === 'version') {
      io.stdout.write(`scalper ${version()}\n`);
      return 0;
    }
    const run = COMMANDS[command];
    if (run === undefined) throw usageError('COMMAND', `unknown command "${command.slice(0, 40)}"`, 'run `scalper --help` for the list of commands');
    if (wantsHelp) {
      io.stdout.write(COMMAND_HELP[command]!);
      return 0;
    }
    await run(rest, io);
    return 0;
  } catch (error) {
    const known = command !== undefined && COMMANDS[command] !== undefined ? command : undefined;
    return reportError(error, { stdout: io.stdout, stderr: io.stderr, json: rest.includes('--json'), debug: process.env.SCALPER_DEBUG === '1' }, known);
  }
}
