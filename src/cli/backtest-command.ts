/** `scalper backtest --sim …` and `scalper backtest --data …`: the flags mapped to the input of backtests.run (the work of POST /backtests, done in this process); flags that do not apply are refused before anything is loaded or created. */
import { existsSync, readFileSync } from 'node:fs';
import { codeVersion } from '../adapters/code-version.js';
import { loadRateCards } from '../adapters/rate-cards.js';
import { loadSimConfig } from '../adapters/sim-config-file.js';
import { RunStore } from '../adapters/store/run-store.js';
import type { DataBacktestOutput, RunCache } from '../app/commands/run-backtest.js';
import { runBacktestOp, type BacktestRunDeps } from '../app/operations/backtest-run-op.js';
import { jobPreparer } from '../app/jobs/job-kinds.js';
import { dataFingerprint } from '../adapters/jobs/data-fingerprint.js';
import { RedisJobRunner } from '../adapters/queue/redis-job-runner.js';
import { queueFlag } from './queue-flag.js';
import { PARAM_SPECS } from '../core/params/param-spec.js';
import { numberFlag, parseFlags, refuseFlags, wholeFlag, withFlagNames } from './args.js';
import { checkedLoader, DATA_FLAGS, givenDataFlags } from './datasets.js';
import { dbDirOf, ensureDbDir, type DbDir } from './db-dir.js';
import { usageError } from './errors.js';
import { formatBacktest } from './format.js';
import type { CliIo } from './io.js';
import { callOp } from './mount.js';
import { progressFor } from './progress.js';

const OPTIONS = {
  sim: { type: 'boolean' },
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
  json: { type: 'boolean' },
  queue: { type: 'string' },
  progress: { type: 'boolean' },
  ...DATA_FLAGS,
} as const;

/** Input fields of backtests.run → the flags that set them, for messages; a parameter's issue comes from --params. */
const FLAG_OF: Readonly<Record<string, string>> = {
  ...Object.fromEntries(Object.keys(PARAM_SPECS).map((p) => [p, `--params ${p}`])),
  '(root)': '--params',
  days: '--days',
  seed: '--seed',
  preset: '--preset',
  underlying: '--underlying',
  startDate: '--start-date',
  overrides: '--params',
  latencyMs: '--latency-ms',
  slippageTicks: '--slippage-ticks',
  slippageProbability: '--slippage-prob',
  rateCard: '--rate-card',
  lotSize: '--lot-size',
  data: '--data',
  'data START': '--data START',
  from: '--from',
  to: '--to',
  capital: '--capital',
};

