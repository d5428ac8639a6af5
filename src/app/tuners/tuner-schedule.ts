/** When the tuner's schedule next wants a run: an interval after the last scheduled run (or after the schedule was set), or the first HH:MM in exchange time after it. */
import type { TunerSchedule } from './tuner-config.js';

const DAY_MS = 86_400_000;

/**
 * The epoch ms at which the next scheduled run is due, or null when the schedule is off. `lastRunTs` is the start of
 * the last scheduled run (null when none since), `setTs` when the schedule was set; a daemon that was down at the
 * due time runs once when it is back, not once per missed time.
 */
export function nextDue(s: TunerSchedule, o: { readonly lastRunTs: number | null; readonly setTs: number; readonly utcOffsetMin: number }): number | null {
  const anchor = Math.max(o.lastRunTs ?? Number.NEGATIVE_INFINITY, o.setTs);
  switch (s.kind) {
    case 'off':
      return null;
    case 'interval':
      return anchor + s.minutes * 60_000;
    case 'daily': {
      const offsetMs = o.utcOffsetMin * 60_000;
      const localDayStart = Math.floor((anchor + offsetMs) / DAY_MS) * DAY_MS;
      const at = localDayStart + (Number(s.at.slice(0, 2)) * 60 + Number(s.at.slice(3, 5))) * 60_000 - offsetMs;
      return at > anchor ? at : at + DAY_MS;
    }
  }
}
