/** The job state machine: queued → running → done | failed | cancelled, as a transition table; any other move is refused. */
import { AppError } from '../errors.js';
import type { JobState } from './job-types.js';

/**
 * The legal moves. A queued job may also fail without running (the service stopped, or a restart
 * found it); done, failed and cancelled are final.
 */
export const TRANSITIONS: Readonly<Record<JobState, readonly JobState[]>> = {
  queued: ['running', 'cancelled', 'failed'],
  running: ['done', 'failed', 'cancelled'],
  done: [],
  failed: [],
  cancelled: [],
};

export const canMove = (from: JobState, to: JobState): boolean => TRANSITIONS[from].includes(to);

export const isFinal = (state: JobState): boolean => TRANSITIONS[state].length === 0;

/** Throws CONFLICT for an illegal move of job `id`. */
export function checkMove(id: string, from: JobState, to: JobState): void {
  if (!canMove(from, to)) {
    throw new AppError('CONFLICT', `job ${id} is ${from}; it cannot become ${to}`, { issues: [{ field: 'id', rule: `a ${from} job cannot become ${to}` }] });
  }
}
