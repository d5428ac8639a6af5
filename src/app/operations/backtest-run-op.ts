/** backtests.run: a backtest run in the caller's process, answering with its result (the CLI's `scalper backtest`); the daemon runs the same work as the job backtests.submit. */
import type { z } from 'zod';
import { BacktestOutputSchema } from '../commands/backtest-result.js';
import { checkBacktest } from '../commands/check-backtest.js';
import { isDataSpec, RunBacktestInputSchema, runOnDataset, runOnSimulator, type DataBacktestDeps, type SimBacktestDeps } from '../commands/run-backtest.js';
import { defineLocalOperation } from '../registry/operation.js';

/** What backtests.run needs: the simulator's deps, and a run on a dataset's, made only when one runs (the CLI opens its run store then). */
export interface BacktestRunDeps extends SimBacktestDeps {
  readonly dataset: () => DataBacktestDeps;
}

export const runBacktestOp = defineLocalOperation({
  name: 'backtests.run',
  summary: 'Run a backtest here and now, on the simulator (no `data`) or on a dataset, and answer with its result: the input of backtests.submit, the result of its job.',
  kind: 'command',
  scopes: ['agent'],
  idempotent: true,
  input: RunBacktestInputSchema.describe('A backtest on a dataset (with `data`) or on the simulator (without).'),
  output: BacktestOutputSchema,
  handler: (deps: BacktestRunDeps, input) => {
    checkBacktest(deps, input);
    const out = isDataSpec(input) ? runOnDataset(deps.dataset(), input) : runOnSimulator(deps, input);
    // The wire types are readonly and the schema's are not: the same shape, which invoke checks against the schema.
    return out as z.input<typeof BacktestOutputSchema>;
  },
});
