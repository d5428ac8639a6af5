/** Test harness: a real AgentManager over a real EventWriter thread and SQLite files in a temp directory. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AgentManager, type AgentDeps } from '../../src/app/runtime/agent-manager.js';
import { loadRateCards } from '../../src/adapters/rate-cards.js';
import { loadSimConfig } from '../../src/adapters/sim-config-file.js';
import { ControlStore } from '../../src/adapters/store/control-store.js';
import { dbFiles, type DbFiles } from '../../src/adapters/store/db-paths.js';
import { EventWriter } from '../../src/adapters/store/event-writer.js';
import { TradeBook } from '../../src/adapters/store/trade-book.js';
import type { Logger } from '../../src/core/ports.js';
import type { TickRecorderFactory } from '../../src/app/runtime/runtime-ports.js';
import type { EventBus } from '../../src/app/events/event-bus.js';

export const simConfig = loadSimConfig();
export const rateCards = loadRateCards();

export function tempDbDir(): { dir: string; files: DbFiles; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'scalper-agent-'));
  return { dir, files: dbFiles(dir), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface Harness {
  readonly agent: AgentManager;
  readonly writer: EventWriter;
  readonly book: TradeBook;
  readonly control: ControlStore;
  readonly logs: { level: string; message: string }[];
  close(): Promise<void>;
}

/** Builds an agent on the files; nothing is started. */
export async function harness(files: DbFiles, opts: { capacity?: number; stall?: SharedArrayBuffer; recorder?: TickRecorderFactory; events?: EventBus; liveArming?: AgentDeps['liveArming'] } = {}): Promise<Harness> {
  const book = TradeBook.open(files.auto);
  const control = ControlStore.open(files.control);
  const logs: { level: string; message: string }[] = [];
  const log: Logger = { log: (level, message) => logs.push({ level, message }) };
  let agent: AgentManager | null = null;
  const writer = await EventWriter.start({
    bookPath: files.auto,
    controlPath: files.control,
    capacity: opts.capacity ?? 50_000,
    onPressure: (full) => agent?.onQueuePressure(full),
    ...(opts.stall === undefined ? {} : { stall: opts.stall }),
  });
  agent = new AgentManager({ simConfig, rateCards, sink: writer, book, control, wallNow: () => Date.now(), log, ...(opts.recorder === undefined ? {} : { recorder: opts.recorder }), ...(opts.events === undefined ? {} : { events: opts.events }), ...(opts.liveArming === undefined ? {} : { liveArming: opts.liveArming }) });
  const a = agent;
  return {
    agent: a,
    writer,
    book,
    control,
    logs,
    async close() {
      await writer.close(a.status().simTime ?? 0);
      book.close();
      control.close();
    },
  };
}
