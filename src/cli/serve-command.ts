/** `scalper serve` (what `npm start` runs): the agent as a long-lived paper-trading service with durable storage. */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { TickRecorder } from '../adapters/recorder/tick-recorder.js';
import { AgentManager } from '../app/runtime/agent-manager.js';
import { loadRateCards } from '../adapters/rate-cards.js';
import { loadSimConfig } from '../adapters/sim-config-file.js';
import { ControlStore } from '../adapters/store/control-store.js';
import { acquireDbDirLock } from '../adapters/store/db-lock.js';
import { DatabaseFileError, describeProblem, findCorruptFile, storageProblem } from '../adapters/store/db-file-errors.js';
import { EventWriter, type EventWriterOptions } from '../adapters/store/event-writer.js';
import { TradeBook } from '../adapters/store/trade-book.js';
import { ExperimentStore } from '../adapters/store/experiment-store.js';
import { workerStageExecutor } from '../adapters/experiments/stage-executor.js';
import { ExperimentRunner } from '../experiments/experiment-runner.js';
import type { EventSink } from '../app/runtime/runtime-ports.js';
import type { Logger } from '../core/ports.js';
import { toMinor } from '../core/model/money.js';
import { AppError } from '../app/errors.js';
import { dbDirOf, ensureDbDir, removeIfCreatedEmpty } from './db-dir.js';
import { fatalMessage } from './serve-failure.js';
import { EventBus } from '../app/events/event-bus.js';
import { WebhookDispatcher } from '../app/webhooks/webhook-dispatcher.js';
import { WebhookStore } from '../adapters/store/webhook-store.js';
import { datasetChecker } from '../adapters/experiments/dataset-loader.js';
import type { HttpListener } from '../http/daemon.js';
import { startRestServer } from '../http/serve-http.js';
import type { JobService } from '../app/jobs/job-service.js';
import { openJobService } from '../adapters/jobs/open-job-service.js';
import type { QueueBackend } from '../adapters/queue/queue-url.js';
import { RedisJobRunner } from '../adapters/queue/redis-job-runner.js';
import { queueStageExecutor } from '../adapters/queue/queue-stage-executor.js';
import { DayLines, fitLine, rupeeFields, statusLine } from './serve-status.js';
import { LogRing } from '../app/logs/log-ring.js';
import { firstPremium, runSourcePremium } from '../app/runtime/premium-ticks.js';
import { recordedPremium } from '../adapters/recorder/recorded-premium.js';
import { openGovernance } from '../adapters/governance/open-governance.js';
import { openBandit } from '../adapters/governance/open-bandit.js';
import { openTunerService } from '../adapters/tuners/open-tuner-service.js';
import { removeDaemonFile, writeDaemonFile } from '../adapters/daemon/daemon-file.js';
import { localTraderToken } from '../adapters/daemon/local-token.js';
import { paramsVersion } from '../core/params/params-version.js';
import { exchangeClock, liveArmedIn, liveOpener, notArmed } from './serve-live.js';
import { planSimDaysInWorker } from '../adapters/sim/plan-in-worker.js';
import { defaultUnderlying } from '../app/defaults.js';
import type { DayPlan } from '../sim/market/day-plan.js';
import type { LiveTickSource } from '../app/runtime/runtime-ports.js';
import { openAlgoBrokerBooks } from '../adapters/openalgo/broker-books.js';
import { OpenAlgoRest } from '../adapters/openalgo/openalgo-rest.js';

