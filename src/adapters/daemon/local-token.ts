/** The local trader token: a trader-scope API token kept in the database directory (file mode 0600) for local clients of the daemon. */
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiAccessStore } from '../store/api-access-store.js';

const FILE = 'trader.token';

/**
 * The token in `<dir>/trader.token` when it is still live; otherwise a new trader token named
 * `local-trader` is made and written there, readable by the owner only. Whoever can read the database
 * directory already controls the engine, so the token gives nothing more.
 */
export function localTraderToken(dir: string, controlPath: string, now: () => number): string {
  const path = join(dir, FILE);
  const store = ApiAccessStore.open(controlPath);
  try {
    let saved: string | null = null;
    try {
      saved = readFileSync(path, 'utf8').trim();
    } catch {
      saved = null;
    }
    if (saved !== null && saved !== '' && store.verify(saved)?.scope === 'trader') return saved;
    const { secret } = store.createToken('local-trader', 'trader', now());
    writeFileSync(path, `${secret}\n`, { mode: 0o600 });
    chmodSync(path, 0o600);
    return secret;
  } finally {
    store.close();
  }
}
