/** Loads and validates the simulator's data files: instruments and contract terms (config/instruments.json) with the exchange holidays (config/exchange-holidays.json). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHolidayFile, type HolidayFile } from '../core/calendar/holiday-calendar.js';
import { parseSimConfig, type SimConfig } from '../sim/market/sim-config.js';
import { findPackageRoot } from './rate-cards.js';

/** The default instruments file, relative to the package root. */
export function defaultSimConfigPath(): string {
  return join(findPackageRoot(), 'config', 'instruments.json');
}

/** The default exchange holiday file, relative to the package root. */
export function defaultHolidayPath(): string {
  return join(findPackageRoot(), 'config', 'exchange-holidays.json');
}

/** Reads and validates one JSON file; errors name the file and, for bad content, the field and the rule. */
function readJson<T>(path: string, parse: (json: unknown) => T): T {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`${path}: ${(e as Error).message}`, { cause: e });
  }
  try {
    return parse(json);
  } catch (e) {
    throw new Error(`${path}: ${(e as Error).message}`, { cause: e });
  }
}

/** The exchange holiday file. */
export function loadHolidayFile(path = defaultHolidayPath()): HolidayFile {
  return readJson(path, parseHolidayFile);
}

/** The instruments file with the holiday file it is simulated with. */
export function loadSimConfig(path = defaultSimConfigPath(), holidayPath = defaultHolidayPath()): SimConfig {
  const holidays = loadHolidayFile(holidayPath);
  return readJson(path, (json) => parseSimConfig(json, holidays));
}
