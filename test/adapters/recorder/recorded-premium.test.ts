import { describe, expect, it } from 'vitest';
import { recordedPremium } from '../../../src/adapters/recorder/recorded-premium.js';
import { TickRecorder } from '../../../src/adapters/recorder/tick-recorder.js';
import { IST, OPEN_TS, sampleTicks, smallUniverse, tempDir } from './helpers.js';

/** A trade's premium from the tick recordings: the date's file, one symbol, a window, in time order. */
describe('recordedPremium', () => {
  it('finds the symbol’s ticks of the window in the date’s recording, in time order, and says why when it cannot', async () => {
    const dir = tempDir();
    const rec = new TickRecorder({ dir, universe: smallUniverse, utcOffsetMin: IST, chunkSize: 16 });
    const ticks = sampleTicks(90);
    // Recorded out of order within a millisecond, as a live feed may deliver them.
    const swapped = [...ticks];
    swapped[4] = { ...ticks[4]!, ts: ticks[7]!.ts };
    for (const t of swapped) rec.record(t);
    await rec.close();
    const place = recordedPremium(dir);
    const from = OPEN_TS + 1_000;
    const to = OPEN_TS + 15_000;
    const found = place.around('NIFTY06JAN2625800CE', '2026-01-05', from, to);
    if ('unavailable' in found) throw new Error(found.unavailable);
    const expected = swapped.filter((t) => t.instrument === 1 && t.ts >= from && t.ts <= to).sort((a, b) => a.ts - b.ts);
    expect(found.ts).toEqual(expected.map((t) => t.ts));
    expect(found.price).toEqual(expected.map((t) => t.ltp));
    expect(found.source).toContain('2026-01-05.ticks');
    expect(place.around('NIFTY06JAN2625800CE', '2026-01-06', from, to)).toEqual({ unavailable: `no recording of 2026-01-06 in ${dir}` });
    expect(place.around('BANKNIFTY', '2026-01-05', from, to)).toHaveProperty('unavailable', expect.stringContaining('no instrument BANKNIFTY'));
  });
});
