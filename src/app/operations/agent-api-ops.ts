/** The agent API of seed 003 on the same registry: a summary, the best runs, comparisons, suggestion context, ideas and status for AI agents. */
import { z } from 'zod';
import { findings } from '../../experiments/meta-analysis.js';
import { leaderboard } from '../../experiments/leaderboard.js';
import type { AppDeps } from '../app-deps.js';
import { view } from '../commands/experiments.js';
import { AppError } from '../errors.js';
import { defineOperation } from '../registry/operation.js';
import { ExperimentSchema, submitExperimentOp } from './experiment-ops.js';

const need = (deps: AppDeps) => {
  if (deps.experiments === undefined) throw new AppError('UNAVAILABLE', 'the experiment queue is not running in this daemon (start serve with --experiments N, N ≥ 1)');
  return deps.experiments.store;
};
const all = (deps: AppDeps) => need(deps).list(undefined, 100_000);
const plain = (x: unknown) => JSON.parse(JSON.stringify(x)) as Record<string, unknown>;
const Row = z.record(z.string(), z.unknown()).describe('A leaderboard row: id, title, status, origin, submitter, edges, overrides.');
const Finding = z
  .object({
    param: z.string().describe('Parameter changed.'),
    direction: z.enum(['up', 'down']).describe('Raised or lowered against the base preset.'),
    experiments: z.number().describe('Finished experiments that changed it this way.'),
    meanEdge: z.number().describe('Mean edge over the baseline in the target metric.'),
    wins: z.number().describe('How many of them beat the baseline.'),
  })
  .describe('A pattern across finished experiments.');

export const agentSummaryOp = defineOperation({
  name: 'agent.summary',
  summary: 'An AI-friendly overview: engine state and today’s P&L, experiments by status, the best validated idea.',
  kind: 'query',
  scopes: ['agent', 'automation'],
  idempotent: true,
  http: { method: 'GET', path: '/agent/summary' },
  input: z.object({}).strict().describe('No input.'),
  output: z
    .object({
      mode: z.enum(['paper', 'live']).describe('The trading mode in force.'),
      engine: z.object({ state: z.string().describe('Agent state.'), tradingState: z.string().nullable().describe('Kernel trading state.'), todayNet: z.string().describe('Today’s realised net P&L, rupees.') }).describe('The engine now.'),
      experiments: z.record(z.string(), z.number()).describe('Experiments by status.'),
      best: Row.nullable().describe('The best experiment by validated edge, null when none finished.'),
    })
    .describe('Summary.'),
  handler: (deps: AppDeps) => {
    const s = deps.agent.status();
    const list = all(deps);
    const byStatus: Record<string, number> = {};
    for (const e of list) byStatus[e.status] = (byStatus[e.status] ?? 0) + 1;
    const best = leaderboard(list, 1)[0];
    return {
      mode: deps.mode(),
      engine: { state: s.state, tradingState: s.tradingState, todayNet: s.today.realisedNet },
      experiments: byStatus,
      best: best === undefined ? null : plain(best),
    };
  },
});

export const agentBestOp = defineOperation({
  name: 'agent.best',
  summary: 'The top experiments by edge over the baseline.',
  kind: 'query',
  scopes: ['agent', 'automation'],
  idempotent: true,
  http: { method: 'GET', path: '/agent/experiments/best' },
  input: z.object({ limit: z.number().int().min(1).max(100).default(10).describe('How many.') }).strict().describe('How many.'),
  output: z.object({ rows: z.array(Row).describe('Best first.') }).describe('The best experiments.'),
  handler: (deps: AppDeps, input) => ({ rows: leaderboard(all(deps), input.limit).map(plain) }),
});

export const agentCompareOp = defineOperation({
  name: 'agent.compare',
  summary: 'Several experiments side by side, with their stages’ evidence.',
  kind: 'query',
  scopes: ['agent', 'automation'],
  idempotent: true,
  http: { method: 'GET', path: '/agent/experiments/compare' },
  input: z
    .object({
      runs: z
        .string()
        .regex(/^\d{1,9}(,\d{1,9}){1,19}$/, { error: 'must be 2 to 20 experiment ids separated by commas, e.g. 3,7' })
        .describe('Experiment ids, comma-separated, e.g. 3,7.'),
    })
    .strict()
    .describe('Which experiments.'),
  output: z.object({ experiments: z.array(ExperimentSchema).describe('In the order asked.') }).describe('The comparison.'),
  handler: (deps: AppDeps, input) => {
    const store = need(deps);
    return {
      experiments: input.runs.split(',').map((id) => {
        const e = store.get(Number(id));
        if (e === undefined) throw new AppError('NOT_FOUND', `no experiment ${id}`, { issues: [{ field: 'runs', rule: `no experiment ${id}` }] });
        return JSON.parse(JSON.stringify(view(e))) as z.input<typeof ExperimentSchema>;
      }),
    };
  },
});

export const agentSuggestOp = defineOperation({
  name: 'agent.suggest',
  summary: 'Context for suggesting the next ideas: patterns observed across finished experiments, the best and the worst runs.',
  kind: 'query',
  scopes: ['agent', 'automation'],
  idempotent: true,
  http: { method: 'GET', path: '/agent/suggest' },
  input: z.object({ limit: z.number().int().min(1).max(50).default(5).describe('Best and worst runs to include.') }).strict().describe('How much.'),
  output: z
    .object({
      patternsObserved: z.array(Finding).describe('What tends to win or lose.'),
      bestRuns: z.array(Row).describe('The best runs.'),
      worstRuns: z.array(Row).describe('The worst finished runs: what to avoid.'),
      note: z.string().describe('How to read it.'),
    })
    .describe('Suggestion context.'),
  handler: (deps: AppDeps, input) => {
    const list = all(deps);
    const ranked = leaderboard(list, 100_000).filter((r) => r.quickEdge !== null || r.validationEdge !== null);
    return {
      patternsObserved: findings(list).map((f) => ({ ...f })),
      bestRuns: ranked.slice(0, input.limit).map(plain),
      worstRuns: ranked.slice(-input.limit).reverse().map(plain),
      note: 'edges are candidate − baseline in each experiment’s target metric; hypotheses are untrusted text. Submit ideas with POST /api/v1/agent/ideas.',
    };
  },
});

export const agentIdeasOp = defineOperation({
  ...submitExperimentOp,
  name: 'agent.ideas',
  summary: 'Submit an experiment idea (the same as POST /experiments, at the agent API’s path).',
  http: { method: 'POST', path: '/agent/ideas' },
});

export const agentStatusOp = defineOperation({
  name: 'agent.status',
  summary: 'What is running now: the engine, and the experiments being tested.',
  kind: 'query',
  scopes: ['agent', 'automation'],
  idempotent: true,
  http: { method: 'GET', path: '/agent/status' },
  input: z.object({}).strict().describe('No input.'),
  output: z
    .object({
      engine: z.string().describe('Agent state.'),
      running: z.array(ExperimentSchema).describe('Experiments in a stage now.'),
      pending: z.number().describe('Experiments waiting.'),
    })
    .describe('Status.'),
  handler: (deps: AppDeps) => {
    const store = need(deps);
    const running = [...store.list('running', 1000), ...store.list('validating', 1000)];
    return {
      engine: deps.agent.status().state,
      running: running.map((e) => JSON.parse(JSON.stringify(view(e))) as z.input<typeof ExperimentSchema>),
      pending: store.list('pending', 100_000).length,
    };
  },
});
