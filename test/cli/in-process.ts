/** Runs `scalper` in this process (runScalper with captured stdout and stderr): what a child process would print, without its start-up cost. */
import { runScalper } from '../../src/cli/scalper.js';

export interface InProcessResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `args`, with SCALPER_DB_DIR set to `dbDir` when given (restored afterwards); stderr is not a terminal unless `tty`. */
export async function scalper(args: readonly string[], o: { dbDir?: string; tty?: boolean } = {}): Promise<InProcessResult> {
  let stdout = '';
  let stderr = '';
  const saved = process.env.SCALPER_DB_DIR;
  if (o.dbDir !== undefined) process.env.SCALPER_DB_DIR = o.dbDir;
  try {
    const code = await runScalper(args, {
      stdout: { write: (t: string) => (stdout += t) },
      stderr: { write: (t: string) => (stderr += t), isTTY: o.tty === true },
    });
    return { code, stdout, stderr };
  } finally {
    if (saved === undefined) delete process.env.SCALPER_DB_DIR;
    else process.env.SCALPER_DB_DIR = saved;
  }
}
