/** `daemon.json` in the database directory: where the running daemon's API listens, so local clients (the CLI, the MCP bridge) find it. */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface DaemonInfo {
  readonly url: string;
  readonly pid: number;
  readonly startedTs: number;
}

const fileOf = (dir: string): string => join(dir, 'daemon.json');

/** Written once the API listens; removed when the daemon stops. */
export function writeDaemonFile(dir: string, info: DaemonInfo): void {
  writeFileSync(fileOf(dir), `${JSON.stringify(info)}\n`, { mode: 0o600 });
}

/** The daemon's address, or null when none is recorded (or the file is unreadable). A recorded daemon may since have died. */
export function readDaemonFile(dir: string): DaemonInfo | null {
  try {
    const info = JSON.parse(readFileSync(fileOf(dir), 'utf8')) as Partial<DaemonInfo>;
    return typeof info.url === 'string' && typeof info.pid === 'number' ? { url: info.url, pid: info.pid, startedTs: info.startedTs ?? 0 } : null;
  } catch {
    return null;
  }
}

/** Removes the file if it still names this process. */
export function removeDaemonFile(dir: string, pid: number): void {
  if (readDaemonFile(dir)?.pid === pid) rmSync(fileOf(dir), { force: true });
}
