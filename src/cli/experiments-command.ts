/** `scalper experiments add|list|show|run|leaderboard|meta`: the experiment queue from the command line. */
import { mkdirSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  experimentLeaderboard,
  listExperiments,
  runMetaAnalysis,
  showExperiment,
  submitExperiment,
  type ExperimentView,
} from '../app/commands/experiments.js';
import { codeVersion } from '../adapters/code-version.js';
import { datasetLoader } from '../adapters/experiments/dataset-loader.js';
import { loadRateCards } from '../adapters/rate-cards.js';
import { dbFiles, resolveDbDir } from '../adapters/store/db-paths.js';
import { ExperimentStore, IdempotencyConflict } from '../adapters/store/experiment-store.js';
import { RunStore } from '../adapters/store/run-store.js';
import { ExperimentRunner } from '../experiments/experiment-runner.js';
import { runStage } from '../app/run-experiment-stage.js';
import { stderrLogger } from './serve-command.js';
import { UsageError } from './errors.js';

function parseJsonArg(flag: string, text: string | undefined): Record<string, unknown> {
  if (text === undefined) return {};
  const raw = text.startsWith('@') ? readFileSync(text.slice(1), 'utf8') : text;
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch (e) {
    throw new UsageError(`--${flag}: not valid JSON: ${(e as Error).message}`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new UsageError(`--${flag}: must be a JSON object`);
  return v as Record<string, unknown>;
}

const line = (e: ExperimentView): string =>
  `#${e.id} [${e.status}] ${e.title} — ${e.origin}/${e.submitter}, ${JSON.stringify(e.overrides)} on ${e.dataset}${e.reason === null ? '' : ` — ${e.reason}`}`;

export async function runExperimentsCommand(argv: string[]): Promise<void> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    strict: true,
    allowPositionals: true,
    options: {
      'db-dir': { type: 'string' },
      json: { type: 'boolean', default: false },
      title: { type: 'string' },
      hypothesis: { type: 'string' },
      overrides: { type: 'string' },
      dataset: { type: 'string' },
      preset: { type: 'string' },
      target: { type: 'string' },
      'quick-fraction': { type: 'string' },
      submitter: { type: 'string' },
      'idempotency-key': { type: 'string' },
      status: { type: 'string' },
      limit: { type: 'string' },
      max: { type: 'string' },
    },
  });
  const dir = resolveDbDir({ ...(values['db-dir'] === undefined ? {} : { flag: values['db-dir'] }), env: process.env.SCALPER_DB_DIR, cwd: process.cwd() });
  mkdirSync(dir, { recursive: true });
  const files = dbFiles(dir);
  const store = ExperimentStore.open(files.control);
  const loadDataset = datasetLoader();
  const deps = { store, now: () => Date.now(), checkDataset: (ref: string) => void loadDataset(ref) };
  const out = (data: unknown, text: string): void => {
    process.stdout.write(values.json ? `${JSON.stringify(data)}\n` : `${text}\n`);
  };
  try {
    switch (sub) {
      case 'add': {
        const idea = Object.fromEntries(
          Object.entries({
            title: values.title,
            hypothesis: values.hypothesis ?? '',
            overrides: parseJsonArg('overrides', values.overrides),
            basePreset: values.preset,
            dataset: values.dataset,
            targetMetric: values.target,
            budget: values['quick-fraction'] === undefined ? undefined : { quickFraction: Number(values['quick-fraction']) },
            submitter: values.submitter ?? process.env.USER ?? 'trader',
            idempotencyKey: values['idempotency-key'],
          }).filter(([, v]) => v !== undefined),
        );
        const r = submitExperiment(deps, idea, 'human');
        out(r, `${r.created ? 'queued' : 'already queued'}: ${line(r.experiment)}`);
        return;
      }
      case 'list': {
        const list = listExperiments(deps, {
          ...(values.status === undefined ? {} : { status: values.status as never }),
          ...(values.limit === undefined ? {} : { limit: Number(values.limit) }),
        });
        out(list, list.map(line).join('\n') || 'no experiments');
        return;
      }
      case 'show': {
        const e = showExperiment(deps, Number(positionals[0]));
        out(e, `${line(e)}\nhypothesis (untrusted text): ${e.hypothesis.text}\nquick: ${JSON.stringify(e.quick)}\nvalidation: ${JSON.stringify(e.validation)}`);
        return;
      }
      case 'run': {
        const runs = RunStore.open(files.control);
        try {
          const backtest = { loadDataset, rateCards: loadRateCards(), runs, codeVersion: codeVersion(), now: () => Date.now() };
          const runner = new ExperimentRunner(store, (exp, stage) => Promise.resolve(runStage(backtest, exp, stage)), () => Date.now(), stderrLogger);
          const n = await runner.drain();
          out({ stagesRun: n }, `ran ${n} stage(s)`);
        } finally {
          runs.close();
        }
        return;
      }
      case 'leaderboard': {
        const rows = experimentLeaderboard(deps, values.limit === undefined ? 20 : Number(values.limit));
        out(rows, rows.map((r) => `#${r.id} [${r.status}] ${r.title}: ${r.targetMetric} edge ${r.validationEdge ?? '—'} (quick ${r.quickEdge ?? '—'})`).join('\n') || 'nothing has passed yet');
        return;
      }
      case 'meta': {
        if (values.dataset === undefined) throw new UsageError('--dataset: the meta-analysis needs the dataset its proposals run on');
        const r = runMetaAnalysis(deps, { dataset: values.dataset, basePreset: values.preset ?? 'nifty_normal', ...(values.max === undefined ? {} : { max: Number(values.max) }) });
        out(r, `${r.findings.map((f) => `${f.param} ${f.direction}: ${f.experiments} experiment(s), mean edge ${f.meanEdge.toFixed(4)}`).join('\n')}\nproposed ${r.proposed.length}:\n${r.proposed.map(line).join('\n')}`);
        return;
      }
      case undefined:
      default:
        throw new UsageError('experiments: use add, list, show ID, run, leaderboard or meta');
    }
  } catch (e) {
    if (e instanceof IdempotencyConflict) throw new UsageError(e.message);
    throw e;
  } finally {
    store.close();
  }
}
