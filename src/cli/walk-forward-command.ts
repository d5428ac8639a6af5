/** `scalper walk-forward`: the walk-forward job's use case run in this process, its input checked by the job's own submit rules before anything loads. */
import { codeVersion } from '../adapters/code-version.js';
import { dataFingerprint } from '../adapters/jobs/data-fingerprint.js';
import { loadRateCards } from '../adapters/rate-cards.js';
import { loadSimConfig } from '../adapters/sim-config-file.js';
import { jobPreparer } from '../app/jobs/job-kinds.js';
import { parseAxesText } from '../app/jobs/sweep-axes-text.js';
import { runWalkForwardJob, type WalkForwardInput, type WalkForwardOutput } from '../app/jobs/walk-forward-job.js';
import { parseFlags, wholeFlag, withFlagNames } from './args.js';
import { readParamsFile } from './backtest-command.js';
import { checkedLoader, DATA_FLAGS } from './datasets.js';
import { usageError } from './errors.js';
import type { CliIo } from './io.js';
import { progressFor } from './progress.js';

const OPTIONS = {
  data: { type: 'string' },
  preset: { type: 'string' },
  params: { type: 'string' },
  grid: { type: 'string' },
  random: { type: 'string' },
  samples: { type: 'string' },
  'train-days': { type: 'string' },
  'test-days': { type: 'string' },
  'step-days': { type: 'string' },
  objective: { type: 'string' },
  'min-trades': { type: 'string' },
  seed: { type: 'string' },
  json: { type: 'boolean' },
  progress: { type: 'boolean' },
  ...DATA_FLAGS,
} as const;

const defined = (o: Record<string, unknown>): Record<string, unknown> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/** Input fields → the flags that set them (an axis, space.axes.<param>, is named by its flag and parameter). */
function flagNames(axisFlag: string): Record<string, string> {
  return {
    data: '--data',
    preset: '--preset',
    overrides: '--params',
    space: axisFlag,
    'space.axes': axisFlag,
    'space.samples': '--samples',
    trainDays: '--train-days',
    testDays: '--test-days',
    stepDays: '--step-days',
    objective: '--objective',
    minTrades: '--min-trades',
    seed: '--seed',
  };
}

export async function runWalkForwardCommand(argv: readonly string[], io: CliIo): Promise<void> {
  const { values } = parseFlags(argv, OPTIONS);
  if (values.data === undefined) throw usageError('--data', 'is required: a data file or sim:UNDERLYING:SEED:START:DAYS');
  if ((values.grid === undefined) === (values.random === undefined)) throw usageError('--grid', 'give exactly one of --grid or --random');
  if (values.grid !== undefined && values.samples !== undefined) throw usageError('--samples', 'only a --random space draws samples; a --grid space runs every combination');
  if (values['train-days'] === undefined) throw usageError('--train-days', 'is required: trading dates in each train window');
  if (values['test-days'] === undefined) throw usageError('--test-days', 'is required: trading dates in each test window');
  const axisFlag = values.grid !== undefined ? '--grid' : '--random';
  const names = flagNames(axisFlag);
  const axes = await withFlagNames(names, () => parseAxesText(values.grid ?? values.random!, values.grid !== undefined ? 'grid' : 'random'));
  const input = defined({
    data: values.data,
    preset: values.preset,
    overrides: readParamsFile(values.params),
    space: values.grid !== undefined ? { kind: 'grid', axes } : defined({ kind: 'random', axes, samples: wholeFlag('--samples', values.samples) }),
    trainDays: wholeFlag('--train-days', values['train-days']),
    testDays: wholeFlag('--test-days', values['test-days']),
    stepDays: wholeFlag('--step-days', values['step-days']),
    objective: values.objective,
    minTrades: wholeFlag('--min-trades', values['min-trades']),
    seed: wholeFlag('--seed', values.seed),
  }) as WalkForwardInput;
  // The job's submit rules, so the command refuses exactly what POST /walk-forward refuses, before the data loads.
  const prepare = jobPreparer({ codeVersion: codeVersion(), simConfig: loadSimConfig(), rateCards: loadRateCards(), fingerprint: dataFingerprint, findJob: () => undefined });
  await withFlagNames(names, () => prepare('walk-forward', input));
  const loadDataset = checkedLoader('--data', values.data, values, loadSimConfig);
  const bar = progressFor('walk-forward', values.progress === true, io.stderr);
  const out = await withFlagNames(names, () =>
    runWalkForwardJob({ loadDataset, rateCards: loadRateCards(), ...(bar === undefined ? {} : { onProgress: (p) => bar(Math.round(p.fraction * 100), 100) }) }, input),
  );
  bar?.(100, 100);
  io.stdout.write(values.json === true ? `${JSON.stringify(out)}\n` : `${summary(out)}\n`);
}

function summary(out: WalkForwardOutput): string {
  const o = out.outOfSample;
  const lines = [
    `${out.synthetic ? 'SYNTHETIC OPTIONS — ' : ''}walk-forward on ${out.dataset}: ${out.windows.length} windows (train ${out.trainDays}, test ${out.testDays}, step ${out.stepDays} days), ${out.combos} combos (${out.invalid.length} skipped), objective ${out.objective}, seed ${out.seed}`,
  ];
  for (const w of out.windows) {
    const span = (d: readonly string[]): string => `${d[0]}..${d[d.length - 1]}`;
    lines.push(
      w.chosen === null
        ? `#${w.index} train ${span(w.trainDates)} test ${span(w.testDates)}: no combo qualified (${w.eligible} of ${w.candidates}); no trades`
        : `#${w.index} train ${span(w.trainDates)} test ${span(w.testDates)}: combo #${w.chosen.index} ${JSON.stringify(w.chosen.overrides)}  in ${w.inSample!.netPnl} (${w.inSample!.trades} trades)  out ${w.outOfSample!.netPnl} (${w.outOfSample!.trades} trades)`,
    );
  }
  lines.push(
    `out of sample: net ${o.netPnl} over ${o.days} days (${o.netPnlPerDay}/day), ${o.trades} trades, win ${(o.winRate * 100).toFixed(1)}%, PF ${o.profitFactor?.toFixed(2) ?? 'n/a'}, max DD ${o.maxDrawdown}`,
    `in sample: net ${out.inSample.netPnl} over ${out.inSample.days} days (${out.inSample.netPnlPerDay}/day); efficiency ${out.efficiency ?? 'n/a (in-sample net per day not positive)'}`,
  );
  return lines.join('\n');
}
