/** The bench's allocator: on Linux it runs with transparent huge pages for malloc (glibc.malloc.hugetlb=1), re-running itself with that tunable unless `--default-malloc` is given. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const TUNABLE = 'glibc.malloc.hugetlb';
const HUGE_PAGES = `${TUNABLE}=1`;

/** The kernel's THP mode, e.g. "madvise" (the bracketed word of /sys/kernel/mm/transparent_hugepage/enabled), or undefined. */
function thpMode(): string | undefined {
  try {
    return /\[(\w+)\]/.exec(readFileSync('/sys/kernel/mm/transparent_hugepage/enabled', 'utf8'))?.[1];
  } catch {
    return undefined;
  }
}

/**
 * Memory a process touches for the first time is slow to fault in on a VM (see docs/benchmarks.md,
 * Replay loading), and glibc hands large freed blocks back to the system, so without huge pages the
 * loaders' figures depend on whether a pass gets fresh pages. When this process lacks the tunable, it
 * runs itself again with it (same arguments, same output) and exits with its status; otherwise it
 * returns what the figures were measured under.
 */
export function mallocMode(argv: readonly string[]): string {
  const tunables = process.env.GLIBC_TUNABLES ?? '';
  const set = tunables.split(':').find((t) => t.startsWith(`${TUNABLE}=`));
  if (set === undefined && process.platform === 'linux' && !argv.includes('--default-malloc')) {
    const env = { ...process.env, GLIBC_TUNABLES: tunables === '' ? HUGE_PAGES : `${tunables}:${HUGE_PAGES}` };
    const child = spawnSync(process.execPath, [...process.execArgv, ...argv.slice(1)], { stdio: 'inherit', env });
    process.exit(child.status ?? 1);
  }
  const thp = thpMode();
  return set === undefined ? `glibc default${thp === undefined ? '' : ` (transparent huge pages: ${thp})`}` : `GLIBC_TUNABLES ${set}${thp === undefined ? '' : ` (transparent huge pages: ${thp})`}`;
}
