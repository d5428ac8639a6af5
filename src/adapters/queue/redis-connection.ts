/** Connections to the queue's Redis: options for BullMQ (which then owns and closes its connections), and ioredis connections of our own (datasets, the cancel channel). */
import { Redis } from 'ioredis';
import type { RedisQueue } from './queue-url.js';

/** What BullMQ and ioredis connect with: blocking commands never time out a request; RESP2, which BullMQ's replies assume (ioredis 6 defaults to RESP3). */
export function redisOptions(q: RedisQueue) {
  return {
    host: q.host,
    port: q.port,
    db: q.db,
    ...(q.username === undefined ? {} : { username: q.username }),
    ...(q.password === undefined ? {} : { password: q.password }),
    maxRetriesPerRequest: null,
    protocol: 2 as const,
  };
}

/** A connection of our own; the caller disconnects it. */
export function redisConnection(q: RedisQueue): Redis {
  return new Redis(redisOptions(q));
}
