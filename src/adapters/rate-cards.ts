/** Loads and validates the charges rate cards (one JSON file per card) from a directory, by default config/rate-cards. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidRateCardError, compileRateCardJson, type CompiledRateCard } from '../core/charges/rate-card.js';

/** The nearest directory at or above `from` holding a package.json (works from src/ and from dist/src/). */
export function findPackageRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = resolve(from);
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json found at or above ${from}`);
    dir = parent;
  }
}

/** config/rate-cards under the package root. */
export function defaultRateCardDir(): string {
  return join(findPackageRoot(), 'config', 'rate-cards');
}

/**
 * Reads every *.json in `dir` (sorted by name), validates and compiles each card. Errors name the file
 * and the field; a card's id must match its file name, which also keeps ids unique.
 */
export function loadRateCards(dir: string = defaultRateCardDir()): CompiledRateCard[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  if (files.length === 0) throw new Error(`${dir}: no rate cards (*.json) found`);
  return files.map((file) => {
    const path = join(dir, file);
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(path, 'utf8'));
    } catch (err) {
      throw new Error(`${path}: not valid JSON: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    let card: CompiledRateCard;
    try {
      card = compileRateCardJson(json);
    } catch (err) {
      if (err instanceof InvalidRateCardError) throw new Error(`${path}: ${err.message}`, { cause: err });
      throw err;
    }
    if (`${card.id}.json` !== file) throw new Error(`${path}: id: must match the file name (expected "${file.slice(0, -'.json'.length)}", got "${card.id}")`);
    return card;
  });
}
