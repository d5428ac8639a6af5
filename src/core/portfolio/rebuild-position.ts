/** Rebuilds an open position after a restart from its recorded fills and the last stop the runtime saved. */
import type { RestoredPosition } from '../kernel-types.js';
import type { OptionInstrument } from '../model/instrument.js';
import { ceilToTick, floorToTick } from '../model/money.js';
import { Position } from './position.js';

/**
 * The position the fills leave open, or null when they leave none. Its stop never restores below the
 * initial stop from the average entry; `tp` and `sl` are the distances the kernel would use now.
 */
export function rebuildPosition(rp: RestoredPosition, inst: OptionInstrument, tp: number, sl: number): Position | null {
  const pos = new Position(rp.tradeId, inst.right, inst.id, inst.symbol, inst.lotSize, inst.tickSize, false);
  pos.tpPoints = tp;
  pos.slPoints = sl;
  for (const f of rp.fills) {
    const purpose = f.kind === 'ENTRY' ? 'ENTRY' : f.kind === 'AVERAGE' ? 'AVERAGE' : f.kind === 'PARTIAL_EXIT' ? 'PARTIAL_EXIT' : 'EXIT';
    pos.applyFill(f.ts, f.action, f.qty, f.price, f.charges, purpose);
    if (purpose === 'AVERAGE') pos.lastAddTs = f.ts;
    if (purpose === 'ENTRY') pos.lastAddTs = f.ts;
    if (purpose === 'PARTIAL_EXIT') pos.partialDone = true;
  }
  if (pos.qty === 0) return null;
  pos.lots = Math.round(pos.buyQty / inst.lotSize);
  const initialStop = floorToTick(pos.avgEntry - pos.slPoints, pos.tickSize);
  pos.stop = Math.max(initialStop, rp.stop ?? 0);
  pos.stage = rp.stop !== undefined && rp.stop > initialStop ? (rp.stage ?? 'trail') : 'initial';
  pos.target = ceilToTick(pos.avgEntry + pos.tpPoints, pos.tickSize);
  pos.highWaterMark = Math.max(rp.highWaterMark ?? 0, ...rp.fills.map((f) => f.price));
  return pos;
}
