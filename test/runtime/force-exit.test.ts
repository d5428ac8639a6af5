/** Force exit: the open position is exited at the next tick boundary with reason force_exit, and trading goes on. */
import { afterEach, describe, expect, it } from 'vitest';
import { EventBus } from '../../src/app/events/event-bus.js';
import { harness, tempDbDir } from './agent-harness.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

describe('force exit', () => {
  it('exits the position the agent holds, books it as force_exit, and later entries still happen', async () => {
    const t = tempDbDir();
    cleanups.push(t.cleanup);
    const events = new EventBus(() => Date.now());
    const h = await harness(t.files, { events });
    let forced: string | null = null;
    let asked = false;
    events.subscribe((e) => {
      if (asked || e.type !== 'trade.fill' || e.data.kind !== 'Entry') return;
      // Between chunks of ticks, as a command from the API arrives; the position then open is the one exited.
      setImmediate(() => {
        const open = h.agent.status().position?.tradeId ?? null;
        if (open === null || asked) return;
        asked = true;
        expect(h.agent.forceExit()).toBe(true);
        forced = open;
      });
    });
    h.agent.start({ mode: 'paper', preset: 'nifty_normal', seed: 4, days: 1, startDate: '2026-01-05', simSpeed: Infinity });
    await h.agent.done;
    const trades = h.book.closedTrades();
    const first = trades.find((x) => x.tradeId === forced);
    expect(first?.exitReason).toBe('force_exit');
    expect(trades.length).toBeGreaterThan(1);
    expect(() => h.agent.forceExit()).toThrow(/cannot force an exit/);
    await h.close();
  });
});
