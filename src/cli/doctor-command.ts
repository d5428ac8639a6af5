/** `scalper doctor [--db-dir DIR] [--http HOST:PORT] [--queue redis://…] [--json]`: each check with its verdict; exit 3 when one fails. */
import { doctorChecks } from '../adapters/doctor.js';
import { resolveDbDir } from '../adapters/store/db-paths.js';
import { AppError } from '../app/errors.js';
import { DEFAULT_HTTP, parseHttpAddress } from '../http/daemon.js';
import { parseFlags } from './args.js';
import type { CliIo } from './io.js';
import { queueFlag } from './queue-flag.js';

export async function runDoctorCommand(argv: readonly string[], io: CliIo): Promise<void> {
  const { values } = parseFlags(argv, { 'db-dir': { type: 'string' }, http: { type: 'string' }, json: { type: 'boolean' }, queue: { type: 'string' } });
  const dbDir = resolveDbDir({ ...(values['db-dir'] === undefined ? {} : { flag: values['db-dir'] }), env: process.env.SCALPER_DB_DIR, cwd: process.cwd() });
  const http = parseHttpAddress(values.http ?? process.env.SCALPER_HTTP ?? DEFAULT_HTTP);
  const checks = await doctorChecks({ dbDir, http: http.port === 0 ? null : http, today: new Date().toISOString().slice(0, 10), env: process.env, queue: queueFlag(values.queue) });
  if (values.json === true) io.stdout.write(`${JSON.stringify({ checks })}\n`);
  else io.stdout.write(`${checks.map((c) => `${c.verdict.padEnd(4)}  ${c.check}: ${c.detail}`).join('\n')}\n`);
  const failed = checks.filter((c) => c.verdict === 'fail');
  if (failed.length > 0) throw new AppError('UNAVAILABLE', `doctor: ${failed.length} check(s) failed: ${failed.map((c) => c.check).join(', ')}`);
}
