/** Each date's option chain from a universe: the options of the nearest expiry on or after the date, one row per strike that has both a CE and a PE. */
import type { ChainStrike, OptionChain } from '../../core/kernel.js';
import type { OptionInstrument, Universe } from '../../core/model/instrument.js';

export function chainsFromUniverse(universe: Universe, dates: readonly string[]): Map<string, OptionChain> {
  const options = universe.instruments.filter((i): i is OptionInstrument => i.kind === 'OPTION');
  const expiries = [...new Set(options.map((o) => o.expiryDate))].sort();
  const chains = new Map<string, OptionChain>();
  for (const date of dates) {
    const expiryDate = expiries.find((e) => e >= date);
    if (expiryDate === undefined) continue;
    const byStrike = new Map<number, { ce?: number; pe?: number }>();
    for (const o of options) {
      if (o.expiryDate !== expiryDate) continue;
      const row = byStrike.get(o.strike) ?? {};
      if (o.right === 'CE') row.ce ??= o.id;
      else row.pe ??= o.id;
      byStrike.set(o.strike, row);
    }
    const strikes: ChainStrike[] = [];
    for (const [strike, row] of [...byStrike].sort((a, b) => a[0] - b[0])) {
      if (row.ce !== undefined && row.pe !== undefined) strikes.push({ strike, ce: row.ce, pe: row.pe });
    }
    if (strikes.length > 0) chains.set(date, { expiryDate, strikes });
  }
  return chains;
}
