/** The bench's allocator: on Linux it runs under the malloc tunables that `scalper`'s data-loading commands run under (src/adapters/malloc-tunables.ts), re-running itself with them unless `--default-malloc` is given. */
import { spawnSync } from 'node:child_process';
import { LOADER_MALLOC_TUNABLES, mallocTunablesIn, thpMode } from '../src/adapters/malloc-tunables.js';

/**
 * The figures are measured under the allocator the product's loading commands use: when GLIBC_TUNABLES
 * sets no malloc tunable, this process runs itself again with LOADER_MALLOC_TUNABLES added (same
 * arguments and output) and exits with its status; otherwise it returns the malloc settings the figures
 * are measured under.
 */
export function mallocMode(argv: readonly string[]): string {
  const tunables = (process.env.GLIBC_TUNABLES ?? '').split(':').filter((t) => t !== '');
  const malloc = mallocTunablesIn(process.env);
  if (malloc.length === 0 && process.platform === 'linux' && !argv.includes('--default-malloc')) {
    const env = { ...process.env, GLIBC_TUNABLES: [...tunables, ...LOADER_MALLOC_TUNABLES].join(':') };
    const child = spawnSync(process.execPath, [...process.execArgv, ...argv.slice(1)], { stdio: 'inherit', env });
    process.exit(child.status ?? 1);
  }
  const thp = thpMode();
  const product = malloc.join(':') === LOADER_MALLOC_TUNABLES.join(':') ? ", as scalper's data-loading commands run (docs/cli.md)" : '';
  return `${malloc.length === 0 ? 'glibc defaults' : `GLIBC_TUNABLES ${malloc.join(':')}`}${thp === undefined ? '' : ` (transparent huge pages: ${thp})`}${product}`;
}
