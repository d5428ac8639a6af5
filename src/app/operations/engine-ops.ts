/** Engine operations: status, pause and resume entries, kill, stop. */
import { z } from 'zod';
import { AppError } from '../errors.js';
import type { AppDeps } from '../app-deps.js';
import { AGENT_STATES } from '../runtime/agent-lifecycle.js';
import { allowed, defineOperation } from '../registry/operation.js';
import { PRESET_NAMES } from '../../core/params/presets.js';
import { ParamOverridesSchema } from '../../core/params/schema.js';
import { LockSchema } from './lock-ops.js';
import { previewEngineAction, requireEngineConfirmation } from '../runtime/engine-confirmations.js';

const rupees = (what: string) => z.string().regex(/^-?\d+\.\d{2}$/).describe(`${what}, rupees as a decimal string (exact to the paisa)`);

export const StatusSchema = z
  .object({
    state: z.enum(AGENT_STATES).describe('Agent lifecycle state.'),
    mode: z.enum(['paper', 'analyzer', 'live']).nullable().describe('Trading mode of the run: paper (our paper broker), analyzer (OpenAlgo’s sandbox) or live (the broker, armed); null before a start.'),
    liveArming: z
      .object({ armed: z.boolean().describe('Live arming is in force.'), untilTs: z.number().nullable().describe('When it lapses, epoch ms.') })
      .nullable()
      .describe('Live arming (the trader’s bounded permission for live orders); null where no daemon keeps it.'),
    feed: z
      .object({
        kind: z.enum(['simulator', 'replay', 'live']).describe('Where ticks come from: the simulator, a replayed dataset, or a live market (paper trading on live data).'),
        underlying: z.string().describe('Underlying index or dataset name.'),
        speed: z.string().describe('Simulated speed, e.g. "600x" or "max"; "live" on a live market.'),
        connection: z
          .object({
            state: z.string().describe('The feed: connecting, live, stale (silent, being recovered), fallback (on REST quotes), auth_failed or stopped.'),
            connected: z.boolean().describe('Connected and authenticated.'),
            reconnects: z.number().describe('Connections opened after the first.'),
            lastError: z.string().nullable().describe('The last error, null when none.'),
          })
          .nullable()
          .describe('The live feed’s connection; null for the simulator and replays.'),
      })
      .nullable()
      .describe('The market feed, null before a start.'),
    heartbeatAgeMs: z.number().nullable().describe('Wall milliseconds since the last processed tick.'),
    simTime: z.number().nullable().describe('Tick time of the last processed tick, epoch ms.'),
    tradingState: z.string().nullable().describe('Kernel trading state: active, reducing (no entries) or halted (killed).'),
    tradingDate: z.string().nullable().describe('Exchange trading date of the risk state, YYYY-MM-DD.'),
    paramsVersion: z.string().nullable().describe('Version id of the parameters in force.'),
    preset: z.string().nullable().describe('Preset the run started from.'),
    position: z
      .object({
        tradeId: z.string().describe('Trade id, e.g. 2026-01-05#3.'),
        side: z.string().describe('CE or PE.'),
        symbol: z.string().describe('Option symbol.'),
        qty: z.number().describe('Units held.'),
        avgEntry: rupees('Average entry price'),
        stop: rupees('Current stop'),
        stage: z.string().describe('Which rule set the stop (initial, breakeven, trail, …).'),
        unrealisedNet: rupees('Open P&L net of charges paid'),
        exitAttempts: z.number().describe('Rejected exit attempts so far.'),
        exitStuck: z.boolean().describe('Alarm: the exit keeps being rejected (it is still retried).'),
      })
      .nullable()
      .describe('The open position, null when flat.'),
    today: z
      .object({
        realisedNet: rupees('Realised net P&L of the trading date'),
        netIncludingOpen: rupees('Realised plus open net P&L'),
        trades: z.number().describe('Closed trades on the trading date.'),
      })
      .describe('Today’s figures.'),
    risk: z
      .object({
        consecutiveLosses: z.number().describe('Losing trades in a row.'),
        winStreak: z.number().describe('Winning trades in a row.'),
        lossLimitHit: z.boolean().describe('The daily loss limit stopped entries for the date.'),
        cooldownUntil: z.number().nullable().describe('Loss cooldown end, epoch ms, null when none.'),
        breakerUntil: z.number().nullable().describe('Loss breaker end, epoch ms, null when none.'),
        flipCooldownUntil: z.number().nullable().describe('Flip cooldown end, epoch ms, null when none.'),
        dailyLossHeadroom: rupees('Loss still allowed today before the daily limit'),
      })
      .nullable()
      .describe('Risk state and headroom, null before a start.'),
    queue: z
      .object({
        pending: z.number().describe('Events waiting to be committed.'),
        droppedNonTrade: z.number().describe('Non-trade events dropped while the queue was full.'),
      })
      .describe('The event queue to the database writer.'),
    instruments: z
      .array(
        z
          .object({
            symbol: z.string().describe('Instrument symbol.'),
            role: z.enum(['underlying', 'CE', 'PE', 'position']).describe('Why the agent watches it: the underlying, the chosen call or put strike, or the held option.'),
            lastTickTs: z.number().nullable().describe('Tick time of its last tick, epoch ms; null when none arrived in this run.'),
            ageMs: z.number().nullable().describe('Feed milliseconds since its last tick (newest tick on any instrument minus its last); null when none.'),
          })
          .describe('One watched instrument.'),
      )
      .describe('Last-tick age of each instrument the agent watches.'),
    locks: z.array(LockSchema).describe('Entry locks in force.'),
    pausedReason: z.string().nullable().describe('Why entries are paused (the trader’s reason, a loss limit, a position mismatch, live arming ended), null when they are not.'),
    alarms: z
      .array(
        z
          .object({
            kind: z.enum(['positions', 'live_arming', 'exit_stuck', 'feed']).describe('positions: ours differ from the broker’s; live_arming: it ended while trading live; exit_stuck: the exit keeps being rejected; feed: the live feed is not connected.'),
            message: z.string().describe('What is wrong and what to do.'),
          })
          .describe('An alarm in force.'),
      )
      .describe('Alarms in force now (each is also published as an alarm.* event when it starts).'),
    research: z
      .object({
        backend: z.enum(['local', 'redis']).describe('Where research jobs run: worker threads of the daemon (local) or `scalper worker` processes through Redis (serve --queue).'),
        url: z.string().nullable().describe('The Redis queue (password masked); null for local.'),
        reachable: z.boolean().describe('Whether the backend answered (Redis within a second).'),
        waiting: z.number().nullable().describe('Tasks waiting in the Redis queue for a worker (a sweep cell counts one); null for local.'),
        active: z.number().nullable().describe('Tasks a worker is running now; null for local.'),
        failed: z.number().nullable().describe('Tasks that failed on every attempt (their worker died or stalled each time), kept a day; null for local.'),
        workers: z.number().nullable().describe('Worker threads (local) or connected `scalper worker` processes (Redis).'),
        jobsQueued: z.number().describe('Jobs waiting in the daemon for room in the backend.'),
        jobsRunning: z.number().describe('Jobs the daemon has handed to the backend and not yet seen end.'),
      })
      .nullable()
      .describe('The research job backend, its queue depths and workers; null when the daemon runs no job service (no API).'),
    currency: z.literal('INR').describe('Currency of every money figure.'),
  })
  .describe('Engine status.');

