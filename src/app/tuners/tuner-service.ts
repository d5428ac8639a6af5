/**
 * The tuner service: runs a tuner (an LLM provider or the offline search) on the agent's own evidence, on demand or
 * on its schedule, records every run, and proposes what it returns through governance. A run is async and off the
 * tick path: the engine never waits on it, and a provider that hangs only keeps its own run open (one at a time).
 */
import type { ClosedTradeRecord } from '../../core/model/book-records.js';
import { AppError, toAppError } from '../errors.js';
import type { Governance } from '../governance/governance.js';
import { untunableReason } from './tunable-fields.js';
import { buildTunerContext } from './tuner-context.js';
import { DEFAULT_MODELS, DEFAULT_TUNER_CONFIG, TUNER_CONFIG_KEY, TunerConfigSchema, type StoredTunerConfig, type TunerConfig } from './tuner-config.js';
import { nextDue } from './tuner-schedule.js';
import type { Tuner, TunerProvider, TunerRunRecord } from './tuner.js';

export type TunerTrigger = 'demand' | 'schedule';

/** A run as the store keeps it. */
export interface TunerRun {
  readonly id: number;
  readonly provider: TunerProvider;
  readonly model: string | null;
  readonly baseUrl: string | null;
  readonly promptVersion: string | null;
  readonly trigger: TunerTrigger;
  readonly requestedBy: string;
  readonly status: 'running' | 'ended';
  readonly outcome: TunerRunRecord['outcome'] | null;
  readonly startedTs: number;
  readonly endedTs: number | null;
  readonly latencyMs: number | null;
  readonly tokens: { readonly input: number; readonly output: number } | null;
  readonly closedTrades: number;
  readonly paramsVersion: string | null;
  readonly notes: readonly string[];
  /** What it proposed: the governance proposal id, or null with the reason governance refused it. */
  readonly proposals: readonly { readonly id: number | null; readonly diff: Readonly<Record<string, unknown>>; readonly refused: string | null }[];
  /** The tuner's own summary: a model's words, untrusted. */
  readonly assessment: string | null;
}

/** The runs table (TunerRunStore implements it). */
export interface TunerRunBook {
  begin(r: { provider: TunerProvider; model: string | null; baseUrl: string | null; trigger: TunerTrigger; requestedBy: string; startedTs: number; closedTrades: number; paramsVersion: string | null }): TunerRun;
  end(
    id: number,
    e: { outcome: TunerRunRecord['outcome']; endedTs: number; latencyMs: number; model: string | null; promptVersion: string | null; tokens: TunerRun['tokens']; notes: readonly string[]; proposals: TunerRun['proposals']; assessment: string | null },
  ): boolean;
  get(id: number): TunerRun | undefined;
  list(limit: number): TunerRun[];
  running(): TunerRun[];
  lastScheduledTs(): number | null;
}

/** What a run asks of the factory: the provider, model and endpoint, and the call's limits. */
export interface TunerRequest {
  readonly provider: TunerProvider;
  readonly model: string | null;
  readonly baseUrl: string | null;
  readonly timeoutMs: number;
  readonly attempts: number;
}

/** Makes the tuner of one run; throws AppError UNAVAILABLE when the provider cannot run here (its key is not set, the offline tuner is not built). */
export type TunerFactory = (r: TunerRequest) => Tuner;

export interface TunerServiceDeps {
  readonly governance: Governance;
  /** The agent's book (never the manual one). */
  readonly book: { closedTrades(): ClosedTradeRecord[] };
  readonly runs: TunerRunBook;
  /** Where the config is kept (governance_settings). */
  readonly settings: { setting<T>(key: string): T | undefined; putSetting(key: string, value: unknown, ts: number): void };
  readonly tuners: TunerFactory;
  /** Wall time. */
  readonly now: () => number;
  /** The exchange's UTC offset in minutes, for a daily schedule's HH:MM. */
  readonly utcOffsetMin: () => number;
  readonly log?: (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void;
  /** Closed trades a run needs (30). */
  readonly minTrades?: number;
  /** How often the schedule is checked, ms (30 s). */
  readonly checkEveryMs?: number;
}

/** Closed trades in the agent's book a tuner needs before it runs. */
export const MIN_TRADES = 30;

const messageOf = (e: unknown): string => {
  const err = toAppError(e);
  const issues = err.issues.map((i) => `${i.field}: ${i.rule}`).join('; ');
  return issues === '' || err.message.includes(issues) ? err.message : `${err.message} (${issues})`;
};

export class TunerService {
  private inFlight: { readonly id: number; readonly abort: AbortController; readonly done: Promise<void> } | null = null;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(private readonly d: TunerServiceDeps) {}

