/** `scalper sweep`: a grid or random parameter sweep on worker threads; its input is that of sweeps.submit, checked by the job's own rules before anything loads. */
import { availableParallelism } from 'node:os';
import { codeVersion } from '../adapters/code-version.js';
import { dataFingerprint } from '../adapters/jobs/data-fingerprint.js';
import { loadRateCards } from '../adapters/rate-cards.js';
import { loadSimConfig } from '../adapters/sim-config-file.js';
import { runSweep, SweepAbortedError } from '../adapters/sweep/sweep-pool.js';
import { jobPreparer } from '../app/jobs/job-kinds.js';
import { parseAxesText } from '../app/jobs/sweep-axes-text.js';
import { planSweep, SWEEP_FILL, type ParsedSweepInput, type RunSweepOutput } from '../app/jobs/sweep-job.js';
import { MAX_SWEEP_COMBOS } from '../backtest/sweep/param-space.js';
import { boundedWhole, parseFlags, wholeFlag, withFlagNames } from './args.js';
import { checkedLoader, DATA_FLAGS } from './datasets.js';
import { Interrupted, usageError } from './errors.js';
import type { CliIo } from './io.js';
import { progressFor } from './progress.js';
import { queueFlag } from './queue-flag.js';
import { RedisJobRunner } from '../adapters/queue/redis-job-runner.js';
import type { RedisQueue } from '../adapters/queue/queue-url.js';
import type { JobTask } from '../app/jobs/job-kinds.js';

const OPTIONS = {
  data: { type: 'string' },
  preset: { type: 'string' },
  grid: { type: 'string' },
  random: { type: 'string' },
  samples: { type: 'string' },
  seed: { type: 'string' },
  workers: { type: 'string' },
  json: { type: 'boolean' },
  progress: { type: 'boolean' },
  queue: { type: 'string' },
  ...DATA_FLAGS,
} as const;

/** Input fields of sweeps.submit → the flags that set them (an axis is named by its flag and parameter). */
const flagNames = (axisFlag: string): Readonly<Record<string, string>> => ({
  data: '--data',
  'data START': '--data START',
  preset: '--preset',
  space: axisFlag,
  'space.axes': axisFlag,
  'space.samples': '--samples',
  seed: '--seed',
});