export interface ServeOptions {
  readonly dbDir: string | undefined;
  readonly preset: string;
  readonly seed: number;
  readonly days: number;
  readonly startDate: string;
  readonly simSpeed: number;
  readonly printAcks: boolean;
  readonly queueCapacity: number;
  /** Where research jobs run: worker threads here (local) or `scalper worker` processes through Redis. */
  readonly queue?: QueueBackend;
  /** Experiment stages run at once by the background runner (0 turns it off). */
  readonly experiments: number;
  /** Record the simulated ticks (off by default: the seed regenerates them; a live feed is always recorded). */
  readonly record: boolean;
  /** Retention of the recordings directory: oldest day files are deleted beyond this many bytes. */
  readonly recordingsMaxBytes: number;
  /** Where the REST API listens (checked by the caller: loopback unless allowRemote), or null for none. */
  readonly http: { readonly host: string; readonly port: number; readonly allowRemote: boolean } | null;
  /** OpenAlgo's live data instead of the simulator (checked by the caller: the key is set), traded in `mode`. */
  readonly live?: { readonly url: string; readonly wsUrl: string; readonly apiKey: string; readonly mode: 'paper' | 'analyzer' | 'live' };
  /** OpenAlgo's address and key when configured (with or without --feed openalgo): reconciliation reads its books. */
  readonly openAlgo?: { readonly url: string; readonly apiKey: string };
  /** How often the status line is written, ms (0: never); default every 250 ms redrawn on a terminal, else every 2 s. */
  readonly statusEveryMs?: number;
  /**
   * The service cannot go on (storage failed, or a second interrupt): the lock is already released and the
   * reason logged; end the process now with exit code 1. The CLI entry passes one that exits.
   */
  readonly onFatal: (message: string) => void;
}

/** The writer of the agent's events: the queue to the SQLite writer thread. */
export interface ServiceWriter extends EventSink {
  close(ts: number): Promise<void>;
}

/** What a test may replace: the event writer (e.g. one whose disk is full). */
export interface ServeDeps {
  readonly startWriter?: (opts: EventWriterOptions) => Promise<ServiceWriter>;
}

/**
 * Logs go to stderr as one JSON object per line; stdout stays free (acks, and later the MCP protocol). A field
 * never hides the message; money fields are rupees, as on the display (the runtime passes paise).
 */
export const stderrLogger: Logger = {
  log(level, message, fields) {
    const { message: detail, ...rest } = (fields ?? {}) as Record<string, unknown>;
    process.stderr.write(`${JSON.stringify({ ...rupeeFields(rest), level, message, ...(detail === undefined ? {} : { detail }) })}\n`);
  },
};

