/** `scalper experiments add|list|show|review|run|leaderboard|meta`: the experiment queue from the command line; queries create no database and a refused idea stores nothing. */
import { existsSync, readFileSync } from 'node:fs';
import type { ExperimentBook, ExperimentDeps } from '../app/commands/experiments.js';
import { getExperimentOp, leaderboardOp, listExperimentsOp, metaAnalysisOp, reviewExperimentOp, submitExperimentOp } from '../app/operations/experiment-ops.js';
import { datasetChecker } from '../adapters/experiments/dataset-loader.js';
import { inProcessStageExecutor } from '../adapters/experiments/local-stage.js';
import { loadRateCards } from '../adapters/rate-cards.js';
import { loadSimConfig } from '../adapters/sim-config-file.js';
import { ExperimentStore } from '../adapters/store/experiment-store.js';
import { ExperimentRunner } from '../experiments/experiment-runner.js';
import { numberFlag, parseFlags, refuseFlags, wholeFlag } from './args.js';
import { dbDirOf, ensureDbDir, type DbDir } from './db-dir.js';
import { escapeText, usageError } from './errors.js';
import { AppError } from '../app/errors.js';
import type { CliIo } from './io.js';
import { callOp, cliContext } from './mount.js';
import { stderrLogger } from './serve-command.js';

const OPTIONS = {
  'db-dir': { type: 'string' },
  json: { type: 'boolean' },
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
  progress: { type: 'boolean' },
  approve: { type: 'boolean' },
  reject: { type: 'boolean' },
  note: { type: 'string' },
} as const;

type Flag = keyof typeof OPTIONS;

/** The flags each subcommand takes (besides --db-dir and --json); any other is refused. */
const FLAGS_OF: Readonly<Record<string, readonly Flag[]>> = {
  add: ['title', 'hypothesis', 'overrides', 'dataset', 'preset', 'target', 'quick-fraction', 'submitter', 'idempotency-key'],
  list: ['status', 'limit'],
  show: [],
  run: ['progress'],
  leaderboard: ['limit'],
  meta: ['dataset', 'preset', 'max'],
  review: ['approve', 'reject', 'note'],
};

/** Fields of an idea → the flags that set them, for messages. */
const FLAG_OF: Readonly<Record<string, string>> = {
  note: '--note',
  verdict: '--approve',
  id: 'ID',
  title: '--title',
  hypothesis: '--hypothesis',
  overrides: '--overrides',
  basePreset: '--preset',
  dataset: '--dataset',
  'dataset START': '--dataset START',
  targetMetric: '--target',
  budget: '--quick-fraction',
  'budget.quickFraction': '--quick-fraction',
  submitter: '--submitter',
  idempotencyKey: '--idempotency-key',
  status: '--status',
  limit: '--limit',
  max: '--max',
};

