/** Test helpers for the simulator: the project's instruments config (with its holiday file) and a stable hash of ticks. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import type { Tick } from '../../src/core/model/tick.js';
import { parseHolidayFile, type HolidayFile } from '../../src/core/calendar/holiday-calendar.js';
import { parseSimConfig, type SimConfig } from '../../src/sim/market/sim-config.js';
import type { TickColumns } from '../../src/sim/market/tick-columns.js';

const CONFIG_PATH = fileURLToPath(new URL('../../config/instruments.json', import.meta.url));
const HOLIDAY_PATH = fileURLToPath(new URL('../../config/exchange-holidays.json', import.meta.url));

export function rawConfig(): unknown {
  return JSON.parse(readFileSync(CONFIG_PATH, 'utf8')) as unknown;
}

export function rawHolidays(): unknown {
  return JSON.parse(readFileSync(HOLIDAY_PATH, 'utf8')) as unknown;
}

export function loadHolidays(): HolidayFile {
  return parseHolidayFile(rawHolidays());
}

export function loadConfig(): SimConfig {
  return parseSimConfig(rawConfig(), loadHolidays());
}

/** SHA-256 of every field of every tick, in order. */
export function hashTicks(ticks: Iterable<Tick>): string {
  const h = createHash('sha256');
  const row = new Float64Array(7);
  for (const t of ticks) {
    row[0] = t.ts;
    row[1] = t.instrument;
    row[2] = t.ltp;
    row[3] = t.bid;
    row[4] = t.ask;
    row[5] = t.bidQty;
    row[6] = t.askQty;
    h.update(row);
  }
  return h.digest('hex');
}

/** SHA-256 of all columns. */
export function hashColumns(c: TickColumns): string {
  const h = createHash('sha256');
  for (const a of [c.ts, c.instrument, c.ltp, c.bid, c.ask, c.bidQty, c.askQty]) h.update(a);
  return h.digest('hex');
}
