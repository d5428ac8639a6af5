/** A throwaway redis-server (Debian's package) on a free loopback port, no persistence, for the queue bench and tests; and why there is none. */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseQueue, type RedisQueue } from '../src/adapters/queue/queue-url.js';

/** Why no redis-server can be started here, or null. */
export function redisServerMissing(): string | null {
  const r = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  return r.error === undefined && r.status === 0 ? null : 'redis-server is not installed (Debian: apt-get install redis-server; .ci/run installs it)';
}

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });
}

export interface LocalRedis {
  readonly queue: RedisQueue;
  stop(): Promise<void>;
}

/** Started and answering PING before this resolves; `noeviction`, as docs/queue.md asks of a queue's Redis. */
export async function startLocalRedis(): Promise<LocalRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'scalper-redis-'));
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--maxmemory-policy', 'noeviction'], { stdio: 'ignore' });
  for (let i = 0; i < 200 && spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' }).stdout?.trim() !== 'PONG'; i++) await new Promise((r) => setTimeout(r, 50));
  return {
    queue: parseQueue(`redis://127.0.0.1:${port}`) as RedisQueue,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await new Promise((r) => child.once('exit', r));
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
