/** A proposal's life: one transition table of states and named steps; anything outside it is refused. */
import { AppError } from '../errors.js';

export const PROPOSAL_STATES = ['proposed', 'gating', 'gate_passed', 'gate_failed', 'approved', 'applied', 'rejected', 'rolled_back'] as const;
export type ProposalState = (typeof PROPOSAL_STATES)[number];

export const PROPOSAL_STEPS = ['gate', 'pass', 'fail', 'approve', 'apply', 'reject', 'roll_back'] as const;
export type ProposalStep = (typeof PROPOSAL_STEPS)[number];

/**
 * The only legal moves. A proposal is gated (a backtest job on data it was not fitted on) before anyone
 * may approve it; only a passed gate can be approved, and only an approved proposal applied. A failed gate
 * can only be rejected. Applying another version (or rolling back) marks the applied one `rolled_back`.
 */
export const PROPOSAL_TRANSITIONS: Readonly<Record<ProposalState, Readonly<Partial<Record<ProposalStep, ProposalState>>>>> = {
  proposed: { gate: 'gating', reject: 'rejected' },
  gating: { pass: 'gate_passed', fail: 'gate_failed', reject: 'rejected' },
  gate_passed: { approve: 'approved', reject: 'rejected' },
  gate_failed: { reject: 'rejected' },
  approved: { apply: 'applied', reject: 'rejected' },
  applied: { roll_back: 'rolled_back' },
  rejected: {},
  rolled_back: {},
};

/** The state after `step`, or a CONFLICT naming the state and what is allowed from it. */
export function nextProposalState(id: number, from: ProposalState, step: ProposalStep): ProposalState {
  const to = PROPOSAL_TRANSITIONS[from][step];
  if (to === undefined) {
    const allowed = Object.keys(PROPOSAL_TRANSITIONS[from]);
    const rest = allowed.length === 0 ? 'it is final' : `from ${from} only ${allowed.join(', ')} ${allowed.length === 1 ? 'is' : 'are'} allowed`;
    throw new AppError('CONFLICT', `cannot ${step.replace('_', ' ')} proposal ${id}: it is ${from}; ${rest}`);
  }
  return to;
}
