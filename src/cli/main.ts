#!/usr/bin/env node
/** The `scalper` command line: `backtest` on the simulator and `sim` (the live paper run that `npm start` starts). */
import { parseArgs } from 'node:util';
import { loadRateCards } from '../adapters/rate-cards.js';
import { loadSimConfig } from '../adapters/sim-config-file.js';
import { runSimBacktest } from '../app/commands/run-sim-backtest.js';
import { parametersMarkdown } from '../app/params-doc.js';
import { readFileSync } from 'node:fs';
import { PARAM_SPECS } from '../core/params/param-spec.js';
import { DEFAULT_PARAMS } from '../core/params/schema.js';
import { UsageError, userMessage } from './errors.js';
import { formatBacktest } from './format.js';
import { runServe } from './serve-command.js';
import { runBookQuery } from './book-commands.js';
import { runExperimentsCommand } from './experiments-command.js';
import { runDataBacktest, runSweepCommand } from './data-commands.js';
import { runImport } from './import-command.js';
import { runManualTrades } from './manual-trades-command.js';
import { parseDatasetFlags } from '../adapters/data/dataset-flags.js';

const HELP = `scalper — a deterministic options scalper with a market simulator

Usage:
  scalper serve [--sim-speed N|max] [--db-dir DIR] [--preset P] [--seed S] [--days N]
                [--start-date YYYY-MM-DD] [--print-acks] [--queue-capacity N] [--record]
                [--recordings-max-gb N]
      The agent as a service: paper-trades the simulator at N× real time (default 1; "max" as fast
      as it can), storing every trade event in SQLite under DIR (default ./db, or $SCALPER_DB_DIR).
      Restarts resume where the last committed event left off. Ctrl-C stops (positions persist).
      --record also records the simulated ticks (about 13 MB a day) under DIR/recordings, keeping
      at most --recordings-max-gb (default 10) by deleting the oldest day files first.
  scalper analytics [--book auto|manual] [filters] [--bucket RUPEES] [--interval-min N] [--json]
  scalper trades [--book auto|manual] [filters] [--limit N] [--json]
      Read the books (also while serve runs). Filters: --mode PAPER|LIVE --source S --symbol S
      --side CE|PE --underlying U --preset P --params-version V --from T --to T (epoch ms or ISO).
  scalper backtest --sim [--days N] [--seed S] [--preset P] [--underlying NIFTY|SENSEX]
                   [--start-date YYYY-MM-DD] [--params FILE] [--latency-ms N] [--slippage-ticks N]
                   [--slippage-prob X] [--rate-card ID] [--lot-size N] [--json]
      Backtest on N seeded simulated days; --json prints one JSON object (money in rupees). Days skip
      weekends and exchange holidays; each date trades the lot size and expiry in force then
      (config/instruments.json, config/exchange-holidays.json); --lot-size N fixes the lot.
  scalper backtest --data FILE|sim:U:SEED:START:DAYS [--preset P] [--params FILE] [--from D] [--to D]
                   [--capital X] [--synthetic-options iv=…] [--columns role=col,…] [--strike K]
                   [--expiry D] [--lot-size N] [--db-dir DIR] [--json]
      Backtest on recorded or real data (recordings, tick/bar CSV or NDJSON, panels); results are
      keyed by a run key and stored, so a repeat returns the stored result.
  scalper sweep --data REF (--grid "p=1,2,3;q=a:b:step" | --random "p=a:b" --samples N --seed S)
                [--workers N] [--json]
      Parameter sweep on worker threads with a progress bar; identical results for any worker count.
  scalper import INPUT --out DIR [data flags]
      Convert CSV/NDJSON/panels/bars into binary tick recordings (one file per date).
  scalper manual-trades FILE|- [--db-dir DIR] [--json]
      Store the trader's own ENTRY/EXIT events ({"events": [...]}) in the manual book, strictly
      validated; the whole batch is stored or refused (naming each field), never mixed with the agent's.
  scalper experiments add|list|show ID|run|leaderboard|meta [--db-dir DIR] [--json] …
      The experiment queue: ideas tested quick in sample, then validated out of sample.
  scalper params [--markdown]
      Every parameter with its default, allowed range, unit and description (JSON, or markdown).

Presets: sensex_expiry sensex_normal nifty_expiry nifty_normal sniper_quality momentum_scalper
         balanced_trader auto_adaptive
`;

