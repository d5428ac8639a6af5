/** Tuner benchmark: the service's per-tick latency at --sim-speed max without a tuner, and with a tuner run whose provider never answers (started once 40 trades have closed, open until the end). */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openGovernance } from '../src/adapters/governance/open-governance.js';
import { loadRateCards } from '../src/adapters/rate-cards.js';
import { loadSimConfig } from '../src/adapters/sim-config-file.js';
import { ControlStore } from '../src/adapters/store/control-store.js';
import { dbFiles } from '../src/adapters/store/db-paths.js';
import { EventWriter } from '../src/adapters/store/event-writer.js';
import { TradeBook } from '../src/adapters/store/trade-book.js';
import { openTunerService } from '../src/adapters/tuners/open-tuner-service.js';
import { EventBus } from '../src/app/events/event-bus.js';
import { AgentManager } from '../src/app/runtime/agent-manager.js';
import { createSimMarket } from '../src/sim/market/sim-market.js';

export interface TunerBench {
  readonly ticks: number;
  readonly trades: number;
  /** Wall nanoseconds per tick, the fastest of the passes. */
  readonly withoutNsPerTick: number;
  readonly hungNsPerTick: number;
  /** The trade at which the hung run started, and whether its call was still open when the engine finished. */
  readonly hungAtTrade: number;
  readonly stillHanging: boolean;
  /** Both runs made the same trades. */
  readonly sameTrades: boolean;
}

/** A server that takes requests and never answers (an LLM provider that hangs). */
async function hangingServer(): Promise<{ url: string; requests: () => number; server: Server }> {
  let requests = 0;
  const server = createServer(() => void requests++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, requests: () => requests, server };
}

async function pass(days: number, hang: { url: string; requests: () => number } | null): Promise<{ ms: number; trades: string; atTrade: number; stillHanging: boolean }> {
  const dir = mkdtempSync(join(tmpdir(), 'scalper-bench-tuner-'));
  try {
    const files = dbFiles(dir);
    const book = TradeBook.open(files.auto);
    const control = ControlStore.open(files.control);
    const writer = await EventWriter.start({ bookPath: files.auto, controlPath: files.control, capacity: 1_000_000 });
    const events = new EventBus(() => Date.now());
    const agent = new AgentManager({ simConfig: loadSimConfig(), rateCards: loadRateCards(), sink: writer, book, control, wallNow: () => Date.now(), log: { log: () => undefined }, events });
    let atTrade = 0;
    let closed = 0;
    const gov = hang === null ? null : openGovernance({ controlPath: files.control, engine: agent, mode: () => 'paper', now: () => Date.now(), recordingsDir: join(dir, 'recordings'), sim: () => ({ seed: 42, after: '2026-01-05' }), gate: { start: () => ({ jobId: 'bench' }) } });
    const tuner =
      gov === null || hang === null
        ? null
        : openTunerService({ controlPath: files.control, governance: gov.governance, book, env: { OPENAI_API_KEY: 'bench' }, now: () => Date.now(), utcOffsetMin: () => 330 });
    let runId: number | null = null;
    if (tuner !== null && hang !== null) {
      events.subscribe((e) => {
        if (e.type !== 'trade.closed') return;
        closed++;
        if (runId !== null || closed < 40) return;
        const run = tuner.service.run({ provider: 'openai', model: 'bench', baseUrl: hang.url }, { trigger: 'demand', by: 'bench' });
        if (run.status === 'running') {
          runId = run.id;
          atTrade = closed;
        }
      });
    }
    const t0 = performance.now();
    agent.start({ mode: 'paper', preset: 'nifty_normal', seed: 42, days, startDate: '2026-01-05', simSpeed: Infinity });
    await agent.done;
    const ms = performance.now() - t0;
    const stillHanging = tuner !== null && runId !== null && tuner.service.get(runId).status === 'running';
    const trades = JSON.stringify(book.closedTrades());
    await tuner?.close();
    gov?.close();
    await writer.close(0);
    book.close();
    control.close();
    return { ms, trades, atTrade, stillHanging };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Alternates runs without and with the hung tuner (the machine's load drifts); reports the fastest of each. */
export async function tunerBench(days = 3, passes = 2): Promise<TunerBench> {
  const market = createSimMarket(loadSimConfig(), { underlying: 'NIFTY', startDate: '2026-01-05', days, seed: 42 });
  let ticks = 0;
  for (let d = 0; d < days; d++) ticks += market.columnsForDay(d).length;
  const hang = await hangingServer();
  try {
    const without: number[] = [];
    const hung: number[] = [];
    let last: { trades: string; atTrade: number; stillHanging: boolean } | null = null;
    let base = '';
    for (let i = 0; i < passes; i++) {
      const a = await pass(days, null);
      without.push(a.ms);
      base = a.trades;
      const b = await pass(days, hang);
      hung.push(b.ms);
      last = b;
    }
    const ns = (ms: number): number => Math.round((ms * 1e6) / ticks);
    return {
      ticks,
      trades: (JSON.parse(base) as unknown[]).length,
      withoutNsPerTick: ns(Math.min(...without)),
      hungNsPerTick: ns(Math.min(...hung)),
      hungAtTrade: last!.atTrade,
      stillHanging: last!.stillHanging && hang.requests() >= passes,
      sameTrades: last!.trades === base,
    };
  } finally {
    hang.server.closeAllConnections();
    hang.server.close();
  }
}
