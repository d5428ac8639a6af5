/** `scalper serve` (what `npm start` runs): the agent as a long-lived paper-trading service with durable storage. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { TickRecorder } from '../adapters/recorder/tick-recorder.js';
import { AgentManager } from '../app/runtime/agent-manager.js';
import { loadRateCards } from '../adapters/rate-cards.js';
import { loadSimConfig } from '../adapters/sim-config-file.js';
import { ControlStore } from '../adapters/store/control-store.js';
import { acquireDbDirLock } from '../adapters/store/db-lock.js';
import { dbFiles, resolveDbDir } from '../adapters/store/db-paths.js';
import { EventWriter } from '../adapters/store/event-writer.js';
import { TradeBook } from '../adapters/store/trade-book.js';
import { ExperimentStore } from '../adapters/store/experiment-store.js';
import { workerStageExecutor } from '../adapters/experiments/stage-executor.js';
import { ExperimentRunner } from '../experiments/experiment-runner.js';
import type { Logger } from '../core/ports.js';
import { clock } from './format.js';
import { UsageError } from './errors.js';

export interface ServeOptions {
  readonly dbDir: string | undefined;
  readonly preset: string;
  readonly seed: number;
  readonly days: number;
  readonly startDate: string;
  readonly simSpeed: number;
  readonly printAcks: boolean;
  readonly queueCapacity: number;
  /** Experiment stages run at once by the background runner (0 turns it off). */
  readonly experiments: number;
}

/** Logs go to stderr as one JSON object per line; stdout stays free (acks, and later the MCP protocol). */
export const stderrLogger: Logger = {
  log(level, message, fields) {
    process.stderr.write(`${JSON.stringify({ level, message, ...fields })}\n`);
  },
};

export async function runServe(o: ServeOptions): Promise<void> {
  const dir = resolveDbDir({ ...(o.dbDir === undefined ? {} : { flag: o.dbDir }), env: process.env.SCALPER_DB_DIR, cwd: process.cwd() });
  mkdirSync(dir, { recursive: true });
  let lock: { release(): void };
  try {
    lock = acquireDbDirLock(dir);
  } catch (e) {
    throw new UsageError(`--db-dir: ${(e as Error).message}`);
  }
  const files = dbFiles(dir);
  // Opened here (main thread) for restore only; the writer thread owns all writes to these files.
  const book = TradeBook.open(files.auto);
  const control = ControlStore.open(files.control);
  // The manual book exists (migrated) from the first start, so readers can open it while we run.
  TradeBook.open(files.manual).close();
  let manager: AgentManager | null = null;
  const writer = await EventWriter.start({
    bookPath: files.auto,
    controlPath: files.control,
    capacity: o.queueCapacity,
    ...(o.printAcks ? { onAck: (ids: readonly string[]) => process.stdout.write(`ack ${ids.join(' ')}\n`) } : {}),
    onPressure: (full) => manager?.onQueuePressure(full),
    onError: (message) => {
      // Crash-only: never trade on without storing. Everything acknowledged is in the book, and a restart
      // restores positions and the day's risk from it.
      stderrLogger.log('error', 'event writer failed: stopping the service at once; restart to resume from the book', { message });
      process.exit(1);
    },
  });
  manager = new AgentManager({
    simConfig: loadSimConfig(),
    rateCards: loadRateCards(),
    sink: writer,
    book,
    control,
    wallNow: () => Date.now(),
    log: stderrLogger,
    recorder: (universe, utcOffsetMin) =>
      new TickRecorder({
        dir: join(dir, 'recordings'),
        universe,
        utcOffsetMin,
        onError: (e) => stderrLogger.log('error', 'tick recorder failed; trading continues, recording stopped', { message: e.message }),
      }),
  });
  manager.start({ mode: 'paper', preset: o.preset, seed: o.seed, days: o.days, startDate: o.startDate, simSpeed: o.simSpeed });
  // The experiment queue works in the background, each stage in its own worker thread.
  const experiments = o.experiments > 0 ? ExperimentStore.open(files.control) : null;
  const runner =
    experiments === null ? null : new ExperimentRunner(experiments, workerStageExecutor(files.control), () => Date.now(), stderrLogger, o.experiments);
  if (experiments !== null && runner !== null) {
    const requeued = experiments.requeueInterrupted(Date.now());
    if (requeued > 0) stderrLogger.log('info', 'experiments interrupted by a restart were queued again', { requeued });
    runner.start();
  }
  const agent = manager;
  const stop = (): void => {
    void agent.stop(false);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const tty = process.stderr.isTTY;
  const timer = setInterval(() => {
    const s = agent.status();
    const pos = s.position === null ? 'flat' : `${s.position.side} ${s.position.qty} @ ${s.position.avgEntry} stop ${s.position.stop} (${s.position.stage}) open ₹${s.position.unrealisedNet}`;
    const line = `[${s.feed?.underlying ?? ''} ${s.feed?.speed ?? ''}] ${s.tradingDate ?? ''} ${s.simTime === null ? '' : clock(s.simTime)} | ${s.state}/${s.tradingState ?? ''} | trades ${s.today.trades} | net ₹${s.today.realisedNet} | ${pos} | queue ${s.queue.pending}${s.queue.droppedNonTrade > 0 ? ` (${s.queue.droppedNonTrade} non-trade events dropped while full)` : ''}`;
    process.stderr.write(tty ? `\r\x1b[2K${line}` : `${line}\n`);
  }, tty ? 250 : 2000);
  try {
    await agent.done;
  } finally {
    clearInterval(timer);
    await runner?.stop();
    experiments?.close();
    const s = agent.status();
    await writer.close(s.simTime ?? 0);
    book.close();
    control.close();
    lock.release();
    process.stderr.write(`${tty ? '\n' : ''}serve: ${s.state}; ${s.today.trades} trades today, realised net ₹${s.today.realisedNet}; database ${dir}\n`);
  }
}
