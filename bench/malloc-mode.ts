/** The bench's allocator: on Linux it runs under the malloc tunables that `scalper`'s data-loading commands run under (src/adapters/malloc-tunables.ts), re-running itself with them unless `--default-malloc` is given. */
import { spawnSync } from 'node:child_process';
import { LOADER_MALLOC_TUNABLES, mallocTunablesIn, thpMode, withMallocTunables } from '../src/adapters/malloc-tunables.js';

/**
 * The figures are measured under the allocator the product's loading commands use: unless the user chose
 * otherwise (`--default-malloc`, SCALPER_MALLOC=default, malloc tunables of their own), this process runs
 * itself again with LOADER_MALLOC_TUNABLES added (same arguments and output) and exits with its status;
 * otherwise it returns the malloc settings the figures are measured under.
 */
export function mallocMode(argv: readonly string[]): string {
  const env = argv.includes('--default-malloc') ? undefined : withMallocTunables(process.env, process.platform, LOADER_MALLOC_TUNABLES);
  if (env !== undefined) {
    const child = spawnSync(process.execPath, [...process.execArgv, ...argv.slice(1)], { stdio: 'inherit', env });
    process.exit(child.status ?? 1);
  }
  const malloc = mallocTunablesIn(process.env);
  const thp = thpMode();
  const product = malloc.join(':') === LOADER_MALLOC_TUNABLES.join(':') ? ", as scalper's data-loading commands run (docs/cli.md)" : '';
  return `${malloc.length === 0 ? 'glibc defaults' : `GLIBC_TUNABLES ${malloc.join(':')}`}${thp === undefined ? '' : ` (transparent huge pages: ${thp})`}${product}`;
}
