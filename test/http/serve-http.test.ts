import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TradeBook } from '../../src/adapters/store/trade-book.js';
import { invoke } from '../../src/app/registry/invoke.js';
import { operation } from '../../src/app/registry/registry.js';
import { scalper } from '../cli/in-process.js';

/** The real daemon: `scalper serve` with its REST API, driven over HTTP with a token made by `scalper token create`. */
const root = resolve(import.meta.dirname, '../..');
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'scalper-daemon-'));
  dirs.push(d);
  return d;
};

describe('scalper serve with the REST API', () => {
  it('serves the API on a loopback port: a token from the CLI reads status, pauses, stops and starts the engine; the CLI and REST agree on trades', async () => {
    const dir = tempDir();
    const created = await scalper(['token', 'create', '--scope', 'trader', '--name', 'e2e', '--json', '--db-dir', dir]);
    expect(created.code).toBe(0);
    const { token, scope } = JSON.parse(created.stdout) as { token: string; scope: string };
    expect(scope).toBe('trader');
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), 'serve', '--db-dir', dir, '--sim-speed', '600', '--days', '1', '--http', '127.0.0.1:0', '--experiments', '0'], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    const url = await new Promise<string>((resolveUrl, reject) => {
      child.stderr.on('data', (c: Buffer) => {
        stderr += c.toString('utf8');
        const m = /REST API on (http:\/\/127\.0\.0\.1:\d+)\/api\/v1/.exec(stderr);
        if (m !== null) resolveUrl(m[1]!);
      });
      child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
    });
    try {
      const auth = { authorization: `Bearer ${token}` };
      const status = (await (await fetch(`${url}/api/v1/status`, { headers: auth })).json()) as { mode: string; data: { state: string } };
      expect(status).toMatchObject({ mode: 'paper', data: { state: 'running' } });
      expect((await fetch(`${url}/api/v1/status`)).status).toBe(401);
      const paused = (await (await fetch(`${url}/api/v1/engine/pause`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{"reason":"e2e"}' })).json()) as { data: { state: string } };
      expect(paused.data.state).toBe('paused');
      const health = await fetch(`${url}/api/v1/health`);
      expect(health.status).toBe(200);
      // A stop through the API leaves the daemon serving; a start through the API trades again.
      const post = (path: string, body: string) => fetch(`${url}/api/v1${path}`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body });
      const stopped = (await (await post('/engine/stop', '{}')).json()) as { data: { state: string } };
      expect(stopped.data.state).toBe('stopped');
      expect(child.exitCode).toBeNull();
      expect((await fetch(`${url}/api/v1/health`)).status).toBe(200);
      const restarted = (await (await post('/engine/start', '{}')).json()) as { data: { state: string } };
      // The pause of the trader survives a stop and a start, as it survives a restart.
      expect(restarted.data.state).toBe('paused');
      expect(stderr).toContain('the daemon keeps serving');
    } finally {
      child.kill('SIGINT');
      await new Promise((r) => child.once('exit', r));
    }
    // The CLI and the registry give the same JSON for the same query on the same book.
    const cli = await scalper(['trades', '--json', '--db-dir', dir, '--limit', '50']);
    expect(cli.code).toBe(0);
    const auto = TradeBook.openReadOnly(join(dir, 'auto-trades.sqlite'));
    const manual = TradeBook.openReadOnly(join(dir, 'manual-trades.sqlite'));
    try {
      const deps = { books: { auto, manual } } as unknown;
      const direct = await invoke(operation('trades.list')!, deps, { limit: 50 }, { principal: { name: 'cli', scope: 'trader', tokenId: null }, mode: 'paper' });
      expect(JSON.parse(cli.stdout)).toEqual(JSON.parse(JSON.stringify(direct)));
    } finally {
      auto.close();
      manual.close();
    }
  });

  it('refuses a non-loopback address without --allow-remote, and --http with --no-http, creating nothing', async () => {
    const dir = join(tempDir(), 'never');
    const remote = await scalper(['serve', '--http', '0.0.0.0:7878', '--db-dir', dir]);
    expect(remote.code).toBe(2);
    expect(remote.stderr).toMatch(/--http.*not a loopback address.*--allow-remote/);
    const both = await scalper(['serve', '--http', '127.0.0.1:7000', '--no-http', '--db-dir', dir]);
    expect(both.code).toBe(2);
    const bad = await scalper(['serve', '--http', 'localhost', '--db-dir', dir]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--http: must be HOST:PORT/);
    const { existsSync } = await import('node:fs');
    expect(existsSync(dir)).toBe(false);
  });
});
