/** `scalper tune` against a real daemon: runs (a recorded skip with too few trades), a missing key and bad flags named, the config and schedule set, and kept across a restart of the daemon. */
import { spawn, type ChildProcess } from 'node:child_process';
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

/** `scalper serve` on `dir` with OPENAI_API_KEY set and no ANTHROPIC_API_KEY; resolves once its API listens. */
async function serve(dir: string): Promise<ChildProcess> {
  const env: NodeJS.ProcessEnv = { ...process.env, OPENAI_API_KEY: 'sk-test' };
  delete env.ANTHROPIC_API_KEY;
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), 'serve', '--db-dir', dir, '--sim-speed', '60', '--days', '3', '--http', '127.0.0.1:0', '--experiments', '0'], {
    cwd: root,
    env,
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
  return child;
}

async function stop(child: ChildProcess): Promise<void> {
  child.kill('SIGINT');
  await new Promise((r) => child.once('exit', r));
}

describe('scalper tune', () => {
  it('without a daemon says so (exit 3) and creates nothing', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'scalper-tune-')), 'db');
    dirs.push(dir);
    const res = await scalper(['tune', '--provider', 'ollama', '--db-dir', dir]);
    expect(res.code).toBe(3);
    expect(res.stderr).toMatch(/no daemon is running/);
    expect(() => statSync(dir)).toThrow();
  });

  it('runs through the daemon, names what it refuses, and the config and schedule survive a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scalper-tune-'));
    dirs.push(dir);
    let child = await serve(dir);
    try {
      const run = await scalper(['tune', '--provider', 'openai', '--base-url', 'http://127.0.0.1:9/v1', '--json', '--db-dir', dir]);
      expect(run.code, run.stderr).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ provider: 'openai', model: 'gpt-5.4-mini', status: 'ended', outcome: 'skipped', trigger: 'demand', requestedBy: 'local-trader' });
      const text = await scalper(['tune', '--provider', 'openai', '--base-url', 'http://127.0.0.1:9/v1', '--db-dir', dir]);
      expect(text.stdout).toMatch(/^tuner run #2 openai gpt-5\.4-mini: skipped/);
      expect(text.stdout).toMatch(/note: the agent’s book has \d+ closed trade\(s\); a tuner runs on at least 30/);

      const noKey = await scalper(['tune', '--provider', 'anthropic', '--db-dir', dir]);
      expect(noKey.code).toBe(3);
      expect(noKey.stderr).toMatch(/ANTHROPIC_API_KEY is not set/);
      const badProvider = await scalper(['tune', '--provider', 'gemini', '--db-dir', dir]);
      expect(badProvider.code).toBe(2);
      expect(badProvider.stderr).toMatch(/--provider/);
      const badEvery = await scalper(['tune', 'config', '--every', '5', '--db-dir', dir]);
      expect(badEvery.code).toBe(2);
      expect(badEvery.stderr).toMatch(/--every/);
      const wrongForm = await scalper(['tune', '--every', '30', '--db-dir', dir]);
      expect(wrongForm.code).toBe(2);
      expect(wrongForm.stderr).toMatch(/--every: does not apply when running the tuner/);

      const set = await scalper(['tune', 'config', '--provider', 'ollama', '--model', 'qwen3', '--base-url', 'http://127.0.0.1:11434', '--daily', '15:45', '--timeout', '90', '--json', '--db-dir', dir]);
      expect(set.code, set.stderr).toBe(0);
      const config = JSON.parse(set.stdout) as Record<string, unknown>;
      expect(config).toMatchObject({ provider: 'ollama', model: 'qwen3', baseUrl: 'http://127.0.0.1:11434', schedule: { kind: 'daily', at: '15:45' }, timeoutSeconds: 90 });
      expect((await scalper(['tune', 'config', '--db-dir', dir])).stdout).toMatch(/^tuner: ollama qwen3 at http:\/\/127\.0\.0\.1:11434, daily at 15:45 exchange time; next run /);

      await stop(child);
      child = await serve(dir);
      const after = await scalper(['tune', 'config', '--json', '--db-dir', dir]);
      expect(JSON.parse(after.stdout)).toEqual(config);
      const runs = JSON.parse((await scalper(['tune', 'runs', '--json', '--db-dir', dir])).stdout) as { runs: { id: number }[] };
      expect(runs.runs.map((r) => r.id)).toEqual([2, 1]);
    } finally {
      await stop(child);
    }
  });
});
