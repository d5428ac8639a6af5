/** The CLI as a new user meets it: help per command, the version, queries that create nothing, the README's experiment example, the manual-trades example, one seed, and progress. */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scalper } from './in-process.js';

const root = mkdtempSync(join(tmpdir(), 'scalper-surface-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const COMMANDS = ['serve', 'backtest', 'sweep', 'import', 'manual-trades', 'analytics', 'trades', 'experiments', 'params'];

describe('help and version', () => {
  it.each(COMMANDS)('`scalper %s --help` prints its usage and exits 0', async (command) => {
    const r = await scalper([command, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Usage: scalper ${command}`));
    expect(r.stderr).toBe('');
    expect((await scalper(['help', command])).stdout).toBe(r.stdout);
  });

  it('`scalper --help` lists every command; `scalper --version` is package.json’s', async () => {
    const help = await scalper(['--help']);
    for (const c of COMMANDS) expect(help.stdout).toMatch(new RegExp(`^  ${c} `, 'm'));
    const pkg = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string };
    expect(await scalper(['--version'])).toEqual({ code: 0, stdout: `scalper ${pkg.version}\n`, stderr: '' });
  });

  it('says how the idempotency key of `experiments add` is made when it is not given', async () => {
    expect((await scalper(['experiments', '--help'])).stdout).toMatch(/--idempotency-key is optional: when absent it is derived from the\s+idea's content/);
  });
});

describe('queries', () => {
  it.each([
    [['experiments', 'list']],
    [['experiments', 'list', '--json']],
    [['experiments', 'leaderboard']],
    [['experiments', 'run']],
  ])('%j on a directory with no database answers and creates nothing', async (args) => {
    const dir = join(root, `none-${args.join('-')}`);
    const r = await scalper([...args, '--db-dir', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(dir)).toBe(false);
  });

  it('`experiments show` of an unknown id is NOT_FOUND and creates nothing', async () => {
    const dir = join(root, 'none-show');
    const r = await scalper(['experiments', 'show', '3', '--db-dir', dir, '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({ error: { code: 'NOT_FOUND' } });
    expect(existsSync(dir)).toBe(false);
  });
});

describe('experiments add', () => {
  it('takes the README’s example without an idempotency key, and queues the same idea once', async () => {
    const dir = join(root, 'experiments');
    const args = ['experiments', 'add', '--title', 'momentum 5', '--overrides', '{"momentumTicks":5}', '--dataset', 'sim:NIFTY:7:2026-01-05:1', '--db-dir', dir, '--json'];
    const first = await scalper(args);
    expect(first.code, first.stderr).toBe(0);
    const a = JSON.parse(first.stdout) as { created: boolean; experiment: { id: number; idempotencyKey: string } };
    expect(a.created).toBe(true);
    const again = JSON.parse((await scalper(args)).stdout) as typeof a;
    expect(again).toMatchObject({ created: false, experiment: { id: a.experiment.id, idempotencyKey: a.experiment.idempotencyKey } });
    // The same key with other content is a conflict: refused, nothing stored.
    const other = await scalper(['experiments', 'add', '--title', 'momentum 6', '--overrides', '{"momentumTicks":6}', '--dataset', 'sim:NIFTY:7:2026-01-05:1', '--idempotency-key', a.experiment.idempotencyKey, '--db-dir', dir, '--json']);
    expect(other.code).toBe(2);
    expect(JSON.parse(other.stdout)).toMatchObject({ error: { code: 'CONFLICT', issues: [{ field: '--idempotency-key' }] } });
    expect((JSON.parse((await scalper(['experiments', 'list', '--db-dir', dir, '--json'])).stdout) as { experiments: unknown[] }).experiments).toHaveLength(1);
  });
});

describe('experiments run', () => {
  it('with --progress prints a line per stage on stderr and runs the queue', async () => {
    const dir = join(root, 'experiments-run');
    const add = await scalper(['experiments', 'add', '--title', 'momentum 5', '--overrides', '{"momentumTicks":5}', '--dataset', 'sim:NIFTY:3:2026-01-05:2', '--quick-fraction', '0.5', '--db-dir', dir]);
    expect(add.code, add.stderr).toBe(0);
    const r = await scalper(['experiments', 'run', '--progress', '--db-dir', dir, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const { stagesRun } = JSON.parse(r.stdout) as { stagesRun: number };
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('experiments: stage '));
    expect(lines).toHaveLength(stagesRun);
    expect(lines[0]).toBe('experiments: stage 1: #1 quick (0 more queued)');
  }, 120_000);
});

describe('manual-trades', () => {
  it('accepts the example its --help gives', async () => {
    const help = (await scalper(['manual-trades', '--help'])).stdout;
    const example = help.slice(help.lastIndexOf('{"events"'));
    const file = join(root, 'example.json');
    writeFileSync(file, example);
    const dir = join(root, 'manual');
    const r = await scalper(['manual-trades', file, '--db-dir', dir, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ accepted: 2, duplicates: 0, tradesClosed: 1 });
    expect(readdirSync(dir)).toContain('manual-trades.sqlite');
  });
});

describe('one seed', () => {
  it('--sim --seed 7 and --data sim:NIFTY:7:… trade the same; --seed 7 with it is the same run', async () => {
    const sim = await scalper(['backtest', '--sim', '--seed', '7', '--days', '2', '--json']);
    const dir = join(root, 'seed');
    const data = await scalper(['backtest', '--data', 'sim:NIFTY:7:2026-01-05:2', '--db-dir', dir, '--json']);
    const same = await scalper(['backtest', '--data', 'sim:NIFTY:7:2026-01-05:2', '--seed', '7', '--db-dir', dir, '--json']);
    expect(data.code, data.stderr).toBe(0);
    const a = JSON.parse(sim.stdout) as { seed: number; trades: unknown[]; metrics: { netPnl: number } };
    const b = JSON.parse(data.stdout) as { seed: number; trades: unknown[]; metrics: { netPnl: number }; runKey: string };
    expect(b.seed).toBe(7);
    expect(b.trades.length).toBeGreaterThan(0);
    expect(b.trades).toEqual(a.trades);
    expect(b.metrics.netPnl).toBe(a.metrics.netPnl);
    expect(JSON.parse(same.stdout)).toMatchObject({ runKey: b.runKey, cached: true });
  });
});

describe('progress', () => {
  it('is printed on stderr with --progress (a line every 10 %), and not at all without it when stderr is not a terminal', async () => {
    const shown = await scalper(['backtest', '--sim', '--days', '2', '--progress', '--json']);
    expect(shown.stderr).toBe('backtest 0% (0/2)\nbacktest 50% (1/2)\nbacktest 100% (2/2)\n');
    const quiet = await scalper(['backtest', '--sim', '--days', '2', '--json']);
    expect(quiet.stderr).toBe('');
    expect(quiet.stdout).toBe(shown.stdout);
  });

  it('a --data backtest shows its progress per day of its window too', async () => {
    const shown = await scalper(['backtest', '--data', 'sim:NIFTY:5:2026-01-05:2', '--progress', '--json', '--db-dir', join(root, 'progress')]);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stderr).toBe('backtest 0% (0/2)\nbacktest 50% (1/2)\nbacktest 100% (2/2)\n');
  });

  it('is drawn in place when stderr is a terminal', async () => {
    const r = await scalper(['backtest', '--sim', '--days', '2', '--json'], { tty: true });
    expect(r.stderr).toMatch(/^\rbacktest \[-+\] 0% 0\/2/);
    expect(r.stderr).toMatch(/\rbacktest \[#+\] 100% 2\/2 [^\n]*\n$/);
  });
});