const EngineResultSchema = z
  .object({
    state: z.enum(AGENT_STATES).describe('Agent state after the command.'),
    tradingState: z.string().nullable().describe('Kernel trading state after the command.'),
  })
  .describe('The engine after the command.');

const confirmationToken = z.string().min(1).max(200).optional().describe('Live mode: the single-use token engine.preview gave for this step (60 s); paper needs none.');

const after = (deps: AppDeps): z.input<typeof EngineResultSchema> => {
  const s = deps.agent.status();
  return { state: s.state, tradingState: s.tradingState };
};

export const getStatus = defineOperation({
  name: 'engine.status',
  summary: 'The engine now: state, mode, feed heartbeat, open position with its stop, today’s P&L, risk headroom, queue, alarms.',
  kind: 'query',
  scopes: ['agent', 'automation'],
  idempotent: true,
  http: { method: 'GET', path: '/status' },
  input: z.object({}).strict().describe('No input.'),
  output: StatusSchema,
  handler: async (deps: AppDeps) => {
    const s = deps.agent.status();
    const armed = deps.liveArming?.state();
    const research = deps.jobs === undefined ? null : await deps.jobs.backendStatus();
    return { ...s, liveArming: armed === undefined ? null : { armed: armed.armed, untilTs: armed.untilTs }, instruments: [...s.instruments], locks: [...s.locks], alarms: [...s.alarms], research };
  },
});

