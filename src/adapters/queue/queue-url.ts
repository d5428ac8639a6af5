/** The job backend a `--queue` value names: `local` (worker threads in this process, the default) or a Redis server for BullMQ (`redis://HOST:PORT[/DB]`). */
import { AppError } from '../../app/errors.js';

export interface RedisQueue {
  readonly kind: 'redis';
  /** The URL as shown in logs and status (any password masked). */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly db: number;
  readonly username?: string;
  readonly password?: string;
}

export type QueueBackend = { readonly kind: 'local' } | RedisQueue;

const RULE = 'local, or redis://HOST:PORT[/DB] (DB 0..15)';

/** Parses `--queue`; INVALID_INPUT naming `field` and the rule otherwise. */
export function parseQueue(value: string, field = '--queue'): QueueBackend {
  if (value === 'local') return { kind: 'local' };
  const refuse = (): AppError => new AppError('INVALID_INPUT', `${field}: must be ${RULE}, got ${JSON.stringify(value.slice(0, 80))}`, { issues: [{ field, rule: `must be ${RULE}` }] });
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw refuse();
  }
  if (u.protocol !== 'redis:' || u.hostname === '' || u.search !== '' || u.hash !== '') throw refuse();
  const port = u.port === '' ? 6379 : Number(u.port);
  const path = u.pathname.replace(/^\//, '');
  const db = path === '' ? 0 : Number(path);
  if (!Number.isInteger(db) || db < 0 || db > 15 || !/^\d*$/.test(path)) throw refuse();
  const host = u.hostname.replace(/^\[(.*)\]$/, '$1');
  return {
    kind: 'redis',
    url: `redis://${u.username !== '' || u.password !== '' ? `${u.username}:***@` : ''}${u.host}/${db}`,
    host,
    port,
    db,
    ...(u.username === '' ? {} : { username: decodeURIComponent(u.username) }),
    ...(u.password === '' ? {} : { password: decodeURIComponent(u.password) }),
  };
}
