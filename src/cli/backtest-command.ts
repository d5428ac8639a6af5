/** `scalper backtest --sim …` and `scalper backtest --data …`: flags checked (and those that do not apply refused) before anything is loaded or created. */
import { existsSync, readFileSync } from 'node:fs';
import { codeVersion } from '../adapters/code-version.js';
import { loadRateCards } from '../adapters/rate-cards.js';
import { loadSimConfig } from '../adapters/sim-config-file.js';
import { RunStore } from '../adapters/store/run-store.js';
import { fillSeedOf, runBacktest, type RunBacktestInput, type RunCache, type RunBacktestOutput } from '../app/commands/run-backtest.js';
import { runSimBacktest } from '../app/commands/run-sim-backtest.js';
import { PARAM_SPECS } from '../core/params/param-spec.js';
import { dateFlag, numberFlag, parseFlags, refuseFlags, wholeFlag, withFlagNames } from './args.js';
import { checkedLoader, checkSimStart, DATA_FLAGS, givenDataFlags } from './datasets.js';
import { dbDirOf, ensureDbDir, type DbDir } from './db-dir.js';
import { usageError } from './errors.js';
import { formatBacktest } from './format.js';
import type { CliIo } from './io.js';
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
  progress: { type: 'boolean' },
  ...DATA_FLAGS,
} as const;

/** Input fields of the backtest use cases → the flags that set them, for messages; a parameter's issue comes from --params. */
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

/** Refuses a --rate-card id no card has (the charges wiring would fail deep inside the run). */
function checkRateCard(id: string | undefined): void {
  if (id === undefined) return;
  const ids = loadRateCards().map((c) => c.id);
  if (!ids.includes(id)) throw usageError('--rate-card', `no rate card has the id "${id.slice(0, 60)}" (the ${ids.length} ids are the file names in config/rate-cards, e.g. legacy-original)`);
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
  checkRateCard(common.rateCard);
  if (values.data === undefined) {
    const progress = progressFor('backtest', values.progress === true, io.stderr);
    refuseFlags(values, ['from', 'to', 'capital', 'db-dir'], 'applies to --data backtests, not --sim (--sim runs --days from --start-date and stores nothing)');
    const dataOnly = givenDataFlags(values).find((f) => f !== 'lot-size');
    if (dataOnly !== undefined) throw usageError(`--${dataOnly}`, 'applies to --data backtests, not --sim');
    const simConfig = loadSimConfig();
    const startDate = dateFlag('--start-date', values['start-date']);
    const underlying = values.underlying ?? (common.preset?.startsWith('sensex') === true ? 'SENSEX' : 'NIFTY');
    if (startDate !== undefined) checkSimStart('--start-date', underlying, startDate, simConfig, common.rateCard === undefined ? loadRateCards() : undefined);
    const input = defined({
      ...common,
      days: wholeFlag('--days', values.days),
      underlying: values.underlying,
      startDate,
      lotSize: wholeFlag('--lot-size', values['lot-size']),
    });
    const out = await withFlagNames(FLAG_OF, () =>
      runSimBacktest({ simConfig, rateCards: loadRateCards(), ...(progress === undefined ? {} : { onProgress: progress }) }, input),
    );
    io.stdout.write(values.json === true ? `${JSON.stringify(out)}\n` : `${formatBacktest(out)}\n`);
    return;
  }
  refuseFlags(values, ['progress'], 'is shown for --sim backtests, sweeps and experiment runs; a --data backtest prints its result when done');
  refuseFlags(values, ['days', 'underlying', 'start-date'], 'applies to --sim backtests; with --data the dataset sets the underlying and the dates (use --from/--to to narrow them)');
  const data = values.data;
  const input = defined({
    ...common,
    data,
    from: dateFlag('--from', values.from),
    to: dateFlag('--to', values.to),
    capital: numberFlag('--capital', values.capital),
  });
  if (typeof input.from === 'string' && typeof input.to === 'string' && input.from > input.to) throw usageError('--from', `must not be after --to (${input.to}), got ${input.from}`);
  const db = dbDirOf(values['db-dir']);
  // Everything is checked before the data loads and the store opens: a refused backtest creates nothing.
  await withFlagNames(FLAG_OF, () => fillSeedOf(data, common.seed));
  const loadDataset = checkedLoader('--data', data, values, loadSimConfig);
  const runs = lazyRuns(db);
  try {
    const out = await withFlagNames(FLAG_OF, () => runBacktest({ loadDataset, rateCards: loadRateCards(), runs, codeVersion: codeVersion(), now: () => Date.now() }, input as RunBacktestInput));
    io.stdout.write(values.json === true ? `${JSON.stringify(out)}\n` : `${summary(out)}\n`);
  } finally {
    runs.close();
  }
}

function summary(out: RunBacktestOutput): string {
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
