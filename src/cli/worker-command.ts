/** `scalper worker --queue redis://HOST:PORT`: runs the queue's jobs on this machine until Ctrl-C (the running jobs finish first; a second Ctrl-C abandons them to other workers). */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { startQueueWorker } from '../adapters/queue/queue-worker.js';
import { boundedWhole, parseFlags } from './args.js';
import { dbDirOf } from './db-dir.js';
import { usageError } from './errors.js';
import type { CliIo } from './io.js';
import { queueFlag } from './queue-flag.js';

export async function runWorkerCommand(argv: readonly string[], io: CliIo): Promise<void> {
  const { values } = parseFlags(argv, { queue: { type: 'string' }, concurrency: { type: 'string' }, 'stall-ms': { type: 'string' }, 'cache-dir': { type: 'string' }, 'db-dir': { type: 'string' } });
  const queue = queueFlag(values.queue);
  if (queue.kind !== 'redis') throw usageError('--queue', `must be the Redis of the queue, redis://HOST:PORT[/DB]${values.queue === undefined && process.env.SCALPER_QUEUE === undefined ? ', and is required' : ', not local (the local backend runs its jobs on its own threads and needs no workers)'}`);
  const concurrency = boundedWhole('--concurrency', values.concurrency, 1, 64) ?? Math.max(1, availableParallelism() - 1);
  const stallMs = boundedWhole('--stall-ms', values['stall-ms'], 1_000, 600_000) ?? 30_000;
  if (values['cache-dir'] !== undefined && values['cache-dir'].trim() === '') throw usageError('--cache-dir', 'must be a directory path, got an empty string');
  const cacheDir = values['cache-dir'] ?? join(dbDirOf(values['db-dir']).dir, 'worker-cache');
  const log = (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>): void => {
    io.stderr.write(`${JSON.stringify({ ts: new Date().toISOString(), level, message, ...fields })}\n`);
  };
  const worker = await startQueueWorker({ queue, concurrency, stallMs, cacheDir, log });
  log('info', `worker ready on ${queue.url}: ${concurrency} job(s) at once, stalled after ${stallMs} ms, datasets cached in ${cacheDir}`);
  await new Promise<void>((resolve) => {
    let signals = 0;
    const stop = (name: string): void => {
      signals++;
      const force = signals > 1;
      log('info', force ? `${name} again: abandoning the running jobs (other workers retry them)` : `${name}: finishing the running jobs, taking no more (${name} again abandons them)`);
      void worker.close(force).then(() => {
        log('info', `worker stopped; ${worker.finished()} job(s) run here`);
        resolve();
      });
    };
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));
  });
}
