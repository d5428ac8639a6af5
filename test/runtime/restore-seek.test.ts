import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { simCursorKey } from '../../src/app/runtime/agent-manager.js';
import type { TickRecorderPort } from '../../src/app/runtime/runtime-ports.js';
import type { Tick } from '../../src/core/model/tick.js';
import type * as DayGenerator from '../../src/sim/market/day-generator.js';
import { createSimMarket } from '../../src/sim/market/sim-market.js';
import { harness, simConfig, tempDbDir } from './agent-harness.js';

// Work is counted, not timed: every day whose ticks the simulator generates goes through generateDay.
const generated = vi.hoisted(() => ({ days: [] as number[] }));
vi.mock('../../src/sim/market/day-generator.js', async (importOriginal) => {
  const m = await importOriginal<typeof DayGenerator>();
  return {
    ...m,
    generateDay: (...args: Parameters<typeof m.generateDay>) => {
      generated.days.push(args[1].index);
      return m.generateDay(...args);
    },
  };
});

const run = { mode: 'paper' as const, preset: 'nifty_normal', seed: 1, startDate: '2026-01-05', simSpeed: Infinity };
const key = simCursorKey('NIFTY', run.seed, run.startDate);
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});
function db() {
  const t = tempDbDir();
  cleanups.push(t.cleanup);
  return t;
}

/** A recorder that hashes every tick it is given (after `afterTs`), in order. */
function hashingRecorder(afterTs = -Infinity): TickRecorderPort & { digest(): { ticks: number; sha256: string } } {
  const hash = createHash('sha256');
  const buf = new Float64Array(7 * 8192);
  let n = 0;
  let ticks = 0;
  const flushBuf = (): void => {
    hash.update(new Uint8Array(buf.buffer, 0, n * 8));
    n = 0;
  };
  return {
    record(t: Tick) {
      if (t.ts <= afterTs) return;
      buf.set([t.ts, t.instrument, t.ltp, t.bid, t.ask, t.bidQty, t.askQty], n);
      n += 7;
      ticks++;
      if (n === buf.length) flushBuf();
    },
    flush: () => Promise.resolve(),
    close: () => Promise.resolve(),
    digest() {
      flushBuf();
      return { ticks, sha256: hash.copy().digest('hex') };
    },
  };
}

describe('restoring seeks the simulator to the cursor’s day', () => {
  it('costs the same work on day 200 as on day 2: only the cursor’s day is generated', async () => {
    const days = 201;
    const market = createSimMarket(simConfig, { underlying: 'NIFTY', startDate: run.startDate, days, seed: run.seed });
    const work: Record<number, number[]> = {};
    for (const day of [2, 200]) {
      const { files } = db();
      const h = await harness(files);
      // A service that ran until half an hour into `day` and was restarted.
      const cursor = market.session(day).openTs + 30 * 60_000;
      h.control.setState(key, String(cursor), 0);
      generated.days = [];
      h.agent.start({ ...run, days, stopAtTs: cursor + 5 * 60_000 });
      await h.agent.done;
      work[day] = generated.days;
      expect(h.agent.status()).toMatchObject({ state: 'stopped', tradingDate: market.tradingDates[day] });
      expect(h.logs.map((l) => l.message)).toContainEqual(expect.stringMatching(new RegExp(`^restoring: seeking simulator to day ${day + 1} of ${days} \\(${market.tradingDates[day]}\\)`)));
      await h.close();
    }
    expect(work).toEqual({ 2: [2], 200: [200] });
  });

  it('a restored run goes on with exactly the ticks an uninterrupted run processes after the cursor', async () => {
    const days = 3;
    const market = createSimMarket(simConfig, { underlying: 'NIFTY', startDate: run.startDate, days, seed: run.seed });
    // Interrupted: the first run stops three hours into day 1, the second resumes from what was committed.
    const interrupted = db();
    const h1 = await harness(interrupted.files);
    h1.agent.start({ ...run, days, stopAtTs: market.session(1).openTs + 3 * 3_600_000 });
    await h1.agent.done;
    await h1.close();
    const resumed = hashingRecorder();
    const h2 = await harness(interrupted.files, { recorder: () => resumed });
    const cursor = Number(h2.control.getState(key)!.value);
    expect(market.session(1).openTs < cursor && cursor < market.session(1).closeTs).toBe(true);
    generated.days = [];
    h2.agent.start({ ...run, days });
    await h2.agent.done;
    expect(generated.days).toEqual([1, 2]);
    await h2.close();

    const straight = hashingRecorder(cursor);
    const { files } = db();
    const h = await harness(files, { recorder: () => straight });
    generated.days = [];
    h.agent.start({ ...run, days });
    await h.agent.done;
    expect(generated.days).toEqual([0, 1, 2]);
    await h.close();

    const a = resumed.digest();
    expect(a.ticks).toBeGreaterThan(500_000);
    expect(a).toEqual(straight.digest());
  });
});