export const startEngine = defineOperation({
  name: 'engine.start',
  summary: 'Start trading again after a stop (the daemon’s own settings unless given): paper on the simulator or the live feed, OpenAlgo’s analyzer, or live once the trader has armed it. A run with the same seed and start date resumes where it stopped.',
  kind: 'command',
  scopes: [],
  idempotent: false,
  http: { method: 'POST', path: '/engine/start' },
  input: z
    .object({
      mode: z
        .enum(['paper', 'analyzer', 'live'])
        .optional()
        .describe('paper; analyzer (OpenAlgo’s sandbox) or live need a daemon on `--feed openalgo`, and live needs the trader’s arming in force. Default: the daemon’s mode, or paper when it runs live (live is always asked for by name).'),
      preset: z.enum(PRESET_NAMES).optional().describe('Parameter preset; default the daemon’s.'),
      overrides: ParamOverridesSchema.optional().describe('Parameter overrides on the preset (each checked against its bounds).'),
      seed: z.number().int().min(0).max(0xffffffff).optional().describe('Simulator seed; default the daemon’s.'),
      days: z.number().int().min(1).max(250).optional().describe('Simulated trading days; default the daemon’s.'),
      startDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD').optional().describe('First simulated trading date; default the daemon’s.'),
      simSpeed: z.union([z.number().positive().max(1e6), z.literal('max')]).optional().describe('Simulated ms per wall ms, or "max"; default the daemon’s.'),
    })
    .strict()
    .describe('What to start.'),
  output: EngineResultSchema,
  handler: async (deps: AppDeps, input) => {
    const d = deps.startDefaults;
    if (d === undefined) throw new AppError('UNAVAILABLE', 'this process cannot start the engine: start it with `scalper serve`');
    const mode = input.mode ?? (d.mode === 'analyzer' ? 'analyzer' : 'paper');
    if (mode === 'live' && deps.liveArming?.armed() !== true) {
      throw new AppError('FORBIDDEN', 'mode: live trading is not armed; only the trader arms it, for a bounded time (POST /api/v1/engine/live/arm or `scalper arm-live arm --minutes N`), never a model', { issues: [{ field: 'mode', rule: 'live is not armed' }] });
    }
    if (mode !== 'paper' && d.openLive === undefined) {
      throw new AppError('INVALID_INPUT', `mode: ${mode} sends orders through OpenAlgo: start the daemon with \`scalper serve --feed openalgo\``, { issues: [{ field: 'mode', rule: 'needs the OpenAlgo feed' }] });
    }
    const startDate = input.startDate ?? d.startDate;
    const preset = input.preset ?? d.preset;
    // Without overrides, the parameter version in force (if made from this preset) runs again, as after a restart.
    const inForce = input.overrides === undefined ? (deps.governance?.restoreFor(preset) ?? null) : null;
    // `defaults` carries the daemon's mode too; the mode chosen above is set after it.
    const { openLive, planSim, ...defaults } = d;
    const seed = input.seed ?? d.seed;
    const days = input.days ?? d.days;
    const live = openLive === undefined ? undefined : await openLive(mode);
    const options = {
      ...defaults,
      ...(live === undefined ? {} : { live }),
      mode,
      preset,
      seed,
      days,
      startDate,
      simSpeed: input.simSpeed === undefined ? d.simSpeed : input.simSpeed === 'max' ? Infinity : input.simSpeed,
      ...(input.overrides === undefined ? {} : { overrides: input.overrides }),
      ...(inForce === null ? {} : { params: inForce }),
    };
    try {
      // On the simulator the days are planned off the event loop; a stop meanwhile cancels this start.
      if (live === undefined && planSim !== undefined) await deps.agent.startPlanned(options, (signal) => planSim({ preset, startDate, days, seed }, signal));
      else await deps.agent.start(options);
    } catch (e) {
      // A refused start (e.g. already running) closes the live connection it would have used.
      live?.stop();
      if (e instanceof DOMException && e.name === 'AbortError') throw new AppError('UNAVAILABLE', 'the daemon is stopping: the start was not made');
      throw e;
    }
    return after(deps);
  },
});

