import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeVersion } from '../../src/adapters/code-version.js';
import { datasetLoader } from '../../src/adapters/experiments/dataset-loader.js';
import type { RunCache } from '../../src/app/commands/run-backtest.js';
import { runBacktestOp } from '../../src/app/operations/backtest-run-op.js';
import { invoke } from '../../src/app/registry/invoke.js';
import { operation } from '../../src/app/registry/registry.js';
import { scalper } from '../cli/in-process.js';
import { rateCards, simConfig } from '../runtime/agent-harness.js';
import { restHarness, type RestHarness } from './rest-harness.js';

/** The CLI, the registry called in-process and its REST mount give the same JSON for the same command. */
let r: RestHarness;
const scratch = mkdtempSync(join(tmpdir(), 'scalper-parity-'));
beforeAll(async () => {
  r = await restHarness({ jobs: true });
  await r.agent.agent.stop(false);
});
afterAll(async () => {
  await r.close();
  rmSync(scratch, { recursive: true, force: true });
});

const trader = { principal: { name: 'trader-test', scope: 'trader' as const, tokenId: null }, mode: 'paper' as const };
const json = (x: unknown): unknown => JSON.parse(JSON.stringify(x));

/** `scalper ARGS --db-dir <the harness's databases> --json`, parsed; it must succeed. */
async function cli(args: readonly string[]): Promise<unknown> {
  const out = await scalper([...args, '--db-dir', r.dbDir, '--json']);
  expect(out.code, out.stderr).toBe(0);
  return JSON.parse(out.stdout) as unknown;
}

/** The registry's answer to `name` on `input`, as the trader. */
const direct = async (name: string, input: unknown): Promise<unknown> => json(await invoke(operation(name)!, r.deps, input, trader));

/** REST's data, checking the status. */
async function rest(method: 'GET' | 'POST', path: string, body?: unknown, status = 200): Promise<unknown> {
  const res = await r.request(method, path, body === undefined ? {} : { json: body });
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  return res.body.data;
}

describe('registry and REST parity', () => {
  for (const [name, path, input] of [
    ['engine.status', '/api/v1/status', {}],
    ['config.get', '/api/v1/config', {}],
  ] as const) {
    it(`${name}: the same data both ways`, async () => {
      // The heartbeat's age is wall time, different at each call.
      const steady = (x: unknown): unknown => (name === 'engine.status' ? { ...(x as object), heartbeatAgeMs: 0 } : x);
      expect(steady(await rest('GET', path))).toEqual(steady(await direct(name, input)));
    });
  }

  it('coerces what AI clients send: numbers as strings and objects as JSON text, then validates strictly', async () => {
    const op = operation('trades.list')!;
    await expect(invoke(op, r.deps, { limit: '3' }, trader)).resolves.toMatchObject({ book: 'auto' });
    await expect(invoke(op, r.deps, { limit: 'three' }, trader)).rejects.toMatchObject({ code: 'INVALID_INPUT', issues: [{ field: 'limit' }] });
    await expect(invoke(op, r.deps, { limit: '0' }, trader)).rejects.toMatchObject({ code: 'INVALID_INPUT', issues: [{ field: 'limit' }] });
    const limit0 = await r.request('GET', '/api/v1/trades?limit=0');
    expect(limit0.status).toBe(400);
    expect(limit0.body.error).toMatchObject({ code: 'INVALID_INPUT', issues: [{ field: 'limit' }] });
  });
});

