import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scalper } from './in-process.js';

/** `scalper hook`: inbound hooks made on the control database (no daemon needed), then fired at a real daemon. */
const root = resolve(import.meta.dirname, '../..');
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'scalper-hook-'));
  dirs.push(d);
  return d;
};

interface Hook {
  id: string;
  name: string;
  action: string;
  path: string;
  secret?: string;
  createdBy: string;
  revokedTs: number | null;
}

describe('scalper hook', () => {
  it('creates (the secret printed once), lists without secrets, and revokes', async () => {
    const dir = tempDir();
    const made = await scalper(['hook', 'create', '--action', 'kill', '--name', 'pager', '--json', '--db-dir', dir]);
    expect(made.code, made.stderr).toBe(0);
    const hook = JSON.parse(made.stdout) as Hook;
    expect(hook).toMatchObject({ name: 'pager', action: 'kill', path: `/api/v1/hooks/${hook.id}`, createdBy: 'cli', revokedTs: null });
    expect(hook.secret).toMatch(/^hooksec_/);
    const text = await scalper(['hook', 'create', '--action', 'pause', '--name', 'grafana', '--db-dir', dir]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^hooksec_\S+\n\(hook hook_\w+, action pause, name grafana: the secret is shown once/);

    const listed = await scalper(['hook', 'list', '--json', '--db-dir', dir]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).not.toContain(hook.secret);
    expect(listed.stdout).not.toContain('hooksec_');
    const { hooks } = JSON.parse(listed.stdout) as { hooks: Hook[] };
    expect(hooks.map((h) => [h.name, h.action])).toEqual([
      ['pager', 'kill'],
      ['grafana', 'pause'],
    ]);

    const revoked = await scalper(['hook', 'revoke', hook.id, '--db-dir', dir]);
    expect(revoked).toMatchObject({ code: 0, stdout: `revoked ${hook.id}\n` });
    expect((await scalper(['hook', 'list', '--db-dir', dir])).stdout).toMatch(new RegExp(`${hook.id}\\s+kill\\s+pager  \\(revoked\\)`));
    const again = await scalper(['hook', 'revoke', hook.id, '--db-dir', dir]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`no live hook ${hook.id}`);
  });

  it('refuses bad input naming the flag, and a refused command or a query creates nothing', async () => {
    const dir = join(tempDir(), 'never');
    const bad = await scalper(['hook', 'create', '--action', 'flatten', '--name', 'a b', '--db-dir', dir]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--name: must be 1–64 letters/);
    expect(bad.stderr).toMatch(/--action: must be one of pause, resume, kill, submit-experiment/);
    const missing = await scalper(['hook', 'create', '--name', 'x', '--db-dir', dir, '--json']);
    expect(missing.code).toBe(2);
    expect((JSON.parse(missing.stdout) as { error: { issues: { field: string }[] } }).error.issues[0]!.field).toBe('--action');
    expect((await scalper(['hook', 'list', '--name', 'x', '--db-dir', dir])).code).toBe(2);
    expect((await scalper(['hook', 'revoke', '--db-dir', dir])).code).toBe(2);
    expect((await scalper(['hook', 'frob', '--db-dir', dir])).code).toBe(2);
    expect(await scalper(['hook', 'list', '--db-dir', dir])).toMatchObject({ code: 0, stdout: 'no hooks\n' });
    expect((await scalper(['hook', 'revoke', 'hook_x', '--db-dir', dir])).code).toBe(2);
    expect(existsSync(dir)).toBe(false);
  });

  it('a hook made while the daemon is down pauses the running daemon with its secret; a wrong secret is a 401', async () => {
    const dir = tempDir();
    const made = JSON.parse((await scalper(['hook', 'create', '--action', 'pause', '--name', 'vix', '--json', '--db-dir', dir])).stdout) as Hook;
    const token = (JSON.parse((await scalper(['token', 'create', '--scope', 'trader', '--name', 'me', '--json', '--db-dir', dir])).stdout) as { token: string }).token;
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
      const fire = (secret: string) =>
        fetch(`${url}${made.path}`, { method: 'POST', headers: { 'x-hook-secret': secret, 'content-type': 'application/json' }, body: '{"reason":"VIX above 20"}' });
      const wrong = await fire(`${made.secret!}x`);
      expect(wrong.status).toBe(401);
      const res = await fire(made.secret!);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ mode: 'paper', data: { state: 'paused' } });
      const audit = (await (await fetch(`${url}/api/v1/audit?limit=5`, { headers: { authorization: `Bearer ${token}` } })).json()) as { data: { entries: { actor: string; action: string }[] } };
      expect(audit.data.entries[0]).toMatchObject({ actor: 'hook:vix', action: 'engine.pause' });
    } finally {
      child.kill('SIGINT');
      await new Promise((r) => child.once('exit', r));
    }
  });
});
