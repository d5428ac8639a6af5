/** Works through the experiment queue: validations first, then quick tests, with a concurrency limit; never blocks the caller's loop. */
import type { Logger } from '../core/ports.js';
import type { Experiment, ExperimentStatus, StageResult } from './experiment-idea.js';
import { quickVerdict, validationVerdict } from './stage-rules.js';

/** The queue as the runner needs it (ExperimentStore implements it). */
export interface ExperimentQueue {
  claim(from: 'pending' | 'passed_quick', to: 'running' | 'validating', ts: number): Experiment | undefined;
  record(id: number, stage: 'quick' | 'validation', result: StageResult | null, status: ExperimentStatus, reason: string, ts: number): void;
}

/** Runs a stage somewhere (in a worker thread in the service, in-process in the CLI). */
export type StageExecutor = (exp: Experiment, stage: 'quick' | 'validation') => Promise<StageResult>;

export class ExperimentRunner {
  private active = 0;
  private stopped = false;
  private timer: NodeJS.Timeout | null = null;
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly queue: ExperimentQueue,
    private readonly execute: StageExecutor,
    private readonly now: () => number,
    private readonly log: Logger,
    private readonly concurrency = 1,
  ) {}

  /** Claims and finishes one piece of work (a validation if one is waiting, else a quick test); false when idle. */
  async runOnce(): Promise<boolean> {
    const validating = this.queue.claim('passed_quick', 'validating', this.now());
    const exp = validating ?? this.queue.claim('pending', 'running', this.now());
    if (exp === undefined) return false;
    const stage = validating !== undefined ? 'validation' : 'quick';
    try {
      const result = await this.execute(exp, stage);
      const verdict = stage === 'quick' ? quickVerdict(result, exp.targetMetric) : validationVerdict(result, exp.targetMetric);
      const status: ExperimentStatus = stage === 'quick' ? (verdict.passed ? 'passed_quick' : 'rejected') : verdict.passed ? 'validated' : 'failed_validation';
      this.queue.record(exp.id, stage, result, status, verdict.reason, this.now());
      this.log.log('info', `experiment ${exp.id} ${status}`, { title: exp.title, reason: verdict.reason });
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      this.queue.record(exp.id, stage, null, 'error', reason, this.now());
      this.log.log('warn', `experiment ${exp.id} failed to run`, { reason });
    }
    return true;
  }

  /** Runs everything queued (including validations that quick passes create) and resolves when idle. */
  async drain(): Promise<number> {
    let n = 0;
    while (await this.runOnce()) n++;
    return n;
  }

  /** Background mode: up to `concurrency` stages at once, polling the queue every `pollMs` when idle. */
  start(pollMs = 2_000): void {
    const tick = (): void => {
      if (this.stopped) return;
      while (this.active < this.concurrency) {
        this.active++;
        const p = this.runOnce()
          .then((worked) => {
            if (!worked) this.schedule(tick, pollMs);
            else this.schedule(tick, 0);
          })
          .finally(() => {
            this.active--;
            this.running.delete(p);
          });
        this.running.add(p);
        if (this.active >= this.concurrency) break;
      }
    };
    tick();
  }

  /** Stops claiming work and waits for the stages already running. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    await Promise.all([...this.running]);
  }

  private schedule(fn: () => void, ms: number): void {
    if (this.stopped) return;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(fn, ms);
  }
}
