/**
 * The gate backtest as a job: the proposal and the set in force on the same window, after the data the
 * proposal was fitted on (the newest recordings, or the simulator when there are none), compared by the
 * bootstrap of the per-trade difference. It passes only when the proposal makes enough trades, more net
 * P&L, and its interval of the difference lies above zero: deliberately strict, so a fit to noise fails.
 */
import { dateToDayNumber, dayNumberToDate } from '../../core/calendar/exchange-time.js';
import { presetParams, type PresetName } from '../../core/params/presets.js';
import type { Params } from '../../core/params/schema.js';
import type { CompareRunsOutput } from '../jobs/compare-job.js';
import type { JobService } from '../jobs/job-service.js';
import type { GatePort, GateResult } from './governance.js';
import type { GovernanceSettings } from './governance-settings.js';
import { paramsDiff } from './proposal-checks.js';

export interface GateJobsDeps {
  readonly jobs: Pick<JobService, 'submit' | 'get' | 'on'>;
  /** Trading dates with a tick recording, ascending, and the directory they are in. */
  readonly recordings: () => { readonly dir: string; readonly dates: readonly string[] };
  /** The simulator's window when there are no recordings: its seed, and the date the gate starts after when the proposal says none. */
  readonly sim: () => { readonly seed: number; readonly after: string };
  readonly onEnded: (proposalId: number, result: GateResult) => void;
}

/** The parameters as overrides on their preset (what a backtest spec takes). */
function overridesOf(preset: string, params: Params): Record<string, unknown> {
  const base = presetParams(preset as PresetName);
  return Object.fromEntries(Object.entries(paramsDiff(base, params)).map(([k, [, to]]) => [k, to]));
}

const nextDay = (date: string): string => dayNumberToDate(dateToDayNumber(date) + 1);

export class JobGate implements GatePort {
  private readonly pending = new Map<string, { proposalId: number; settings: GovernanceSettings; window: Record<string, unknown> }>();

  constructor(private readonly d: GateJobsDeps) {
    d.jobs.on((e) => {
      if (e.type === 'job.done' || e.type === 'job.failed' || e.type === 'job.cancelled') this.settle(e.job.id);
    });
  }

  start(o: { proposalId: number; current: Params; candidate: Params; preset: string; fittedTo: string | null; settings: GovernanceSettings }): { jobId: string } {
    const window = this.window(o.fittedTo, o.settings.gateDays);
    const spec = (params: Params) => ({ ...window, preset: o.preset, overrides: overridesOf(o.preset, params) });
    const job = this.d.jobs.submit('compare', { a: { backtest: spec(o.current) }, b: { backtest: spec(o.candidate) }, seed: o.proposalId, confidence: o.settings.gateConfidence }, 'governance');
    this.pending.set(job.id, { proposalId: o.proposalId, settings: o.settings, window });
    // The same comparison may already be done (a cached run key): settle after the proposal has moved to gating.
    if (job.state === 'done' || job.state === 'failed' || job.state === 'cancelled') setImmediate(() => this.settle(job.id));
    return { jobId: job.id };
  }

  /**
   * After a restart: follows the gate job of a proposal still `gating` (the job service ended the jobs the
   * restart interrupted as failed, so such a gate fails and says why; the proposal can be made again).
   */
  resume(proposalId: number, jobId: string, settings: GovernanceSettings): void {
    let state: string;
    try {
      state = this.d.jobs.get(jobId).state;
    } catch {
      this.d.onEnded(proposalId, { passed: false, reason: `the gate job ${jobId} is gone; propose again`, evidence: { job: jobId } });
      return;
    }
    this.pending.set(jobId, { proposalId, settings, window: {} });
    if (state === 'done' || state === 'failed' || state === 'cancelled') this.settle(jobId);
  }

  /** The window after `fittedTo`: the newest `days` recorded dates after it, else `days` simulated days starting the day after. */
  private window(fittedTo: string | null, days: number): Record<string, unknown> {
    const rec = this.d.recordings();
    if (rec.dates.length > 0) {
      const unseen = rec.dates.filter((d) => fittedTo === null || d > fittedTo);
      // No recorded day after the fit: the gate cannot test out of sample on recordings; the simulator does.
      if (unseen.length > 0) {
        const chosen = unseen.slice(-days);
        return { data: rec.dir, from: chosen[0]!, to: chosen[chosen.length - 1]! };
      }
    }
    const sim = this.d.sim();
    return { days, seed: sim.seed, startDate: nextDay(fittedTo ?? sim.after) };
  }

  private settle(jobId: string): void {
    const p = this.pending.get(jobId);
    if (p === undefined) return;
    const job = this.d.jobs.get(jobId);
    if (job.state !== 'done' && job.state !== 'failed' && job.state !== 'cancelled') return;
    this.pending.delete(jobId);
    if (job.state !== 'done') {
      this.d.onEnded(p.proposalId, { passed: false, reason: `the gate backtest ${job.state}: ${JSON.stringify(job.error ?? null).slice(0, 200)}`, evidence: { job: jobId, window: p.window } });
      return;
    }
    this.d.onEnded(p.proposalId, judge(job.result as CompareRunsOutput, p.settings, jobId, p.window));
  }
}

/** The gate's rule on a comparison (A: the set in force, B: the proposal). */
export function judge(c: CompareRunsOutput, s: GovernanceSettings, jobId: string, window: Record<string, unknown>): GateResult {
  const evidence = {
    job: jobId,
    window,
    current: { trades: c.a.trades, netPnl: c.a.netPnl, meanPerTrade: c.meanA },
    proposal: { trades: c.b.trades, netPnl: c.b.netPnl, meanPerTrade: c.meanB },
    difference: c.difference,
    interval: c.ci,
    confidence: c.confidence,
  };
  if (c.b.trades < s.gateMinTrades) return { passed: false, reason: `the proposal made ${c.b.trades} trade(s) in the gate window; at least ${s.gateMinTrades} are needed`, evidence };
  if (!(Number(c.b.netPnl) > Number(c.a.netPnl))) return { passed: false, reason: `net P&L ₹${c.b.netPnl} is not above the set in force’s ₹${c.a.netPnl}`, evidence };
  if (!c.bBetter) return { passed: false, reason: `the ${c.confidence * 100}% interval of the per-trade difference (₹${c.ci.low} to ₹${c.ci.high}) does not lie above 0`, evidence };
  return { passed: true, reason: `more net P&L (₹${c.b.netPnl} vs ₹${c.a.netPnl}) and the ${c.confidence * 100}% interval of the per-trade difference lies above 0 (₹${c.ci.low} to ₹${c.ci.high})`, evidence };
}