describe('the CLI, the registry and REST parity', () => {
  it('trades.list: `scalper trades`', async () => {
    const out = await cli(['trades', '--book', 'auto', '--limit', '5']);
    expect(out).toEqual(await rest('GET', '/api/v1/trades?book=auto&limit=5'));
    expect(out).toEqual(await direct('trades.list', { book: 'auto', limit: 5 }));
  });

  it('analytics.get: `scalper analytics`', async () => {
    const out = await cli(['analytics', '--bucket', '25', '--side', 'CE']);
    expect(out).toEqual(await rest('GET', '/api/v1/analytics?bucket=25&side=CE'));
    expect(out).toEqual(await direct('analytics.get', { bucket: 25, side: 'CE' }));
  });

  it('manual-trades.ingest: `scalper manual-trades FILE` (each surface its own trade, the same answer)', async () => {
    const batch = (trade: string) => ({
      events: (['ENTRY', 'EXIT'] as const).map((type, i) => ({
        eventId: `${trade}-${type}`,
        tradeId: trade,
        type,
        source: 'scalping',
        ts: 1_767_589_200_000 + i * 60_000,
        underlying: 'NIFTY',
        exchange: 'NFO',
        symbol: 'NIFTY06JAN2626000PE',
        side: 'PE',
        qty: 65,
        price: 120.5 - i,
      })),
    });
    const file = join(scratch, 'manual.json');
    writeFileSync(file, JSON.stringify(batch('cli-1')));
    const out = await cli(['manual-trades', file]);
    expect(out).toEqual({ accepted: 2, duplicates: 0, tradesClosed: 1 });
    expect(await rest('POST', '/api/v1/manual-trades', batch('rest-1'))).toEqual(out);
    expect(await direct('manual-trades.ingest', batch('registry-1'))).toEqual(out);
    // The same batch again, on each surface: duplicates, nothing stored.
    expect(await cli(['manual-trades', file])).toEqual({ accepted: 0, duplicates: 2, tradesClosed: 0 });
    expect(await rest('POST', '/api/v1/manual-trades', batch('cli-1'))).toEqual({ accepted: 0, duplicates: 2, tradesClosed: 0 });
  });

  describe('experiments', () => {
    // The CLI sends an empty hypothesis when --hypothesis is left out.
    const idea = { title: 'parity idea', hypothesis: '', overrides: { momentumTicks: 5 }, dataset: 'sim:NIFTY:7:2026-01-05:2' };
    let id = 0;

    it('experiments.submit: `scalper experiments add` derives the same key as REST, so the same idea is one experiment', async () => {
      const added = (await cli(['experiments', 'add', '--title', idea.title, '--overrides', JSON.stringify(idea.overrides), '--dataset', idea.dataset, '--submitter', 'trader-test'])) as {
        created: boolean;
        experiment: { id: number };
      };
      expect(added.created).toBe(true);
      id = added.experiment.id;
      const again = { ...added, created: false };
      expect(await rest('POST', '/api/v1/experiments', idea)).toEqual(again);
      expect(await direct('experiments.submit', idea)).toEqual(again);
    });

    it('experiments.list: `scalper experiments list`', async () => {
      const out = await cli(['experiments', 'list', '--limit', '10']);
      expect(out).toEqual(await rest('GET', '/api/v1/experiments?limit=10'));
      expect(out).toEqual(await direct('experiments.list', { limit: 10 }));
      expect((out as { experiments: unknown[] }).experiments).toHaveLength(1);
    });

    it('experiments.get: `scalper experiments show ID`', async () => {
      const out = await cli(['experiments', 'show', String(id)]);
      expect(out).toEqual(await rest('GET', `/api/v1/experiments/${id}`));
      expect(out).toEqual(await direct('experiments.get', { id }));
    });

    it('experiments.leaderboard: `scalper experiments leaderboard`', async () => {
      const out = await cli(['experiments', 'leaderboard', '--limit', '5']);
      expect(out).toEqual(await rest('GET', '/api/v1/experiments-leaderboard?limit=5'));
      expect(out).toEqual(await direct('experiments.leaderboard', { limit: 5 }));
    });

    it('experiments.meta: `scalper experiments meta` (report only: no follow-ups queued)', async () => {
      const out = await cli(['experiments', 'meta', '--dataset', idea.dataset, '--max', '0']);
      expect(out).toEqual(await rest('POST', '/api/v1/experiments/meta', { dataset: idea.dataset, max: 0 }));
      expect(out).toEqual(await direct('experiments.meta', { dataset: idea.dataset, max: 0 }));
    });
  });

  describe('backtests: `scalper backtest` runs backtests.run here; REST runs the same input as a job', () => {
    const memoryRuns = (): RunCache => {
      const m = new Map<string, { resultJson: string }>();
      return { get: (k) => m.get(k), put: (run) => void m.set(run.runKey, run) };
    };
    const local = { simConfig, rateCards, dataset: () => ({ loadDataset: datasetLoader(), rateCards, runs: memoryRuns(), codeVersion: codeVersion(), now: () => 0 }) };

    /** The job's result of `input` over REST, once done. */
    async function restJob(input: unknown): Promise<unknown> {
      const job = (await rest('POST', '/api/v1/backtests', input, 202)) as { id: string };
      for (;;) {
        const got = (await rest('GET', `/api/v1/jobs/${job.id}`)) as { state: string; result: unknown; error: unknown };
        if (got.state === 'done') return got.result;
        expect(['queued', 'running'], JSON.stringify(got.error)).toContain(got.state);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }

    it.each([
      ['on the simulator', ['--sim', '--days', '1', '--seed', '3', '--preset', 'nifty_expiry', '--slippage-ticks', '1'], { days: 1, seed: 3, preset: 'nifty_expiry', slippageTicks: 1 }],
      ['on a dataset', ['--data', 'sim:NIFTY:4:2026-01-05:2', '--from', '2026-01-06', '--capital', '250000'], { data: 'sim:NIFTY:4:2026-01-05:2', from: '2026-01-06', capital: 250_000 }],
    ] as const)('%s', async (_form, flags, input) => {
      // The CLI's own directory: its run store is not the daemon's, so neither answer is a stored one.
      const out = await scalper(['backtest', ...flags, '--json', ...(flags[0] === '--data' ? ['--db-dir', join(scratch, 'cli-runs')] : [])]);
      expect(out.code, out.stderr).toBe(0);
      const printed = JSON.parse(out.stdout) as unknown;
      expect(json(await invoke(runBacktestOp, local, input, trader))).toEqual(printed);
      expect(await restJob(input)).toEqual(printed);
    });
  });
});
