/** `--queue` on the CLI: the job backend named (SCALPER_QUEUE when the flag is not given; local by default), refused naming the flag when it is not one. */
import { parseQueue, type QueueBackend } from '../adapters/queue/queue-url.js';

export function queueFlag(value: string | undefined): QueueBackend {
  const env = process.env.SCALPER_QUEUE;
  return value === undefined && env !== undefined && env !== '' ? parseQueue(env, 'SCALPER_QUEUE') : parseQueue(value ?? 'local', '--queue');
}