export const pauseEntries = defineOperation({
  name: 'engine.pause',
  summary: 'Pause new entries (open positions keep their exits). Any scope may pause: it only tightens.',
  kind: 'command',
  scopes: ['agent', 'automation'],
  idempotent: false,
  http: { method: 'POST', path: '/engine/pause' },
  input: z
    .object({ reason: z.string().trim().min(1).max(200).default('paused').describe('Why; shown in status and the audit log.') })
    .strict()
    .describe('Pause entries.'),
  output: EngineResultSchema,
  handler: (deps: AppDeps, input, ctx) => {
    deps.agent.pause(`${input.reason} (${ctx.principal.name})`);
    return after(deps);
  },
});

export const resumeEntries = defineOperation({
  name: 'engine.resume',
  summary: 'Resume entries after a pause; after a kill only the trader may resume.',
  kind: 'command',
  scopes: ['automation'],
  idempotent: false,
  http: { method: 'POST', path: '/engine/resume' },
  input: z.object({}).strict().describe('No input.'),
  output: EngineResultSchema,
  handler: (deps: AppDeps, _input, ctx) => {
    if (deps.agent.status().state === 'killed' && ctx.principal.scope !== 'trader') {
      throw new AppError('FORBIDDEN', 'the agent was killed: only the trader may resume it');
    }
    deps.agent.resume();
    return after(deps);
  },
});

export const killEngine = defineOperation({
  name: 'engine.kill',
  summary: 'Kill switch: flatten the open position and halt until the trader resumes.',
  kind: 'command',
  scopes: ['agent', 'automation'],
  idempotent: false,
  http: { method: 'POST', path: '/engine/kill' },
  input: z.object({}).strict().describe('No input.'),
  output: EngineResultSchema,
  handler: (deps: AppDeps) => {
    deps.agent.kill();
    return after(deps);
  },
});

export const stopEngine = defineOperation({
  name: 'engine.stop',
  summary: 'Stop the run, optionally flattening the open position first; waits until every event is committed. In live, preview it first for the confirmation token.',
  kind: 'command',
  scopes: [],
  idempotent: false,
  http: { method: 'POST', path: '/engine/stop' },
  input: z
    .object({ flatten: z.boolean().default(false).describe('Exit the open position before stopping.'), confirmationToken })
    .strict()
    .describe('Stop the engine.'),
  output: EngineResultSchema,
  handler: async (deps: AppDeps, input, ctx) => {
    requireEngineConfirmation(deps, ctx, previewEngineAction(deps, 'stop', input.flatten), input.confirmationToken);
    await deps.agent.stop(input.flatten);
    return after(deps);
  },
});

