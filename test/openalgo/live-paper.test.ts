/**
 * Paper trading on live data through OpenAlgo: the day's chain from the fake server's `expiry` and
 * `optionsymbol`, the agent on the feed's ticks (a simulated day pushed through the fake's WebSocket as
 * OpenAlgo market data), a connection dropped mid-session and the run going on, feed health in status,
 * and the same ticks replayed through the kernel giving the same trades.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openOpenAlgoSource, strikeOfSymbol } from '../../src/adapters/openalgo/openalgo-live-source.js';
import { OpenAlgoRest } from '../../src/adapters/openalgo/openalgo-rest.js';
import { PaperSession } from '../../src/backtest/run-days.js';
import type { LiveTickSource } from '../../src/app/runtime/runtime-ports.js';
import type { Tick } from '../../src/core/model/tick.js';
import { rowToTick } from '../../src/sim/market/tick-columns.js';
import { harness, rateCards, simConfig, tempDbDir } from '../runtime/agent-harness.js';
import { join } from 'node:path';
import { loadDataset } from '../../src/adapters/data/load-dataset.js';
import { recordingPath } from '../../src/adapters/recorder/recording-files.js';
import { TickRecorder } from '../../src/adapters/recorder/tick-recorder.js';
import { RunStore } from '../../src/adapters/store/run-store.js';
import { runBacktest } from '../../src/app/commands/run-backtest.js';
import { FakeOpenAlgo } from './fake-openalgo.js';
import { chainOf, simulatedDay, until } from './live-day.js';

const KEY = 'live-key-0123456789';
const FILL = { latencyMs: 100, slippageTicks: 0, slippageProbability: 0.25 };
let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.reverse()) await f();
  cleanup = [];
});

describe('paper trading on live data through OpenAlgo', () => {
  it('builds the chain from OpenAlgo, trades the feed’s ticks, rides out a dropped connection, and replays to the same trades', async () => {
    const day = simulatedDay();
    const fake = await FakeOpenAlgo.start({ apiKey: KEY });
    cleanup.push(() => fake.close());
    fake.chain = chainOf(day);
    const rest = new OpenAlgoRest({ baseUrl: fake.httpUrl, apiKey: KEY });
    const feedEvents: string[] = [];
    const live = await openOpenAlgoSource({ rest, wsUrl: fake.wsUrl, apiKey: KEY, underlying: simConfig.underlyings[0]!, today: '2026-01-05', chainWidth: 2, watchWidth: 4, rateCards, preset: 'nifty_normal', seed: 7, fill: FILL, feed: { backoffMs: { initial: 20, max: 200 } }, onFeedEvent: (e) => feedEvents.push(e.type) });
    // The ticks as the agent got them, for the replay.
    const delivered: Tick[] = [];
    const tapped: LiveTickSource = {
      ...live,
      next: async (waitMs) => {
        const batch = await live.next(waitMs);
        if (batch !== null) delivered.push(...batch);
        return batch;
      },
    };
    const universe = live.world.universe.instruments;
    expect(universe.map((i) => i.symbol)).toHaveLength(11);
    expect(universe.filter((i) => i.kind === 'OPTION').every((i) => i.kind === 'OPTION' && i.lotSize === day.lot && i.expiryDate === day.expiry && i.tickSize === 5)).toBe(true);
    expect(strikeOfSymbol(universe[1]!.symbol, 'NIFTY')).toBe(day.atm - 2 * day.step);
    await until('the subscriptions', () => fake.subscriptions()[0]?.length === 11);

    const t = tempDbDir();
    // Live ticks are recorded as the service records them.
    const recordings = join(t.dir, 'recordings');
    const h = await harness(t.files, { recorder: (u, offset) => new TickRecorder({ dir: recordings, universe: u, utcOffsetMin: offset }) });
    cleanup.push(() => t.cleanup());
    cleanup.push(() => h.close());
    h.agent.start({ mode: 'paper', preset: 'nifty_normal', seed: 7, days: 1, startDate: '2026-01-05', simSpeed: 1, live: tapped });

    // The simulated day's ticks of the live chain's symbols, pushed as OpenAlgo market data (Quote fields, rupees).
    const simSymbols = day.market.universe.instruments;
    const wanted = new Set(universe.map((i) => i.symbol));
    let pushed = 0;
    let heldAtDrop: { tradeId: string; ts: number } | null = null;
    let lastTs = 0;
    const dropAt = Math.floor(day.cols.length / 2);
    for (let i = 0; i < day.cols.length; i++) {
      const tick = rowToTick(day.cols, i);
      const inst = simSymbols[tick.instrument]!;
      if (!wanted.has(inst.symbol)) continue;
      if (heldAtDrop === null && i >= dropAt && pushed % 200 === 0) {
        // Mid-session, while a position is open, the connection drops: the feed reconnects and resubscribes, and the pushes go on.
        await until('the ticks so far', () => delivered.length === pushed && h.agent.status().simTime === lastTs);
        const position = h.agent.status().position;
        if (position !== null) {
          heldAtDrop = { tradeId: position.tradeId, ts: lastTs };
          fake.dropAll();
          await until('the reconnect', () => fake.connections === 2 && fake.subscriptions()[0]?.length === 11);
        }
      }
      const data: Record<string, unknown> = { ltp: tick.ltp / 100, timestamp: tick.ts };
      if (inst.kind === 'OPTION') Object.assign(data, { bid: tick.bid / 100, ask: tick.ask / 100, bid_qty: tick.bidQty, ask_qty: tick.askQty });
      pushed += fake.push(inst.kind === 'INDEX' ? 'NSE_INDEX' : 'NFO', inst.symbol, data);
      lastTs = tick.ts;
      if (pushed % 2_000 === 0) await new Promise((r) => setImmediate(r));
    }
    await until('every tick processed', () => delivered.length === pushed && h.agent.status().simTime === lastTs);
    const status = h.agent.status();
    expect(status.feed).toMatchObject({ kind: 'live', underlying: 'NIFTY via OpenAlgo', speed: 'live', connection: { state: 'live', connected: true, reconnects: 1, lastError: null } });
    expect(status.instruments.find((i) => i.role === 'underlying')?.lastTickTs).not.toBeNull();
    // The feed's events, which serve publishes as alarm.feed on SSE, webhooks and MCP.
    expect(feedEvents).toEqual(['connected', 'disconnected', 'connected']);
    const params = h.agent.currentParams()!;
    await h.agent.stop(false);

    const booked = h.book.closedTrades();
    expect(booked.length).toBeGreaterThan(0);
    // The position open when the connection dropped was managed to its exit on the ticks after the reconnect.
    expect(heldAtDrop).not.toBeNull();
    const held = booked.find((b) => b.tradeId === heldAtDrop!.tradeId);
    expect(held?.exitTs).toBeGreaterThan(heldAtDrop!.ts);
    // The same ticks through the kernel and the paper broker of the same world: the same trades, to the paisa.
    const replay = new PaperSession(params, live.world);
    for (const tick of delivered) replay.step(tick);
    const replayed = replay.store.trades;
    expect(booked.map((b) => `${b.tradeId} ${b.netPnl}`)).toEqual(replayed.map((r) => `${r.id} ${r.netPnl}`));

    // The recorded session in the backtester (`scalper backtest --data`): the same trades again.
    await h.agent.done;
    const runs = RunStore.open(join(t.dir, 'runs.sqlite'));
    cleanup.push(() => runs.close());
    const backtest = runBacktest({ loadDataset: (ref) => loadDataset(ref, {}), rateCards, runs, codeVersion: 'test', now: () => 0 }, { data: recordingPath(recordings, '2026-01-05'), preset: 'nifty_normal', seed: 7 });
    expect(backtest.trades.map((x) => [x.id, x.entryTs, x.exitTs, Math.round(x.netPnl * 100), x.exitReason])).toEqual(booked.map((b) => [b.tradeId, b.entryTs, b.exitTs, b.netPnl, b.exitReason]));
  }, 300_000);
});
