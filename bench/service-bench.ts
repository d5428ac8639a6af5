/** Service benchmark: ticks per second of the running agent at --sim-speed max: simulator, kernel, tick recorder and the writer thread committing every event. */
import { performance } from 'node:perf_hooks';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AgentManager } from '../src/app/runtime/agent-manager.js';
import { loadRateCards } from '../src/adapters/rate-cards.js';
import { loadSimConfig } from '../src/adapters/sim-config-file.js';
import { ControlStore } from '../src/adapters/store/control-store.js';
import { dbFiles } from '../src/adapters/store/db-paths.js';
import { EventWriter } from '../src/adapters/store/event-writer.js';
import { TradeBook } from '../src/adapters/store/trade-book.js';
import { TickRecorder } from '../src/adapters/recorder/tick-recorder.js';
import { createSimMarket } from '../src/sim/market/sim-market.js';

/** Runs `days` simulated NIFTY days through the service; tick generation is included (the simulator is the service's feed). */
export async function serviceBench(days = 3): Promise<{ ticks: number; trades: number; serviceTicksPerSec: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'scalper-bench-'));
  try {
    const files = dbFiles(dir);
    const simConfig = loadSimConfig();
    const book = TradeBook.open(files.auto);
    const control = ControlStore.open(files.control);
    const writer = await EventWriter.start({ bookPath: files.auto, controlPath: files.control, capacity: 1_000_000 });
    const agent = new AgentManager({
      simConfig,
      rateCards: loadRateCards(),
      sink: writer,
      book,
      control,
      wallNow: () => Date.now(),
      log: { log: () => undefined },
      recorder: (universe, utcOffsetMin) => new TickRecorder({ dir: join(dir, 'recordings'), universe, utcOffsetMin }),
    });
    const market = createSimMarket(simConfig, { underlying: 'NIFTY', startDate: '2026-01-05', days, seed: 42 });
    let ticks = 0;
    for (let d = 0; d < days; d++) ticks += market.columnsForDay(d).length;
    const t0 = performance.now();
    agent.start({ mode: 'paper', preset: 'nifty_normal', seed: 42, days, startDate: '2026-01-05', simSpeed: Infinity });
    await agent.done;
    const ms = performance.now() - t0;
    const trades = book.counts().trades;
    await writer.close(0);
    book.close();
    control.close();
    return { ticks, trades, serviceTicksPerSec: Math.round((ticks / ms) * 1000) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
