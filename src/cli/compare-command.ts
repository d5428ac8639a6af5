/** `scalper compare`: the run-comparison job's use case run in this process; each side a backtest spec (JSON or @FILE) or a done backtest job of the daemon's database. */
import { existsSync, readFileSync } from 'node:fs';
import { codeVersion } from '../adapters/code-version.js';
import { dataFingerprint } from '../adapters/jobs/data-fingerprint.js';
import { runTask } from '../adapters/jobs/run-task.js';
import { loadRateCards } from '../adapters/rate-cards.js';
import { loadSimConfig } from '../adapters/sim-config-file.js';
import { JobStore } from '../adapters/store/job-store.js';
import type { CompareRunsInput, CompareRunsOutput, CompareTask } from '../app/jobs/compare-job.js';
import { jobPreparer, type StoredJobRef } from '../app/jobs/job-kinds.js';
import { numberFlag, parseFlags, wholeFlag, withFlagNames } from './args.js';
import { dbDirOf, ensureDbDir } from './db-dir.js';
import { usageError } from './errors.js';
import type { CliIo } from './io.js';
import { progressFor } from './progress.js';

const OPTIONS = {
  a: { type: 'string' },
  b: { type: 'string' },
  seed: { type: 'string' },
  resamples: { type: 'string' },
  confidence: { type: 'string' },
  'db-dir': { type: 'string' },
  json: { type: 'boolean' },
  progress: { type: 'boolean' },
} as const;

const FLAG_OF = { a: '--a', b: '--b', seed: '--seed', resamples: '--resamples', confidence: '--confidence' };

/** A side from its flag: `{…}` is a backtest spec, `@FILE` a file holding one, anything else a job id. */
function sideOf(flag: string, text: string | undefined): CompareRunsInput['a'] {
  if (text === undefined) throw usageError(flag, 'is required: a backtest as JSON (\'{"days":5,"seed":7}\'), @FILE holding one, or a done backtest job id');
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('@')) return { job: trimmed };
  let json = trimmed;
  if (trimmed.startsWith('@')) {
    try {
      json = readFileSync(trimmed.slice(1), 'utf8');
    } catch (e) {
      throw usageError(flag, `cannot read ${trimmed.slice(1, 80)} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
  }
  let spec: unknown;
  try {
    spec = JSON.parse(json);
  } catch (e) {
    throw usageError(flag, `is not valid JSON (${(e as Error).message.slice(0, 120)})`);
  }
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) throw usageError(flag, 'must be a JSON object: a backtest as backtests.submit takes it');
  return { backtest: spec };
}

export async function runCompareCommand(argv: readonly string[], io: CliIo): Promise<void> {
  const { values } = parseFlags(argv, OPTIONS);
  const input = {
    a: sideOf('--a', values.a),
    b: sideOf('--b', values.b),
    ...(values.seed === undefined ? {} : { seed: wholeFlag('--seed', values.seed) }),
    ...(values.resamples === undefined ? {} : { resamples: wholeFlag('--resamples', values.resamples) }),
    ...(values.confidence === undefined ? {} : { confidence: numberFlag('--confidence', values.confidence) }),
  };
  const db = dbDirOf(values['db-dir']);
  // A job side is read from the daemon's database; the command creates none to look one up.
  const jobs = existsSync(db.files.control) && ('job' in input.a || 'job' in input.b) ? JobStore.open(db.files.control) : undefined;
  let task: CompareTask;
  try {
    const findJob = (id: string): StoredJobRef | undefined => jobs?.get(id);
    const prepare = jobPreparer({ codeVersion: codeVersion(), simConfig: loadSimConfig(), rateCards: loadRateCards(), fingerprint: dataFingerprint, findJob });
    task = (await withFlagNames(FLAG_OF, () => prepare('compare', input))).task.input as CompareTask;
  } finally {
    jobs?.close();
  }
  // A backtest on data stores its run in the control database, as `scalper backtest --data` does.
  if ([task.a, task.b].some((s) => 'task' in s && s.task.work === 'data-backtest')) ensureDbDir(db);
  const bar = progressFor('compare', values.progress === true, io.stderr);
  const out = (await withFlagNames(FLAG_OF, () =>
    runTask({ work: 'compare', input: task }, (p) => bar?.(Math.round(p.fraction * 100), 100), db.files.control),
  )) as CompareRunsOutput;
  bar?.(100, 100);
  io.stdout.write(values.json === true ? `${JSON.stringify(out)}\n` : `${summary(out)}\n`);
}

function summary(out: CompareRunsOutput): string {
  const side = (label: string, s: CompareRunsOutput['a']): string =>
    `${label}: ${s.source === 'job' ? `job ${s.job}` : 'backtest'} ${s.runKey} params ${s.paramsVersion}, ${s.firstDate ?? '—'}..${s.lastDate ?? '—'} (${s.days} days), ${s.trades} trades, net ${s.netPnl} ${s.currency}`;
  return [
    side('A', out.a),
    side('B', out.b),
    `mean net per trade: A ${out.meanA}, B ${out.meanB}, B − A ${out.difference}; ${Math.round(out.confidence * 1000) / 10}% interval [${out.ci.low}, ${out.ci.high}] (${out.resamples} resamples, seed ${out.seed})`,
    out.verdict,
  ].join('\n');
}
