/** The bench's allocator: on Linux it runs with huge pages for malloc and freed memory kept for reuse (GLIBC_TUNABLES below), re-running itself with them unless `--default-malloc` is given. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * Transparent huge pages for what malloc maps; blocks up to 32 MB (the most glibc allows) from the heap
 * rather than mapped one by one; and up to 1 GB of freed memory at the top of the heap kept instead of
 * handed back to the system.
 */
export const BENCH_TUNABLES = ['glibc.malloc.hugetlb=1', 'glibc.malloc.mmap_threshold=33554432', 'glibc.malloc.trim_threshold=1073741824'];

/** The kernel's THP mode, e.g. "madvise" (the bracketed word of /sys/kernel/mm/transparent_hugepage/enabled), or undefined. */
function thpMode(): string | undefined {
  try {
    return /\[(\w+)\]/.exec(readFileSync('/sys/kernel/mm/transparent_hugepage/enabled', 'utf8'))?.[1];
  } catch {
    return undefined;
  }
}

/**
 * Memory a process touches for the first time is slow to fault in on a VM, and glibc hands large freed
 * blocks back to the system, so with its defaults the loaders' figures depend on whether a pass gets
 * fresh pages (docs/benchmarks.md, Replay loading). When GLIBC_TUNABLES sets no malloc tunable, this
 * process runs itself again with BENCH_TUNABLES added (same arguments and output) and exits with its
 * status; otherwise it returns the malloc settings the figures are measured under.
 */
export function mallocMode(argv: readonly string[]): string {
  const tunables = (process.env.GLIBC_TUNABLES ?? '').split(':').filter((t) => t !== '');
  const malloc = tunables.filter((t) => t.startsWith('glibc.malloc.'));
  if (malloc.length === 0 && process.platform === 'linux' && !argv.includes('--default-malloc')) {
    const env = { ...process.env, GLIBC_TUNABLES: [...tunables, ...BENCH_TUNABLES].join(':') };
    const child = spawnSync(process.execPath, [...process.execArgv, ...argv.slice(1)], { stdio: 'inherit', env });
    process.exit(child.status ?? 1);
  }
  const thp = thpMode();
  return `${malloc.length === 0 ? 'glibc defaults' : `GLIBC_TUNABLES ${malloc.join(':')}`}${thp === undefined ? '' : ` (transparent huge pages: ${thp})`}`;
}