function parseJsonArg(flag: string, text: string | undefined): Record<string, unknown> {
  if (text === undefined) return {};
  let raw = text;
  if (text.startsWith('@')) {
    try {
      raw = readFileSync(text.slice(1), 'utf8');
    } catch (e) {
      throw usageError(flag, `cannot read ${text.slice(1)} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
  }
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    throw usageError(flag, `must be a JSON object (or @FILE holding one), e.g. '{"momentumTicks":5}'; got "${escapeText(raw.slice(0, 30))}${raw.length > 30 ? '…' : ''}"`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw usageError(flag, 'must be a JSON object of parameter overrides');
  return v as Record<string, unknown>;
}

/** The queue, opened only when something is stored; a missing database reads as an empty queue. */
function lazyStore(db: DbDir): ExperimentBook & { close(): void; exists(): boolean; open(): ExperimentStore } {
  let store: ExperimentStore | undefined;
  const exists = (): boolean => store !== undefined || existsSync(db.files.control);
  const open = (): ExperimentStore => {
    if (store === undefined) {
      ensureDbDir(db);
      store = ExperimentStore.open(db.files.control);
    }
    return store;
  };
  return {
    submit: (idea, origin, ts) => open().submit(idea, origin, ts),
    get: (id) => (exists() ? open().get(id) : undefined),
    list: (status, limit) => (exists() ? open().list(status, limit) : []),
    review: (id, expected, review, move) => open().review(id, expected, review, move),
    close: () => store?.close(),
    exists,
    open,
  };
}

/** One experiment as the operations answer it, as far as a line shows it. */
interface ExperimentLine {
  readonly id: number;
  readonly status: string;
  readonly title: string;
  readonly origin: string;
  readonly submitter: string;
  readonly overrides: Record<string, unknown>;
  readonly dataset: string;
  readonly reason: string | null;
}

const line = (e: ExperimentLine): string =>
  `#${e.id} [${e.status}] ${escapeText(e.title)} — ${e.origin}/${escapeText(e.submitter)}, ${JSON.stringify(e.overrides)} on ${e.dataset}${e.reason === null ? '' : ` — ${e.reason}`}`;

/** `scalper experiments …`: add, list, show, leaderboard and meta are the operations experiments.submit, .list, .get, .leaderboard and .meta on the queue of --db-dir; run works through it here. */
export async function runExperimentsCommand(argv: readonly string[], io: CliIo): Promise<void> {
  const [sub, ...rest] = argv;
  const flags = sub === undefined ? undefined : FLAGS_OF[sub];
  if (flags === undefined) throw usageError('SUBCOMMAND', `must be add, list, show ID, review ID, run, leaderboard or meta${sub === undefined ? '' : `, got "${escapeText(sub.slice(0, 30))}"`}`, 'run `scalper experiments --help`');
  const { values, positionals } = parseFlags(rest, OPTIONS, sub === 'show' || sub === 'review');
  refuseFlags(values, (Object.keys(OPTIONS) as Flag[]).filter((f) => f !== 'db-dir' && f !== 'json' && !flags.includes(f)), `does not apply to \`scalper experiments ${sub}\` (see --help)`);
  const db = dbDirOf(values['db-dir']);
  const store = lazyStore(db);
  const experiments: ExperimentDeps = { store, now: () => Date.now(), checkDataset: datasetChecker(loadSimConfig(), loadRateCards()) };
  const deps = { experiments };
  const call = { flags: FLAG_OF, stderr: io.stderr };
  const out = (data: unknown, text: string): void => {
    io.stdout.write(values.json === true ? `${JSON.stringify(data)}\n` : `${text}\n`);
  };
  const given = (o: Record<string, unknown>): Record<string, unknown> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
  try {
    switch (sub) {
      case 'add': {
        const quickFraction = numberFlag('--quick-fraction', values['quick-fraction']);
        const idea = given({
          title: values.title,
          hypothesis: values.hypothesis ?? '',
          overrides: parseJsonArg('--overrides', values.overrides),
          basePreset: values.preset,
          dataset: values.dataset,
          targetMetric: values.target,
          budget: quickFraction === undefined ? undefined : { quickFraction },
        });
        // The submitter is who acts; without --idempotency-key the operation derives the key from the idea's content.
        const ctx = cliContext({ name: values.submitter ?? process.env.USER ?? 'trader', idempotencyKey: values['idempotency-key'] });
        const r = await callOp(submitExperimentOp, deps, idea, { ...call, ctx });
        out(r, `${r.created ? 'queued' : 'already queued'}: ${line(r.experiment)}`);
        return;
      }
      case 'list': {
        const r = await callOp(listExperimentsOp, deps, given({ status: values.status, limit: wholeFlag('--limit', values.limit) }), call);
        out(r, r.experiments.map(line).join('\n') || 'no experiments');
        return;
      }
      case 'show': {
        const id = positionals[0];
        if (positionals.length > 1) throw usageError('ID', `give one experiment id, got ${positionals.length} arguments`);
        if (id === undefined || !/^\d{1,15}$/.test(id)) throw usageError('ID', `give one experiment id, a whole number ≥ 1${id === undefined ? '' : `, got "${escapeText(id.slice(0, 20))}"`}`);
        const e = await callOp(getExperimentOp, deps, { id: Number(id) }, call);
        out(e, `${line(e)}\nhypothesis (untrusted text): ${escapeText(e.hypothesis.text)}\nquick: ${JSON.stringify(e.quick)}\nvalidation: ${JSON.stringify(e.validation)}`);
        return;
      }
      case 'review': {
        const id = positionals[0];
        if (id === undefined || positionals.length > 1 || !/^\d{1,15}$/.test(id)) throw usageError('ID', 'give one experiment id, a whole number ≥ 1');
        if ((values.approve === true) === (values.reject === true)) throw usageError('--approve', 'give exactly one of --approve and --reject');
        if (!store.exists()) throw new AppError('NOT_FOUND', `ID: no experiment ${id}: ${db.dir} has no queue`, { issues: [{ field: 'ID', rule: `no experiment ${id}` }] });
        const e = await callOp(reviewExperimentOp, deps, given({ id: Number(id), verdict: values.approve === true ? 'approve' : 'reject', note: values.note }), { ...call, ctx: cliContext({ name: process.env.USER ?? 'trader' }) });
        out(e, line(e));
        return;
      }
      case 'run': {
        if (!store.exists()) {
          out({ stagesRun: 0 }, 'ran 0 stage(s): the queue is empty');
          return;
        }
        await runQueue(db, store.open(), values.progress === true || io.stderr.isTTY === true, io, out);
        return;
      }
      case 'leaderboard': {
        const r = await callOp(leaderboardOp, deps, given({ limit: wholeFlag('--limit', values.limit) }), call);
        out(r, r.rows.map((row) => `#${row.id} [${row.status}] ${escapeText(row.title)}: ${row.targetMetric} edge ${row.validationEdge ?? '—'} (quick ${row.quickEdge ?? '—'})`).join('\n') || 'nothing has passed yet');
        return;
      }
      case 'meta': {
        if (values.dataset === undefined) throw usageError('--dataset', 'is required: the dataset the proposals run on');
        const r = await callOp(metaAnalysisOp, deps, given({ dataset: values.dataset, basePreset: values.preset, max: wholeFlag('--max', values.max) }), call);
        out(r, `${r.findings.map((f) => `${f.param} ${f.direction}: ${f.experiments} experiment(s), mean edge ${f.meanEdge.toFixed(4)}`).join('\n')}\nproposed ${r.proposed.length}:\n${r.proposed.map(line).join('\n')}`);
        return;
      }
      case undefined:
        return;
    }
  } finally {
    store.close();
  }
}

/** Works through the queue in the foreground, each stage in this thread; with `progress`, one line on stderr per stage started. */
async function runQueue(db: DbDir, store: ExperimentStore, progress: boolean, io: CliIo, out: (data: unknown, text: string) => void): Promise<void> {
  const execute = inProcessStageExecutor(db.files.control);
  let started = 0;
  const runner = new ExperimentRunner(
    store,
    (exp, stage) => {
      started++;
      if (progress) {
        const queued = store.list('pending', 100_000).length + store.list('passed_quick', 100_000).length;
        io.stderr.write(`experiments: stage ${started}: #${exp.id} ${stage} (${queued} more queued)\n`);
      }
      return execute(exp, stage);
    },
    () => Date.now(),
    stderrLogger,
  );
  const n = await runner.drain();
  out({ stagesRun: n }, `ran ${n} stage(s)`);
}