/** `scalper sweep`: the input of sweeps.submit from the flags, refused by the job's own submit rules before anything loads, then run here on worker threads. */
export async function runSweepCommand(argv: readonly string[], io: CliIo): Promise<void> {
  const { values } = parseFlags(argv, OPTIONS);
  if (values.data === undefined) throw usageError('--data', 'is required: a data file or sim:UNDERLYING:SEED:START:DAYS');
  if ((values.grid === undefined) === (values.random === undefined)) throw usageError('--grid', 'give exactly one of --grid or --random');
  if (values.grid !== undefined && values.samples !== undefined) throw usageError('--samples', 'only a --random sweep draws samples; a --grid sweep runs every combination');
  const workers = boundedWhole('--workers', values.workers, 1, 64) ?? Math.max(1, Math.min(availableParallelism(), 8));
  const axisFlag = values.grid !== undefined ? '--grid' : '--random';
  const names = flagNames(axisFlag);
  const axes = await withFlagNames(names, () => (values.grid !== undefined ? parseAxesText(values.grid, 'grid') : parseAxesText(values.random!, 'random')));
  const samples = boundedWhole('--samples', values.samples, 1, MAX_SWEEP_COMBOS);
  const given = (o: Record<string, unknown>): Record<string, unknown> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
  const raw = given({
    data: values.data,
    preset: values.preset,
    space: values.grid !== undefined ? { kind: 'grid', axes } : given({ kind: 'random', axes, samples }),
    seed: wholeFlag('--seed', values.seed),
  });
  const queue = queueFlag(values.queue);
  if (queue.kind === 'redis') {
    if (values.workers !== undefined) throw usageError('--workers', 'does not apply with --queue redis://…: each `scalper worker` sets its own --concurrency');
    const flag = Object.keys(DATA_FLAGS).find((k) => values[k as keyof typeof DATA_FLAGS] !== undefined);
    if (flag !== undefined) throw usageError(`--${flag}`, 'does not apply with --queue redis://…: workers load the data file as it is (import it first with `scalper import`)');
  }
  const rateCards = loadRateCards();
  // The job's submit rules, so the command refuses exactly what POST /sweeps refuses, before the data loads.
  const prepare = jobPreparer({ codeVersion: codeVersion(), simConfig: loadSimConfig(), rateCards, fingerprint: dataFingerprint, findJob: () => undefined });
  const prepared = await withFlagNames(names, () => prepare('sweep', raw));
  const input = prepared.input as ParsedSweepInput;
  if (queue.kind === 'redis') return sweepOnQueue(queue, prepared.task, values.json === true, progressFor('sweep', values.progress === true, io.stderr), io);
  const dataset = checkedLoader('--data', values.data, values, loadSimConfig)(values.data);
  const { seed, base, expanded } = await withFlagNames(names, () => planSweep(dataset, input));
  const controller = new AbortController();
  const onSigint = (): void => controller.abort(new Error('interrupted'));
  process.once('SIGINT', onSigint);
  try {
    const onProgress = progressFor('sweep', values.progress === true, io.stderr);
    const results = await runSweep({
      dataset,
      world: { rateCards, fill: SWEEP_FILL, seed, preset: input.preset },
      base,
      combos: expanded.combos,
      workers,
      ...(onProgress === undefined ? {} : { onProgress }),
      signal: controller.signal,
    }).catch((e: unknown) => {
      throw e instanceof SweepAbortedError ? new Interrupted('sweep cancelled by Ctrl-C; no results') : e;
    });
    const out: RunSweepOutput = { dataset: dataset.name, synthetic: dataset.synthetic, seed, total: expanded.total, invalid: expanded.invalid, results };
    printSweep(out, values.json === true, dataset.description, `${workers} worker(s)`, io);
  } finally {
    process.off('SIGINT', onSigint);
  }
}

/** The sweep through the queue's workers: the same JSON as a local sweep; Ctrl-C cancels its cells. */
async function sweepOnQueue(queue: RedisQueue, task: JobTask, json: boolean, onProgress: ((done: number, total: number) => void) | undefined, io: CliIo): Promise<void> {
  const runner = new RedisJobRunner({ queue });
  const controller = new AbortController();
  const onSigint = (): void => controller.abort(new Interrupted('sweep cancelled by Ctrl-C; its queued cells are removed, no results'));
  process.once('SIGINT', onSigint);
  try {
    const out = JSON.parse(await runner.run(task, { signal: controller.signal, onProgress: (p) => onProgress?.(Math.round(p.fraction * 1000), 1000) })) as RunSweepOutput;
    printSweep(out, json, out.dataset, `on the workers of ${queue.url}`, io);
  } finally {
    process.off('SIGINT', onSigint);
    await runner.close();
  }
}

/** The sweep's JSON, or its 20 best combos under a line naming the data and where it ran. */
function printSweep(out: RunSweepOutput, json: boolean, data: string, where: string, io: CliIo): void {
  if (json) {
    io.stdout.write(`${JSON.stringify(out)}\n`);
    return;
  }
  const sorted = [...out.results].sort((x, y) => y.netPnl - x.netPnl || x.index - y.index);
  io.stdout.write(`${out.synthetic ? 'SYNTHETIC OPTIONS — ' : ''}${data}: ${out.results.length} combos (${out.invalid.length} skipped: break a cross-field rule), seed ${out.seed}, ${where}\n`);
  for (const r of sorted.slice(0, 20)) {
    io.stdout.write(`#${r.index} net ${(r.netPnl / 100).toFixed(2)} trades ${r.trades} win ${(r.winRate * 100).toFixed(1)}% PF ${r.profitFactor?.toFixed(2) ?? 'n/a'}  ${JSON.stringify(r.overrides)}\n`);
  }
}
