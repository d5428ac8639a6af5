/** The glibc malloc tunables scalper starts its data-loading processes with, and the user's choice about them (SCALPER_MALLOC, GLIBC_TUNABLES). */
import { readFileSync } from 'node:fs';

/**
 * glibc reads its tunables once, when the process starts, so they cannot be set from inside it:
 * - `hugetlb=1`: transparent huge pages for what malloc maps (one page fault per 2 MB, not per 4 KB);
 * - `mmap_threshold` 32 MB (glibc's most): blocks up to 32 MB, a date's TickColumns, come from the heap;
 * - `trim_threshold` 1 GB: memory freed at the top of the heap is kept for the next load.
 * On a VM, memory a process touches for the first time costs about 3 ms per MB: with glibc's defaults a
 * load of recordings spends most of its time faulting in its output (docs/benchmarks.md, Replay loading).
 */
export const LOADER_MALLOC_TUNABLES: readonly string[] = ['glibc.malloc.hugetlb=1', 'glibc.malloc.mmap_threshold=33554432', 'glibc.malloc.trim_threshold=1073741824'];

/**
 * For the daemon the MCP bridge starts: huge pages only. A daemon runs for weeks, so it hands freed memory
 * back as glibc does by default; huge pages alone halve a first load of recordings (docs/benchmarks.md).
 */
export const DAEMON_MALLOC_TUNABLES: readonly string[] = ['glibc.malloc.hugetlb=1'];

/** The environment variables that decide the allocator. */
export interface MallocEnv {
  readonly SCALPER_MALLOC?: string | undefined;
  readonly GLIBC_TUNABLES?: string | undefined;
}

/** The rule SCALPER_MALLOC breaks (a value other than `default` or `tuned`), or undefined. */
export function mallocChoiceError(env: MallocEnv): string | undefined {
  const v = env.SCALPER_MALLOC;
  return v === undefined || v === 'default' || v === 'tuned' ? undefined : `must be "default" (glibc's malloc defaults) or "tuned" (the loaders' tunables, the default), got ${JSON.stringify(v.slice(0, 40))}`;
}

/** The malloc tunables GLIBC_TUNABLES sets (`glibc.malloc.*`), in order. */
export function mallocTunablesIn(env: MallocEnv): string[] {
  return (env.GLIBC_TUNABLES ?? '').split(':').filter((t) => t.startsWith('glibc.malloc.'));
}

/**
 * `env` with `tunables` added to GLIBC_TUNABLES, for a process to start: only on Linux (glibc), and
 * never over the user's own choice (GLIBC_TUNABLES already setting a malloc tunable, or
 * SCALPER_MALLOC=default), when it is undefined. Other tunables the user set are kept.
 */
export function withMallocTunables(env: NodeJS.ProcessEnv, platform: NodeJS.Platform, tunables: readonly string[]): NodeJS.ProcessEnv | undefined {
  if (platform !== 'linux' || env.SCALPER_MALLOC === 'default' || mallocTunablesIn(env).length > 0) return undefined;
  const own = (env.GLIBC_TUNABLES ?? '').split(':').filter((t) => t !== '');
  return { ...env, GLIBC_TUNABLES: [...own, ...tunables].join(':') };
}

/** The kernel's transparent huge page mode, e.g. "madvise" (the bracketed word of /sys/kernel/mm/transparent_hugepage/enabled), or undefined where there is none. */
export function thpMode(): string | undefined {
  try {
    return /\[(\w+)\]/.exec(readFileSync('/sys/kernel/mm/transparent_hugepage/enabled', 'utf8'))?.[1];
  } catch {
    return undefined;
  }
}