function int(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value)) throw new UsageError(`--${name}: must be a whole number, got "${value}"`);
  return Number(value);
}

function num(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new UsageError(`--${name}: must be a number, got "${value}"`);
  return n;
}

function readParamsFile(path: string | undefined): Record<string, unknown> | undefined {
  if (path === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new UsageError(`--params: cannot read ${path}: ${(e as Error).message}`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new UsageError(`--params: ${path} must hold a JSON object of parameter overrides`);
  return json as Record<string, unknown>;
}

const DATA_FLAGS = {
  columns: { type: 'string' },
  'synthetic-options': { type: 'string' },
  strike: { type: 'string' },
  expiry: { type: 'string' },
  'lot-size': { type: 'string' },
  'utc-offset-min': { type: 'string' },
  symbol: { type: 'string' },
} as const;

function dataFlags(values: Partial<Record<keyof typeof DATA_FLAGS, string | undefined>>) {
  return {
    columns: values.columns,
    syntheticOptions: values['synthetic-options'],
    strike: values.strike,
    expiry: values.expiry,
    lotSize: values['lot-size'],
    utcOffsetMin: values['utc-offset-min'],
    symbol: values.symbol,
  };
}

const defined = (o: Record<string, unknown>): Record<string, unknown> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

function backtest(argv: string[]): void {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      sim: { type: 'boolean', default: false },
      data: { type: 'string' },
      days: { type: 'string' },
      seed: { type: 'string' },
      preset: { type: 'string' },
      underlying: { type: 'string' },
      'start-date': { type: 'string' },
      params: { type: 'string' },
      'latency-ms': { type: 'string' },
      'slippage-ticks': { type: 'string' },
      'slippage-prob': { type: 'string' },
      'rate-card': { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      capital: { type: 'string' },
      'db-dir': { type: 'string' },
      json: { type: 'boolean', default: false },
      ...DATA_FLAGS,
    },
  });
  if (values.sim === (values.data !== undefined)) throw new UsageError('backtest: give exactly one of --sim or --data FILE');
  const common = {
    seed: int('seed', values.seed),
    preset: values.preset,
    overrides: readParamsFile(values.params),
    latencyMs: int('latency-ms', values['latency-ms']),
    slippageTicks: int('slippage-ticks', values['slippage-ticks']),
    slippageProbability: num('slippage-prob', values['slippage-prob']),
    rateCard: values['rate-card'],
  };
  if (values.data !== undefined) {
    runDataBacktest({
      data: values.data,
      flags: dataFlags(values),
      input: defined({ ...common, from: values.from, to: values.to, capital: num('capital', values.capital) }),
      dbDir: values['db-dir'],
      json: values.json,
    });
    return;
  }
  const dataOnly = (Object.keys(DATA_FLAGS) as (keyof typeof DATA_FLAGS)[]).find((f) => f !== 'lot-size' && values[f] !== undefined);
  if (dataOnly !== undefined) throw new UsageError(`--${dataOnly}: applies to --data backtests, not --sim`);
  const input = defined({
    ...common,
    days: int('days', values.days),
    underlying: values.underlying,
    startDate: values['start-date'],
    lotSize: int('lot-size', values['lot-size']),
  });
  const out = runSimBacktest({ simConfig: loadSimConfig(), rateCards: loadRateCards() }, input);
  process.stdout.write(values.json ? `${JSON.stringify(out)}\n` : `${formatBacktest(out)}\n`);
}

async function importData(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: { out: { type: 'string' }, json: { type: 'boolean', default: false }, ...DATA_FLAGS },
  });
  const input = positionals[0];
  if (input === undefined || positionals.length > 1) throw new UsageError('import: give one INPUT file (CSV, NDJSON, panel or bars)');
  if (values.out === undefined) throw new UsageError('--out: the directory for the recordings is required');
  const out = await runImport({ input, output: values.out, options: parseDatasetFlags(dataFlags(values)) });
  process.stdout.write(values.json ? `${JSON.stringify(out)}\n` : `imported ${out.ticks.toLocaleString('en-US')} ticks into ${out.files.join(', ')}\n`);
}