  /** Ends the runs a stopped process left running, and starts checking the schedule. */
  start(): void {
    for (const r of this.d.runs.running()) {
      const now = this.d.now();
      this.d.runs.end(r.id, { ...this.unchanged(r), outcome: 'failed', endedTs: now, latencyMs: Math.max(0, now - r.startedTs), notes: [...r.notes, 'interrupted: the service stopped while the run was in flight (a restart does not resume it)'] });
    }
    this.timer = setInterval(() => this.checkSchedule(), this.d.checkEveryMs ?? 30_000);
    this.timer.unref();
  }

  config(): TunerConfig {
    return this.stored().config;
  }

  /** When the schedule next runs (epoch ms), null when it is off. */
  nextRunTs(): number | null {
    const s = this.stored();
    return nextDue(s.config.schedule, { lastRunTs: this.d.runs.lastScheduledTs(), setTs: s.scheduleSetTs, utcOffsetMin: this.d.utcOffsetMin() });
  }

  updateConfig(patch: Partial<TunerConfig>): TunerConfig {
    const before = this.stored();
    const config = TunerConfigSchema.parse({ ...before.config, ...patch });
    const scheduleChanged = JSON.stringify(config.schedule) !== JSON.stringify(before.config.schedule);
    this.d.settings.putSetting(TUNER_CONFIG_KEY, { config, scheduleSetTs: scheduleChanged ? this.d.now() : before.scheduleSetTs } satisfies StoredTunerConfig, this.d.now());
    return config;
  }

  runs(limit: number): TunerRun[] {
    return this.d.runs.list(limit);
  }

  get(id: number): TunerRun {
    const r = this.d.runs.get(id);
    if (r === undefined) throw new AppError('NOT_FOUND', `id: no tuner run ${id}`, { issues: [{ field: 'id', rule: `no tuner run ${id}` }] });
    return r;
  }

  /** Starts a scheduled run when one is due (called by the timer; a test calls it with its own clock). */
  checkSchedule(): TunerRun | null {
    if (this.closed || this.inFlight !== null) return null;
    const due = this.nextRunTs();
    if (due === null || this.d.now() < due) return null;
    try {
      return this.run({}, { trigger: 'schedule', by: 'schedule' });
    } catch (e) {
      this.d.log?.('error', 'the scheduled tuner run did not start', { error: e instanceof Error ? e.message : String(e) });
      return null;
    }
  }