export const setEntries = defineOperation({
  name: 'engine.entries',
  summary: 'Pause new entries (with a reason) or resume them: pause and resume in one command. Resuming is for the scopes engine.resume allows; after a kill, the trader’s alone.',
  kind: 'command',
  scopes: ['agent', 'automation'],
  idempotent: false,
  http: { method: 'POST', path: '/engine/entries' },
  input: z
    .object({
      enabled: z.boolean().describe('true resumes entries, false pauses them.'),
      reason: pauseEntries.input.shape.reason.optional().describe('Why (for a pause); shown in status and the audit log.'),
    })
    .strict()
    .describe('Entries on or off.'),
  output: EngineResultSchema,
  handler: (deps: AppDeps, input, ctx) => {
    if (input.enabled) {
      // The same scopes as engine.resume: an agent may pause, never resume.
      if (!allowed(resumeEntries, ctx.principal.scope)) throw new AppError('FORBIDDEN', `resuming entries is not allowed to the ${ctx.principal.scope} scope (mode ${ctx.mode}): an agent may pause; the trader or an automation resumes`);
      return resumeEntries.handler(deps, {}, ctx);
    }
    return pauseEntries.handler(deps, { reason: input.reason ?? 'paused' }, ctx);
  },
});

export const forceExit = defineOperation({
  name: 'engine.force-exit',
  summary: 'Exit the open position now at market (reason force_exit); entries go on unless paused. The trader only; in live, preview it first for the confirmation token.',
  kind: 'command',
  scopes: [],
  idempotent: true,
  http: { method: 'POST', path: '/positions/exit' },
  input: z.object({ confirmationToken }).strict().describe('The exit.'),
  output: z.object({ exited: z.boolean().describe('False when there was no open position.'), state: z.enum(AGENT_STATES).describe('Agent state.') }).describe('The exit.'),
  handler: (deps: AppDeps, input, ctx) => {
    requireEngineConfirmation(deps, ctx, previewEngineAction(deps, 'force-exit', false), input.confirmationToken);
    return { exited: deps.agent.forceExit(), state: deps.agent.status().state };
  },
});

export const previewEngineOp = defineOperation({
  name: 'engine.preview',
  summary: 'Before a stop or a forced exit: what it would do now to the open position and, in live mode, the trader’s single-use confirmation token for it (60 s, bound to the action, its options and the open trade).',
  kind: 'command',
  scopes: [],
  idempotent: false,
  http: { method: 'POST', path: '/engine/preview' },
  input: z
    .object({
      action: z.enum(['stop', 'force-exit']).describe('The step to preview: stop (engine.stop) or force-exit (engine.force-exit).'),
      flatten: stopEngine.input.shape.flatten.describe('For stop: exit the open position before stopping (the token is bound to this choice).'),
    })
    .strict()
    .describe('The step to preview.'),
  output: z
    .object({
      action: z.enum(['stop', 'force-exit']).describe('The step previewed.'),
      effect: z.string().describe('What the step would do now.'),
      state: z.enum(AGENT_STATES).describe('Agent state now.'),
      position: StatusSchema.shape.position.describe('The open position the step would act on, null when flat.'),
      confirmationToken: z.string().nullable().describe('Live mode: send it with the step within 60 s (single use). Null in paper or when the step would do nothing.'),
      expiresTs: z.number().nullable().describe('When the token lapses, epoch ms; null without a token.'),
    })
    .describe('The preview.'),
  handler: (deps: AppDeps, input, ctx) => {
    const preview = previewEngineAction(deps, input.action, input.flatten);
    const s = deps.agent.status();
    const tokens = deps.governance?.confirmations;
    const t = ctx.mode === 'live' && !preview.noop && tokens !== undefined ? tokens.issue(`engine.${input.action}`, preview.subject, ctx.principal.name) : null;
    return { action: input.action, effect: preview.effect, state: s.state, position: s.position, confirmationToken: t?.token ?? null, expiresTs: t?.expiresTs ?? null };
  },
});

export const listPositions = defineOperation({
  name: 'positions.list',
  summary: 'The open positions with their stop, trail stage and open P&L net of charges (the agent holds at most one).',
  kind: 'query',
  scopes: ['agent', 'automation'],
  idempotent: true,
  http: { method: 'GET', path: '/positions' },
  input: z.object({}).strict().describe('No input.'),
  output: z.object({ positions: z.array(StatusSchema.shape.position.unwrap()).describe('Open positions.') }).describe('Positions.'),
  handler: (deps: AppDeps) => {
    const p = deps.agent.status().position;
    return { positions: p === null ? [] : [p] };
  },
});
