/** The code version of a run key: a hash of the trading code itself (core, sim, backtest), so any change to it misses the cache. */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | null = null;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : /\.(ts|js)$/.test(e.name) ? [join(dir, e.name)] : []))
    .sort();
}

/** 16 hex digits over every source file of src/core, src/sim and src/backtest as they run (TypeScript or compiled). */
export function codeVersion(): string {
  if (cached !== null) return cached;
  const src = join(dirname(fileURLToPath(import.meta.url)), '..');
  const hash = createHash('sha256');
  for (const part of ['core', 'sim', 'backtest']) {
    for (const f of files(join(src, part))) {
      hash.update(f.slice(src.length));
      hash.update(readFileSync(f));
    }
  }
  cached = hash.digest('hex').slice(0, 16);
  return cached;
}