  /**
   * Starts a run and answers at once with its record (running, or ended when skipped). Fields left out come from the
   * config. CONFLICT while another run is in flight; on demand, UNAVAILABLE when the provider cannot run here.
   */
  run(req: { readonly provider?: TunerProvider | undefined; readonly model?: string | undefined; readonly baseUrl?: string | undefined }, o: { readonly trigger: TunerTrigger; readonly by: string }): TunerRun {
    if (this.closed) throw new AppError('UNAVAILABLE', 'the tuner service is stopping');
    if (this.inFlight !== null) {
      throw new AppError('CONFLICT', `tuner run ${this.inFlight.id} is still running: one run at a time`, { hint: `follow it with GET /api/v1/tuner/runs/${this.inFlight.id}` });
    }
    const cfg = this.config();
    const provider = req.provider ?? cfg.provider;
    const configured = provider === cfg.provider;
    const request: TunerRequest = {
      provider,
      model: req.model ?? (configured ? cfg.model : null) ?? DEFAULT_MODELS[provider],
      baseUrl: req.baseUrl ?? (configured ? cfg.baseUrl : null),
      timeoutMs: cfg.timeoutSeconds * 1000,
      attempts: cfg.attempts,
    };
    const startedTs = this.d.now();
    const trades = this.d.book.closedTrades();
    const begin = (paramsVersion: string | null): TunerRun =>
      this.d.runs.begin({ provider, model: request.model, baseUrl: request.baseUrl, trigger: o.trigger, requestedBy: o.by, startedTs, closedTrades: trades.length, paramsVersion });
    const endNow = (run: TunerRun, outcome: 'skipped' | 'failed', note: string): TunerRun => {
      this.d.runs.end(run.id, { ...this.unchanged(run), outcome, endedTs: this.d.now(), latencyMs: 0, notes: [note] });
      return this.d.runs.get(run.id)!;
    };
    let tuner: Tuner;
    try {
      tuner = this.d.tuners(request);
    } catch (e) {
      // On demand the caller hears why at once; a scheduled run leaves a record of it.
      if (o.trigger === 'demand') throw e;
      return endNow(begin(null), 'failed', `the ${provider} tuner cannot run: ${messageOf(e)}`);
    }
    const min = this.d.minTrades ?? MIN_TRADES;
    const ctx = buildTunerContext(this.d.governance, trades);
    if ('skip' in ctx) return endNow(begin(null), 'skipped', ctx.skip);
    if (trades.length < min) {
      return endNow(begin(ctx.paramsVersion), 'skipped', `the agent’s book has ${trades.length} closed trade(s); a tuner runs on at least ${min} (the manual book never counts)`);
    }
    const run = begin(ctx.paramsVersion);
    const abort = new AbortController();
    const done = tuner
      .run(ctx, abort.signal)
      .then(
        (out) => this.finish(run, provider, out),
        (e: unknown) => {
          const now = this.d.now();
          this.d.log?.('error', 'a tuner failed', { run: run.id, provider, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
          this.d.runs.end(run.id, { ...this.unchanged(run), outcome: 'failed', endedTs: now, latencyMs: Math.max(0, now - startedTs), notes: [`the tuner failed: ${e instanceof Error ? e.message : String(e)}`] });
        },
      )
      .finally(() => {
        this.inFlight = null;
      });
    this.inFlight = { id: run.id, abort, done };
    this.d.log?.('info', 'tuner run started', { run: run.id, provider, model: request.model, trigger: o.trigger, closedTrades: trades.length });
    return run;
  }

  /** Resolves when no run is in flight. */
  async idle(): Promise<void> {
    await this.inFlight?.done;
  }

  /** Stops the schedule and cancels the run in flight (its provider call is aborted); resolves once it is recorded. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer !== null) clearInterval(this.timer);
    this.inFlight?.abort.abort();
    await this.idle();
  }

  private finish(run: TunerRun, provider: TunerProvider, out: Awaited<ReturnType<Tuner['run']>>): void {
    const notes = [...out.record.notes];
    const proposals: TunerRun['proposals'][number][] = [];
    out.proposals.forEach((p, i) => {
      // Whatever tuner made it: sizing, risk limits and session hours are never a tuner's to change.
      const untunable = Object.keys(p.diff)
        .map((f) => [f, untunableReason(f)] as const)
        .find(([, why]) => why !== null);
      if (untunable !== undefined) {
        const why = `${untunable[0]} ${untunable[1]!}`;
        proposals.push({ id: null, diff: p.diff, refused: why });
        notes.push(`proposal ${i + 1} refused: ${why}`);
        return;
      }
      try {
        const made = this.d.governance.propose(
          { diff: p.diff, rationale: p.rationale, ...(p.fittedTo === null ? {} : { fittedTo: p.fittedTo }), idempotencyKey: `tuner-run-${run.id}-${i + 1}` },
          provider === 'offline' ? 'offline' : 'llm',
          `tuner:${provider}`,
        );
        proposals.push({ id: made.proposal.id, diff: p.diff, refused: null });
      } catch (e) {
        const why = messageOf(e);
        proposals.push({ id: null, diff: p.diff, refused: why });
        notes.push(`proposal ${i + 1} refused by governance: ${why}`);
      }
    });
    const outcome = out.record.outcome === 'proposed' && !proposals.some((p) => p.id !== null) ? 'refused' : out.record.outcome;
    this.d.runs.end(run.id, {
      outcome,
      endedTs: this.d.now(),
      latencyMs: out.record.latencyMs,
      model: out.record.model,
      promptVersion: out.record.promptVersion,
      tokens: out.record.tokens,
      notes,
      proposals,
      assessment: out.record.assessment ?? null,
    });
    this.d.log?.(outcome === 'failed' ? 'warn' : 'info', 'tuner run ended', { run: run.id, provider, outcome, proposals: proposals.filter((p) => p.id !== null).map((p) => p.id) });
  }

  private unchanged(r: TunerRun): { model: string | null; promptVersion: string | null; tokens: TunerRun['tokens']; proposals: TunerRun['proposals']; assessment: string | null } {
    return { model: r.model, promptVersion: r.promptVersion, tokens: r.tokens, proposals: r.proposals, assessment: r.assessment };
  }

  private stored(): StoredTunerConfig {
    const s = this.d.settings.setting<Partial<StoredTunerConfig>>(TUNER_CONFIG_KEY);
    return { config: TunerConfigSchema.parse({ ...DEFAULT_TUNER_CONFIG, ...(s?.config ?? {}) }), scheduleSetTs: s?.scheduleSetTs ?? 0 };
  }
}