async function sweep(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      data: { type: 'string' },
      preset: { type: 'string', default: 'nifty_normal' },
      grid: { type: 'string' },
      random: { type: 'string' },
      samples: { type: 'string' },
      seed: { type: 'string' },
      workers: { type: 'string' },
      json: { type: 'boolean', default: false },
      ...DATA_FLAGS,
    },
  });
  if (values.data === undefined) throw new UsageError('sweep: --data FILE (or sim:UNDERLYING:SEED:START:DAYS) is required');
  await runSweepCommand({
    data: values.data,
    flags: dataFlags(values),
    preset: values.preset,
    grid: values.grid,
    random: values.random,
    samples: int('samples', values.samples),
    seed: int('seed', values.seed) ?? 1,
    workers: int('workers', values.workers),
    json: values.json,
  });
}

function params(argv: string[]): void {
  const { values } = parseArgs({ args: argv, strict: true, options: { markdown: { type: 'boolean', default: false } } });
  process.stdout.write(values.markdown ? parametersMarkdown() : `${JSON.stringify({ specs: PARAM_SPECS, defaults: DEFAULT_PARAMS }, null, 2)}\n`);
}

async function serve(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      preset: { type: 'string', default: 'nifty_normal' },
      seed: { type: 'string' },
      days: { type: 'string' },
      'start-date': { type: 'string', default: '2026-01-05' },
      'sim-speed': { type: 'string', default: '1' },
      'db-dir': { type: 'string' },
      'print-acks': { type: 'boolean', default: false },
      'queue-capacity': { type: 'string' },
      experiments: { type: 'string' },
      record: { type: 'boolean', default: false },
      'recordings-max-gb': { type: 'string' },
    },
  });
  const speed = values['sim-speed'] === 'max' ? Infinity : num('sim-speed', values['sim-speed']);
  if (speed === undefined || !(speed > 0)) throw new UsageError('--sim-speed: must be a positive number or "max"');
  const capacity = int('queue-capacity', values['queue-capacity']) ?? 50_000;
  if (capacity < 2) throw new UsageError('--queue-capacity: must be at least 2');
  const maxGb = num('recordings-max-gb', values['recordings-max-gb']) ?? 10;
  if (!(maxGb > 0)) throw new UsageError(`--recordings-max-gb: must be a positive number of gigabytes, got ${maxGb}`);
  await runServe({
    dbDir: values['db-dir'],
    preset: values.preset,
    seed: int('seed', values.seed) ?? 1,
    days: int('days', values.days) ?? 250,
    startDate: values['start-date'],
    simSpeed: speed,
    printAcks: values['print-acks'],
    queueCapacity: capacity,
    experiments: int('experiments', values.experiments) ?? 1,
    record: values.record,
    recordingsMaxBytes: Math.round(maxGb * 1e9),
    // The only place the service ends the process: storage failed (crash-only) or a second Ctrl-C.
    onFatal: (message) => {
      process.stderr.write(`scalper: ${message}\n`);
      process.exit(1);
    },
  });
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'backtest':
      backtest(rest);
      return;
    case 'serve':
      await serve(rest);
      return;
    case 'sweep':
      await sweep(rest);
      return;
    case 'import':
      await importData(rest);
      return;
    case 'manual-trades': {
      const { values, positionals } = parseArgs({
        args: rest,
        strict: true,
        allowPositionals: true,
        options: { 'db-dir': { type: 'string' }, json: { type: 'boolean', default: false } },
      });
      if (positionals.length !== 1) throw new UsageError('manual-trades: give one FILE (or - for stdin) holding {"events": [...]}');
      runManualTrades({ file: positionals[0]!, dbDir: values['db-dir'], json: values.json });
      return;
    }
    case 'experiments':
      await runExperimentsCommand(rest);
      return;
    case 'analytics':
    case 'trades':
      runBookQuery(command, rest);
      return;
    case 'params':
      params(rest);
      return;
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(HELP);
      return;
    default:
      throw new UsageError(`unknown command "${command}"; run \`scalper help\``);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const message = userMessage(error) ?? (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS') ? error.message : null);
  if (message !== null) {
    process.stderr.write(`scalper: ${message}\n`);
    process.exit(2);
  }
  process.stderr.write(`scalper: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