/** The JSON object of parameter overrides in `path` (--params). */
export function readParamsFile(path: string | undefined): Record<string, unknown> | undefined {
  if (path === undefined) return undefined;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw usageError('--params', `cannot read ${path} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw usageError('--params', `${path} is not valid JSON (${(e as Error).message.slice(0, 120)})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw usageError('--params', `${path} must hold a JSON object of parameter overrides`);
  return json as Record<string, unknown>;
}

const defined = (o: Record<string, unknown>): Record<string, unknown> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/** The run store, opened to look up a stored result only if the database exists, and created only to store a finished run. */
function lazyRuns(db: DbDir): RunCache & { close(): void } {
  let store: RunStore | undefined;
  const open = (): RunStore => {
    if (store === undefined) {
      ensureDbDir(db);
      store = RunStore.open(db.files.control);
    }
    return store;
  };
  return {
    get: (key) => (store !== undefined || existsSync(db.files.control) ? open().get(key) : undefined),
    put: (run) => open().put(run),
    close: () => store?.close(),
  };
}

export async function runBacktestCommand(argv: readonly string[], io: CliIo): Promise<void> {
  const { values } = parseFlags(argv, OPTIONS);
  if (values.sim === true && values.data !== undefined) throw usageError('--sim', 'give --sim or --data, not both');
  if (values.sim !== true && values.data === undefined) throw usageError('--sim', 'give --sim (the simulator) or --data FILE|sim:U:SEED:START:DAYS', 'run `scalper backtest --help`');
  const common = {
    seed: wholeFlag('--seed', values.seed),
    preset: values.preset,
    overrides: readParamsFile(values.params),
    latencyMs: wholeFlag('--latency-ms', values['latency-ms']),
    slippageTicks: wholeFlag('--slippage-ticks', values['slippage-ticks']),
    slippageProbability: numberFlag('--slippage-prob', values['slippage-prob']),
    rateCard: values['rate-card'],
  };
  const simConfig = loadSimConfig();
  const rateCards = loadRateCards();
  const call = (input: Record<string, unknown>, deps: BacktestRunDeps) => callOp(runBacktestOp, deps, defined(input), { flags: FLAG_OF, stderr: io.stderr });
  const print = (out: Awaited<ReturnType<typeof call>>): void => {
    const text = values.json === true ? JSON.stringify(out) : 'runKey' in out ? summary(out) : formatBacktest(out);
    io.stdout.write(`${text}\n`);
  };
  const queue = queueFlag(values.queue);
  if (queue.kind === 'redis') {
    const local = givenDataFlags(values)[0] ?? (values['db-dir'] !== undefined ? 'db-dir' : undefined);
    if (local !== undefined) throw usageError(`--${local}`, 'does not apply with --queue redis://…: a worker loads the data file as it is (import it first) and caches the run in its own store');
    const input =
      values.data === undefined
        ? { ...common, days: wholeFlag('--days', values.days), underlying: values.underlying, startDate: values['start-date'] }
        : { ...common, data: values.data, from: values.from, to: values.to, capital: numberFlag('--capital', values.capital) };
    // The job's own submit rules, so the command refuses what POST /backtests refuses, naming the flag.
    const prepare = jobPreparer({ codeVersion: codeVersion(), simConfig, rateCards, fingerprint: dataFingerprint, findJob: () => undefined });
    const { task } = await withFlagNames(FLAG_OF, () => prepare('backtest', defined(input)));
    const runner = new RedisJobRunner({ queue });
    const progress = progressFor('backtest', values.progress === true, io.stderr);
    try {
      print(JSON.parse(await runner.run(task, { signal: new AbortController().signal, onProgress: (p) => progress?.(Math.round(p.fraction * 1000), 1000) })) as Awaited<ReturnType<typeof call>>);
    } finally {
      await runner.close();
    }
    return;
  }
  if (values.data === undefined) {
    refuseFlags(values, ['from', 'to', 'capital', 'db-dir'], 'applies to --data backtests, not --sim (--sim runs --days from --start-date and stores nothing)');
    const dataOnly = givenDataFlags(values).find((f) => f !== 'lot-size');
    if (dataOnly !== undefined) throw usageError(`--${dataOnly}`, 'applies to --data backtests, not --sim');
    const progress = progressFor('backtest', values.progress === true, io.stderr);
    const input = { ...common, days: wholeFlag('--days', values.days), underlying: values.underlying, startDate: values['start-date'], lotSize: wholeFlag('--lot-size', values['lot-size']) };
    const deps: BacktestRunDeps = {
      simConfig,
      rateCards,
      ...(progress === undefined ? {} : { onProgress: progress }),
      dataset: () => {
        throw new Error('a --sim backtest runs on no dataset');
      },
    };
    print(await call(input, deps));
    return;
  }
  refuseFlags(values, ['days', 'underlying', 'start-date'], 'applies to --sim backtests; with --data the dataset sets the underlying and the dates (use --from/--to to narrow them)');
  const input = { ...common, data: values.data, from: values.from, to: values.to, capital: numberFlag('--capital', values.capital) };
  const db = dbDirOf(values['db-dir']);
  // Everything is checked before the data loads and the store opens: a refused backtest creates nothing.
  const loadDataset = checkedLoader('--data', values.data, values, () => simConfig);
  const runs = lazyRuns(db);
  try {
    const progress = progressFor('backtest', values.progress === true, io.stderr);
    const dataDeps = { loadDataset, rateCards, runs, codeVersion: codeVersion(), now: () => Date.now(), ...(progress === undefined ? {} : { onProgress: progress }) };
    print(await call(input, { simConfig, rateCards, dataset: () => dataDeps }));
  } finally {
    runs.close();
  }
}

function summary(out: DataBacktestOutput): string {
  const m = out.metrics;
  const head = formatBacktest({ ...out, underlying: out.dataset.name, currency: 'INR' }, out.utcOffsetMin).split('\n');
  const cur = out.currency === 'INR' ? '₹' : '$';
  return [
    `${out.dataset.synthetic ? 'SYNTHETIC OPTIONS — ' : ''}${out.dataset.description}`,
    `run ${out.runKey}${out.cached ? ' (stored result)' : ''}; charges: ${out.chargesModel}; currency ${out.currency}`,
    ...head.slice(1).map((l) => (out.currency === 'INR' ? l : l.replaceAll('₹', cur))),
    `trades/day ${m.tradesPerDay}   expectancy ${cur}${m.expectancy.toFixed(2)}   SQN ${m.sqn ?? 'n/a'}   Sharpe ${m.sharpe ?? 'n/a'}   Sortino ${m.sortino ?? 'n/a'}   Calmar ${m.calmar ?? 'n/a'}   max DD ${(m.maxDrawdownPct * 100).toFixed(2)}%   exposure ${(m.exposure * 100).toFixed(1)}%`,
  ].join('\n');
}
