/** `scalper proposals` and `scalper params versions|rollback` against a real daemon, through its REST mount with the local trader token. */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scalper } from './in-process.js';

const root = resolve(import.meta.dirname, '../..');
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('governance from the command line', () => {
  it('without a daemon the commands say so (exit 3) and create nothing', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'scalper-gov-')), 'db');
    dirs.push(dir);
    const res = await scalper(['proposals', 'list', '--db-dir', dir]);
    expect(res.code).toBe(3);
    expect(res.stderr).toMatch(/no daemon is running/);
    expect(() => statSync(dir)).toThrow();
  });

  it('proposes, shows, lists, rejects and reads the versions through the daemon; refused input names the flag', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scalper-gov-'));
    dirs.push(dir);
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), 'serve', '--db-dir', dir, '--sim-speed', '60', '--days', '3', '--http', '127.0.0.1:0', '--experiments', '0'], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    await new Promise<void>((ok, fail) => {
      child.stderr.on('data', (c: Buffer) => {
        stderr += c.toString('utf8');
        if (stderr.includes('REST API on')) ok();
      });
      child.once('exit', (code) => fail(new Error(`serve exited ${code}: ${stderr}`)));
    });
    try {
      const made = await scalper(['proposals', 'propose', '--diff', '{"tpPoints":9}', '--rationale', 'a little more room', '--json', '--db-dir', dir]);
      expect(made.code, made.stderr).toBe(0);
      const p = (JSON.parse(made.stdout) as { proposal: { id: number; source: string; author: string; status: string } }).proposal;
      expect(p).toMatchObject({ source: 'human', author: 'local-trader' });
      expect((statSync(join(dir, 'trader.token')).mode & 0o777).toString(8)).toBe('600');

      const bad = await scalper(['proposals', 'propose', '--diff', '{"tpPoints":500}', '--rationale', 'x', '--db-dir', dir]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/--diff tpPoints/);
      expect((await scalper(['proposals', 'propose', '--diff', 'not json', '--rationale', 'x', '--db-dir', dir])).stderr).toMatch(/--diff: must be a JSON object/);

      const shown = await scalper(['proposals', 'show', String(p.id), '--db-dir', dir]);
      expect(shown.stdout).toMatch(new RegExp(`#${p.id} \\[\\w+\\] human/local-trader tpPoints 8→9`));
      const early = await scalper(['proposals', 'apply', String(p.id), '--db-dir', dir]);
      expect(early.code).toBe(2);
      expect(early.stderr).toMatch(/cannot apply proposal/);
      const rejected = await scalper(['proposals', 'reject', String(p.id), '--note', 'changed my mind', '--json', '--db-dir', dir]);
      expect(rejected.code, rejected.stderr).toBe(0);
      expect(JSON.parse(rejected.stdout)).toMatchObject({ id: p.id, status: 'rejected', reason: 'rejected by local-trader: changed my mind' });
      const list = await scalper(['proposals', 'list', '--status', 'rejected', '--db-dir', dir]);
      expect(list.stdout).toContain(`#${p.id} [rejected]`);

      const versions = await scalper(['params', 'versions', '--json', '--db-dir', dir]);
      const v = JSON.parse(versions.stdout) as { inForce: string; versions: { id: string }[] };
      expect(v.versions.map((x) => x.id)).toContain(v.inForce);
      const same = await scalper(['params', 'rollback', v.inForce, '--db-dir', dir]);
      expect(same.code).toBe(2);
      expect(same.stderr).toMatch(/already in force/);
    } finally {
      child.kill('SIGINT');
      await new Promise((r) => child.once('exit', r));
    }
    expect(() => statSync(join(dir, 'daemon.json'))).toThrow();
  });
});