/** Removes the database files a refused start created (with their WAL and shared-memory files), and the directory if it made it. */
function removeCreated(created: readonly string[]): void {
  for (const f of created) for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${f}${suffix}`, { force: true });
}

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export async function runServe(o: ServeOptions, deps: ServeDeps = {}): Promise<void> {
  // Every line goes to stderr; the daemon also keeps the latest for GET /api/v1/logs.
  const logRing = new LogRing(5_000, () => Date.now());
  const log = logRing.tee(stderrLogger);
  const db = dbDirOf(o.dbDir);
  const { dir, files } = db;
  ensureDbDir(db);
  // The database files this run creates: removed again if the start is refused (a refused command leaves nothing behind).
  const created = [files.auto, files.control, files.manual].filter((f) => !existsSync(f));
  let lock: { release(): void };
  try {
    lock = acquireDbDirLock(dir);
  } catch (e) {
    removeIfCreatedEmpty(db);
    throw new AppError('CONFLICT', `--db-dir: ${(e as Error).message}`, { issues: [{ field: '--db-dir', rule: 'is in use by another engine' }], cause: e });
  }
  // From here on every way out releases the lock: a normal end, an error, a signal, a fatal failure.
  let manager: AgentManager | null = null;
  // A live market connected for the first start (closed again if that start never happens).
  let initialLive: LiveTickSource | undefined;
  let interrupts = 0;
  let fatal = false;
  // The simulator's planning runs in a worker thread: a signal during it ends it at once.
  const planning = new AbortController();
  const endNow = (message: string): void => {
    if (fatal) return;
    fatal = true;
    lock.release();
    o.onFatal(message);
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    interrupts++;
    if (interrupts > 1) {
      log.log('warn', `${signal} again: stopping at once without waiting for the writer; every acknowledged event is in the book`);
      endNow(`stopped at once by a second ${signal}; a restart resumes from the book`);
      return;
    }
    log.log('info', `${signal}: stopping after the current chunk of ticks and committing what is queued (${signal} again stops at once)`);
    planning.abort();
    void manager?.stop(false).catch(() => undefined);
    wakeIdle?.();
  };
  // Set while the engine is stopped by the API and the daemon waits for a start or a signal.
  let wakeIdle: (() => void) | null = null;
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const opened: { close(): void }[] = [];
  let writer: ServiceWriter | null = null;
  let runner: ExperimentRunner | null = null;
  let stageRunner: RedisJobRunner | null = null;
  let rest: HttpListener | null = null;
  let dispatcher: WebhookDispatcher | null = null;
  let jobs: JobService | null = null;
  let governance: ReturnType<typeof openGovernance> | null = null;
  let bandit: ReturnType<typeof openBandit> | null = null;
  let tuner: ReturnType<typeof openTunerService> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let started = false;
  let failedBeforeStart = false;
  const tty = process.stderr.isTTY;
  const days = new DayLines((text) => process.stderr.write(`${tty ? '\r\x1b[2K' : ''}${text}\n`));
  try {
    // Opened here (main thread) for restore only; the writer thread owns all writes to these files.
    const book = TradeBook.open(files.auto);
    opened.push(book);
    const control = ControlStore.open(files.control);
    opened.push(control);
    // The manual book exists (migrated) from the first start, so readers can open it while we run.
    TradeBook.open(files.manual).close();
    writer = await (deps.startWriter ?? EventWriter.start)({
      bookPath: files.auto,
      controlPath: files.control,
      capacity: o.queueCapacity,
      ...(o.printAcks ? { onAck: (ids: readonly string[]) => process.stdout.write(`ack ${ids.join(' ')}\n`) } : {}),
      onPressure: (full) => manager?.onQueuePressure(full),
      // Crash-only: never trade on without storing. Everything acknowledged is in the book, and a restart
      // restores positions and the day's risk from it.
      onError: (e) => manager?.fail(e),
    });
    const recordings = join(dir, 'recordings');
    const events = new EventBus(() => Date.now());
    manager = new AgentManager({
      events,
      simConfig: loadSimConfig(),
      rateCards: loadRateCards(),
      sink: writer,
      book,
      control,
      wallNow: () => Date.now(),
      log: log,
      onTrade: (t) => days.trade(t.tradingDate, t.netPnl),
      // Governance (which keeps the arming) opens later; until then nothing is armed.
      liveArming: { armed: () => governance?.liveArming.armed() ?? false, disarm: (by, reason) => governance?.liveArming.disarm(by, reason) ?? false },
      onFatal: (e) => {
        const message = fatalMessage(e, dir);
        log.log('error', message, { error: e.message });
        endNow(message);
      },
      // Simulated ticks are regenerated from the seed, so they are recorded only when asked; a live feed
      // (--feed openalgo) is always recorded. Either way the directory keeps to its retention.
      ...(o.record || o.live !== undefined
        ? {
            recorder: (universe, utcOffsetMin) =>
              new TickRecorder({
                dir: recordings,
                universe,
                utcOffsetMin,
                maxBytes: o.recordingsMaxBytes,
                onPruned: (paths) => log.log('info', 'recordings over the retention limit: oldest day files deleted', { deleted: paths }),
                onError: (e) => {
                  // A full disk stops the service (the book is next); another recording failure only stops recording.
                  if (storageProblem(e) === 'disk-full') manager?.fail(Object.assign(e, { file: recordings }));
                  else log.log('error', 'tick recorder failed; trading continues, recording stopped', { error: e.message });
                },
              }),
          }
        : {}),
    });
    const engine = manager;
    // On OpenAlgo's live data each start (this one, and a start through the API after a stop) connects afresh.
    const openLive = o.live === undefined ? undefined : liveOpener(o.live, o.preset, o.seed, log, events, () => governance?.liveArming.armed() ?? false);
    // Money is at risk only in live: OpenAlgo's analyzer is a sandbox, paper as far as every rule goes.
    const moneyMode = (): 'paper' | 'live' => (engine.status().mode === 'live' ? 'live' : 'paper');
    // The simulator's days are planned in a worker thread (2.5–4 s for 250 days), never on this event loop.
    // Options it cannot plan (a bad date) give undefined: the start then checks them itself and names what is wrong.
    // A signal ends any planning; `signal` (the agent's, for a start through the API) ends that one (a stop).
    const planSim = async (p: { preset: string; startDate: string; days: number; seed: number }, signal?: AbortSignal): Promise<readonly DayPlan[] | undefined> => {
      log.log('info', `planning ${p.days} simulated days from ${p.startDate} (seed ${p.seed}) in a worker thread: the underlying's path of each day, no option ticks`);
      try {
        return await planSimDaysInWorker(loadSimConfig(), { underlying: defaultUnderlying(p.preset), startDate: p.startDate, days: p.days, seed: p.seed }, signal === undefined ? planning.signal : AbortSignal.any([planning.signal, signal]));
      } catch (e) {
        if (e instanceof DOMException && e.name === 'AbortError') throw e;
        return undefined;
      }
    };
    const brokerBooks = o.openAlgo === undefined ? undefined : openAlgoBrokerBooks(new OpenAlgoRest({ baseUrl: o.openAlgo.url, apiKey: o.openAlgo.apiKey }));
    const governanceOptions = {
      controlPath: files.control,
      engine,
      mode: moneyMode,
      now: () => Date.now(),
      events,
      recordingsDir: recordings,
      liveAvailable: () => o.live !== undefined,
      sim: () => ({ seed: o.seed, after: engine.feedClock()?.tradingDate ?? o.startDate }),
      log,
    };
    // The tuner runs on the agent's book (never the manual one), on demand and on its schedule, off the tick path;
    // keys come from this process's environment.
    const tunerOptions = (g: ReturnType<typeof openGovernance>, j: JobService | null) => ({
      controlPath: files.control,
      governance: g.governance,
      book,
      env: process.env,
      now: () => Date.now(),
      utcOffsetMin: () => engine.feedClock()?.utcOffsetMin ?? 330,
      log,
      // The offline tuner searches on the job pool, which runs with the API.
      ...(j === null ? {} : { offline: { jobs: j, recordingsDir: recordings, sim: governanceOptions.sim, simConfig: loadSimConfig() } }),
    });
    // The bandit decides on the agent's book (every tradesPerStep closed trades when enabled) and proposes through governance.
    const banditOptions = (g: ReturnType<typeof openGovernance>) => ({ controlPath: files.control, governance: g.governance, book, simConfig: loadSimConfig(), engine, mode: moneyMode, now: () => Date.now(), events, log });
    // The experiment queue's store is opened first: the API submits to it; its runner starts after the agent.
    const experiments = o.experiments > 0 ? ExperimentStore.open(files.control) : null;
    if (experiments !== null) opened.push(experiments);
    // The simulator's days are planned, or the live market connected, before the API opens, so that every
    // client sees the engine running (the planning is in a worker thread: a signal meanwhile ends it at once
    // and nothing starts).
    let initialPlans: readonly DayPlan[] | undefined;
    if (o.live === undefined && interrupts === 0) {
      try {
        initialPlans = await planSim({ preset: o.preset, startDate: o.startDate, days: o.days, seed: o.seed });
      } catch (e) {
        if (!(e instanceof DOMException && e.name === 'AbortError')) throw e;
        log.log('info', 'planning interrupted: nothing was started');
      }
    } else if (openLive !== undefined && o.live !== undefined && interrupts === 0) {
      // Live is refused before anything connects unless the trader's arming is in force (main checks it
      // before the database is touched; the agent refuses a live start without it in any case).
      if (o.live.mode === 'live' && !liveArmedIn(files.control)) throw notArmed();
      initialLive = await openLive(o.live.mode);
    }
    if (o.http !== null && interrupts === 0) {
      // Before the agent starts: a busy port fails the start cleanly, with nothing traded.
      const hooks = WebhookStore.open(files.control);
      opened.push(hooks);
      dispatcher = new WebhookDispatcher(hooks, { now: () => Date.now(), log: log, mode: moneyMode });
      dispatcher.start(events);
      const checkDataset = datasetChecker(loadSimConfig(), loadRateCards());
      // Backtests and sweeps submitted over the API run as jobs on the worker pool, never on this loop.
      jobs = openJobService({ controlPath: files.control, ...(o.queue === undefined ? {} : { queue: o.queue }) });
      const bus = events;
      jobs.on((e) => bus.publish(e.type, { job: e.job }));
      governance = openGovernance({ ...governanceOptions, jobs });
      tuner = openTunerService(tunerOptions(governance, jobs));
      bandit = openBandit(banditOptions(governance));
      rest = await startRestServer({
        jobs,
        governance: governance.governance,
        liveArming: governance.liveArming,
        // Reconciliation reads OpenAlgo's books whenever OpenAlgo is configured (the manual book too).
        ...(brokerBooks === undefined ? {} : { brokerBooks }),
        // Trading through OpenAlgo (analyzer or live), the day is reconciled with its tradebook by itself after the close.
        ...(brokerBooks !== undefined && o.live !== undefined && o.live.mode !== 'paper' ? { eod: { ...exchangeClock(o.preset), store: governance.settings, now: () => Date.now() } } : {}),
        tuner: tuner.service,
        bandit: bandit.bandit,
        logs: logRing,
        // A trade's premium chart: the run's own days first (a replay holds them, the simulator regenerates
        // them), then the recordings (a live feed's, or the simulator's with --record).
        premium: firstPremium([runSourcePremium(() => engine.runSource(), () => engine.feedClock()?.ts ?? null), recordedPremium(recordings)]),
        startDefaults: { preset: o.preset, seed: o.seed, days: o.days, startDate: o.startDate, simSpeed: o.simSpeed, ...(openLive === undefined ? { planSim } : { openLive, mode: o.live?.mode ?? 'paper' }) },
        address: o.http,
        allowRemote: o.http.allowRemote,
        files,
        agent: manager,
        autoBook: book,
        events,
        ...(experiments === null ? {} : { experiments: { store: experiments, now: () => Date.now(), checkDataset } }),
        webhooks: { store: hooks, dispatcher },
        log: log,
      });
      // Local clients (the CLI's proposals and params commands, the MCP bridge) find the API here, and
      // authenticate with the local trader token, written first so a client that sees the address has it.
      localTraderToken(dir, files.control, () => Date.now());
      writeDaemonFile(dir, { url: rest.url, pid: process.pid, startedTs: Date.now() });
      // Said once the daemon file is written: a client that reads this line finds the daemon.
      log.log('info', `REST API on ${rest.url}/api/v1 (OpenAPI at ${rest.url}/api/v1/openapi.json), MCP on ${rest.url}/mcp, the dashboard on ${rest.url}/; make a token with \`scalper token create\``);
    }
    governance ??= openGovernance(governanceOptions);
    tuner ??= openTunerService(tunerOptions(governance, null));
    bandit ??= openBandit(banditOptions(governance));
    if (interrupts === 0) {
      try {
        // A restart runs the parameter version in force (applied through governance) when it was made from this preset.
        const params = governance.governance.restoreFor(o.preset);
        if (params !== null) log.log('info', 'restoring the parameter version in force', { version: paramsVersion(params) });
        const live = initialLive;
        manager.start({ mode: o.live?.mode ?? 'paper', preset: o.preset, seed: o.seed, days: o.days, startDate: o.startDate, simSpeed: o.simSpeed, ...(params === null ? {} : { params }), ...(live === undefined ? {} : { live }), ...(initialPlans === undefined ? {} : { simPlans: initialPlans }) });
        started = true;
        const restored = manager.status();
        if (restored.tradingDate !== null) days.seed(restored.tradingDate, restored.today.trades, toMinor(Number(restored.today.realisedNet)));
      } catch (e) {
        // A query of the restore can meet a corrupt page the open did not read: name the file.
        if (storageProblem(e) === 'corrupt') {
          const bad = findCorruptFile([files.auto, files.control]) ?? dir;
          throw new DatabaseFileError(bad, 'corrupt', describeProblem(bad, 'corrupt', errorText(e)), { cause: e });
        }
        throw e;
      }
    }
    // The experiment queue works in the background, each stage in its own worker thread, or on the
    // research queue's workers when jobs run through Redis.
    if (experiments !== null) {
      if (o.queue?.kind === 'redis') stageRunner = new RedisJobRunner({ queue: o.queue });
      runner = new ExperimentRunner(experiments, stageRunner === null ? workerStageExecutor(files.control) : queueStageExecutor(stageRunner), () => Date.now(), log, o.experiments);
      const requeued = experiments.requeueInterrupted(Date.now());
      if (requeued > 0) log.log('info', 'experiments interrupted by a restart were queued again', { requeued });
      runner.start();
    }
    const agent = manager;
    const statusEveryMs = o.statusEveryMs ?? (tty ? 250 : 2000);
    let statusWritten = 0;
    timer = setInterval(() => {
      const s = agent.status();
      if (s.tradingDate !== null) days.reach(s.tradingDate);
      if (statusEveryMs === 0 || Date.now() - statusWritten < statusEveryMs) return;
      statusWritten = Date.now();
      // On a terminal one line redrawn in place, cut to its width (80 columns when unknown) so it never wraps.
      process.stderr.write(tty ? `\r\x1b[2K${fitLine(statusLine(s), (process.stderr.columns || 80) - 1)}` : `${statusLine(s)}\n`);
    }, tty ? 250 : 2000);
    await agent.done;
    // A stop through the API leaves the daemon up, so the trader can start again (POST /api/v1/engine/start);
    // Ctrl-C, a finished run or a failure ends it.
    while (rest !== null && interrupts === 0 && agent.status().state === 'stopped') {
      log.log('info', 'the engine was stopped through the API; the daemon keeps serving (POST /api/v1/engine/start to trade again, Ctrl-C to exit)');
      const restarted = await new Promise<boolean>((resolve) => {
        const off = events.subscribe((e) => {
          if (e.type === 'engine.state' && e.data.command === 'start') done(true);
        });
        const done = (v: boolean): void => {
          off();
          wakeIdle = null;
          resolve(v);
        };
        wakeIdle = () => done(false);
      });
      if (!restarted) break;
      await agent.done;
    }
    if (agent.status().state === 'finished') days.finish();
  } catch (e) {
    if (!started) failedBeforeStart = true;
    throw e;
  } finally {
    if (!started) initialLive?.stop();
    if (timer !== null) clearInterval(timer);
    if (rest !== null) removeDaemonFile(dir, process.pid);
    await rest?.close();
    // A run in flight is cancelled (its provider call aborted) and recorded as failed.
    await tuner?.close();
    await jobs?.close();
    await stageRunner?.close();
    bandit?.close();
    governance?.close();
    dispatcher?.close();
    await dispatcher?.idle();
    await runner?.stop();
    const s = manager?.status();
    await writer?.close(s?.simTime ?? 0);
    for (const store of opened.reverse()) store.close();
    lock.release();
    if (failedBeforeStart) {
      removeCreated(created);
      removeIfCreatedEmpty(db);
    }
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (s !== undefined && started) {
      process.stderr.write(`${tty ? '\n' : ''}serve: ${s.state}; ${s.today.trades} trades today, realised net ₹${s.today.realisedNet}; database ${dir}\n`);
    }
  }
}
