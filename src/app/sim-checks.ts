/** Checks of a simulated start date and of a sim:UNDERLYING:SEED:START:DAYS reference, naming the field: shared by the CLI, jobs and experiments. */
import { dateToDayNumber } from '../core/calendar/exchange-time.js';
import { NoRateCardError, selectRateCard, type DatedCard } from '../core/charges/charges.js';
import type { SimConfig } from '../sim/market/sim-config.js';
import { AppError } from './errors.js';

const refuse = (field: string, rule: string): AppError => new AppError('INVALID_INPUT', `${field}: ${rule}`, { issues: [{ field, rule }] });

/** A real calendar date YYYY-MM-DD, or INVALID_INPUT naming `field`. */
export function checkDate(field: string, value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw refuse(field, `must be a date YYYY-MM-DD, got "${value.slice(0, 40)}"`);
  try {
    dateToDayNumber(value);
  } catch {
    throw refuse(field, `must be a real calendar date, got ${value}`);
  }
  return value;
}

/**
 * Refuses a simulated start before the underlying's contract tables begin (the simulator cannot price
 * contracts there) or, unless `cards` is undefined (a card is pinned), before any rate card is in force.
 */
export function checkSimStart(field: string, underlying: string, startDate: string, config: SimConfig, cards: readonly DatedCard[] | undefined): void {
  const u = config.underlyings.find((x) => x.symbol === underlying);
  if (u === undefined) return;
  const first = u.contracts.expiries[0]?.from;
  if (first !== undefined && startDate < first) {
    throw refuse(field, `must be on or after ${first}, where ${underlying}'s contract tables begin (config/instruments.json), got ${startDate}`);
  }
  if (cards === undefined) return;
  try {
    selectRateCard(cards, u.exchange, startDate);
  } catch (e) {
    if (e instanceof NoRateCardError) throw refuse(field, e.message);
    throw e;
  }
}

const SIM_REF = /^sim:([^:]*):([^:]*):([^:]*):([^:]*)$/;
const EXAMPLE = 'sim:NIFTY:7:2026-01-05:10';

/** The parts of `sim:UNDERLYING:SEED:START:DAYS`, each checked against its rule, naming `field`. */
export function checkSimRef(field: string, ref: string, config: SimConfig, cards: readonly DatedCard[]): { underlying: string; seed: number; startDate: string; days: number } {
  const m = SIM_REF.exec(ref);
  const shown = ref.length > 60 ? `${ref.slice(0, 60)}…` : ref;
  if (m === null) throw refuse(field, `a simulated dataset is sim:UNDERLYING:SEED:START:DAYS (e.g. ${EXAMPLE}), got "${shown}"`);
  const [, underlying, seed, start, days] = m as unknown as [string, string, string, string, string];
  const known = config.underlyings.map((u) => u.symbol);
  if (!known.includes(underlying)) throw refuse(field, `UNDERLYING must be one of ${known.join(', ')}, got "${underlying.slice(0, 20)}" (in ${shown})`);
  if (!/^\d{1,10}$/.test(seed) || Number(seed) > 0xffffffff) throw refuse(field, `SEED must be a whole number 0..4294967295, got "${seed.slice(0, 20)}" (in ${shown})`);
  checkDate(`${field} START`, start);
  checkSimStart(`${field} START`, underlying, start, config, cards);
  if (!/^\d{1,3}$/.test(days) || Number(days) < 1 || Number(days) > 250) throw refuse(field, `DAYS must be a whole number 1..250, got "${days.slice(0, 20)}" (in ${shown})`);
  return { underlying, seed: Number(seed), startDate: start, days: Number(days) };
}
