/** `scalper doctor`'s checks of the research queue's Redis: it answers, its version, an eviction policy that keeps jobs, persistence, and the workers connected. */
import { Redis } from 'ioredis';
import type { DoctorCheck as Check } from '../doctor.js';
import type { RedisQueue } from './queue-url.js';
import { redisOptions } from './redis-connection.js';
import { RedisJobRunner } from './redis-job-runner.js';

/** CONFIG GET, or null where the server forbids CONFIG (many managed Redis services do). */
async function config(r: Redis, key: string): Promise<string | null> {
  try {
    const v = (await r.call('CONFIG', 'GET', key)) as string[];
    return v[1] ?? null;
  } catch {
    return null;
  }
}

export async function redisChecks(q: RedisQueue): Promise<Check[]> {
  // One try, two seconds: a doctor reports a Redis that does not answer rather than waiting for it.
  const r = new Redis({ ...redisOptions(q), lazyConnect: true, connectTimeout: 2_000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  r.on('error', () => undefined);
  try {
    try {
      await r.connect();
      await r.ping();
    } catch (e) {
      return [{ check: 'research queue (Redis)', verdict: 'fail', detail: `${q.url} does not answer (${(e as Error).message}); start redis-server there, or run without --queue (local worker threads)` }];
    }
    const info = await r.info('server');
    const version = /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown';
    const checks: Check[] = [{ check: 'research queue (Redis)', verdict: Number(version.split('.')[0]) >= 6 ? 'ok' : 'warn', detail: `${q.url} answers, Redis ${version}${Number(version.split('.')[0]) >= 6 ? '' : ' (BullMQ wants 6.2 or newer)'}` }];
    const policy = await config(r, 'maxmemory-policy');
    checks.push(
      policy === null
        ? { check: 'Redis eviction policy', verdict: 'warn', detail: 'CONFIG is not allowed here: make sure maxmemory-policy is noeviction, or Redis may drop queued jobs when full' }
        : policy === 'noeviction'
          ? { check: 'Redis eviction policy', verdict: 'ok', detail: 'noeviction: a full Redis refuses new jobs rather than dropping queued ones' }
          : { check: 'Redis eviction policy', verdict: 'fail', detail: `${policy}: Redis would drop queued jobs and datasets when full; set maxmemory-policy noeviction` },
    );
    const aof = await config(r, 'appendonly');
    const save = await config(r, 'save');
    checks.push(
      aof === 'yes' || (save !== null && save !== '')
        ? { check: 'Redis persistence', verdict: 'ok', detail: aof === 'yes' ? 'append-only file on: queued jobs survive a Redis restart' : `snapshots (save ${save}): jobs queued since the last snapshot are lost if Redis restarts` }
        : { check: 'Redis persistence', verdict: 'warn', detail: aof === null ? 'CONFIG is not allowed here: persistence unknown' : 'none: a Redis restart loses the queued jobs (their daemon jobs fail with UNAVAILABLE; submit them again)' },
    );
    const runner = new RedisJobRunner({ queue: q });
    try {
      const s = await runner.describe();
      checks.push({ check: 'research workers', verdict: s.workers === 0 ? 'warn' : 'ok', detail: s.workers === 0 ? 'no `scalper worker` is connected: queued jobs wait until one is' : `${s.workers} worker process(es) connected; ${s.waiting} task(s) waiting, ${s.active} running` });
    } finally {
      await runner.close();
    }
    return checks;
  } finally {
    r.disconnect();
  }
}
