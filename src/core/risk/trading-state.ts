/** The kernel's trading state, derived from three inputs: a kill, a trader's pause, and the day's loss limit. */
import type { TradingState } from '../model/events.js';

/**
 * Why entries may be blocked, kept apart so a new trading date clears only what belongs to a date:
 * - `halted`: the kill switch; holds across dates and restarts until a human resumes.
 * - `pausedReason`: a pause by the trader (or the runtime, e.g. a full event queue); holds across dates
 *   until resumed, because it is a command, not a risk figure.
 * - the daily loss limit: part of the date's risk state (DailyRisk.lossLimitHit), cleared at the first
 *   tick of the next exchange trading date.
 */
export class TradingStateInputs {
  halted = false;
  pausedReason: string | null = null;

  /** The state these inputs and the day's loss-limit flag give. */
  derive(lossLimitHit: boolean): TradingState {
    if (this.halted) return 'halted';
    return this.pausedReason !== null || lossLimitHit ? 'reducing' : 'active';
  }
}
