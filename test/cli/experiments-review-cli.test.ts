/** `scalper experiments review`: the trader's verdict from the command line, through the same operation as REST. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scalper } from './in-process.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('scalper experiments review', () => {
  it('rejects a waiting experiment (it leaves the queue), refuses approving one that is not validated, and names flags', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scalper-review-'));
    dirs.push(dir);
    const add = await scalper(['experiments', 'add', '--title', 'tighter stop', '--dataset', 'sim:NIFTY:7:2026-01-05:2', '--overrides', '{"slPoints":4}', '--json', '--db-dir', dir]);
    expect(add.code, add.stderr).toBe(0);
    const id = (JSON.parse(add.stdout) as { experiment: { id: number } }).experiment.id;

    const approve = await scalper(['experiments', 'review', String(id), '--approve', '--db-dir', dir]);
    expect(approve.code).toBe(2);
    expect(approve.stderr).toMatch(/only a validated experiment can be approved/);
    expect((await scalper(['experiments', 'review', String(id), '--db-dir', dir])).stderr).toMatch(/--approve: give exactly one of --approve and --reject/);
    expect((await scalper(['experiments', 'review', String(id), '--reject', '--note', '', '--db-dir', dir])).stderr).toMatch(/--note/);
    expect((await scalper(['experiments', 'review', '999', '--reject', '--db-dir', dir])).code).toBe(2);

    const rejected = await scalper(['experiments', 'review', String(id), '--reject', '--note', 'tried before', '--json', '--db-dir', dir]);
    expect(rejected.code, rejected.stderr).toBe(0);
    expect(JSON.parse(rejected.stdout)).toMatchObject({ id, status: 'rejected', review: { verdict: 'rejected', note: 'tried before' } });
    const shown = await scalper(['experiments', 'show', String(id), '--json', '--db-dir', dir]);
    expect(JSON.parse(shown.stdout)).toMatchObject({ status: 'rejected' });
  });
});
