/** A position is managed by the broker that opened it: a restart in another trading mode with a position open is refused naming the trade and its mode, and nothing starts. */
import { afterEach, describe, expect, it } from 'vitest';
import { EventBus } from '../../src/app/events/event-bus.js';
import { createSimWorld } from '../../src/app/sim-world.js';
import type { LiveTickSource } from '../../src/app/runtime/runtime-ports.js';
import { PaperBroker } from '../../src/sim/broker/paper-broker.js';
import { createRng } from '../../src/core/rng.js';
import { harness, rateCards, simConfig, tempDbDir } from './agent-harness.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

describe('trading mode and the open position', () => {
  it('a paper position left open refuses an analyzer start, and a paper start manages it', async () => {
    const t = tempDbDir();
    cleanups.push(t.cleanup);
    const events = new EventBus(() => Date.now());
    const h = await harness(t.files, { events });
    let stopped = false;
    events.subscribe((e) => {
      if (stopped || e.type !== 'trade.fill' || e.data.kind !== 'Entry') return;
      stopped = true;
      // Between chunks, with the position open: stopped without flattening, so the book holds it.
      setImmediate(() => void h.agent.stop(false));
    });
    const run = { preset: 'nifty_normal', seed: 4, days: 1, startDate: '2026-01-05', simSpeed: Infinity } as const;
    h.agent.start({ mode: 'paper', ...run });
    await h.agent.done;
    const held = h.agent.status().position!.tradeId;

    // A market whose orders go to OpenAlgo's analyzer (stubbed: it is never reached).
    const { world } = createSimWorld(simConfig, rateCards, { underlying: 'NIFTY', startDate: '2026-01-05', days: 1, seed: 4, preset: 'nifty_normal', fill: { latencyMs: 100, slippageTicks: 0, slippageProbability: 0 } });
    const live: LiveTickSource = {
      label: 'NIFTY via OpenAlgo',
      world,
      cursorKey: 'live.cursor:openalgo:NIFTY',
      next: () => Promise.resolve(null),
      health: () => ({ state: 'live', connected: true, reconnects: 0, lastError: null }),
      stop: () => undefined,
      orders: { mode: 'analyzer', broker: new PaperBroker(world.universe, world.fill, createRng(1)), watchPositions: () => undefined },
    };
    expect(() => h.agent.start({ mode: 'analyzer', ...run, live })).toThrow(new RegExp(`mode: the book holds trade ${held.replace('#', '\\#')}, opened in paper mode; start in paper mode`));
    expect(h.agent.status().state).toBe('stopped');
    // In paper it is restored and managed.
    h.agent.start({ mode: 'paper', ...run, stopAtTs: 0 });
    expect(h.agent.status().position?.tradeId).toBe(held);
    await h.agent.done;
    await h.close();
  });
});
