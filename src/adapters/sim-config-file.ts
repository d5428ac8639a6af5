/** Loads and validates the simulator's instrument data file (config/instruments.json). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSimConfig, type SimConfig } from '../sim/market/sim-config.js';
import { findPackageRoot } from './rate-cards.js';

/** The default data file, relative to the package root. */
export function defaultSimConfigPath(): string {
  return join(findPackageRoot(), 'config', 'instruments.json');
}

/** Reads the file; errors name the file and, for bad content, the field and the rule. */
export function loadSimConfig(path = defaultSimConfigPath()): SimConfig {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`${path}: ${(e as Error).message}`, { cause: e });
  }
  try {
    return parseSimConfig(json);
  } catch (e) {
    throw new Error(`${path}: ${(e as Error).message}`, { cause: e });
  }
}
