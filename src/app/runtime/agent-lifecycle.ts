/** The agent's lifecycle: one transition table of states and named commands; anything outside it is refused with an error. */
import { AgentCommandError } from './agent-command-error.js';

export const AGENT_STATES = ['stopped', 'running', 'paused', 'killed', 'finished', 'failed'] as const;
export type AgentState = (typeof AGENT_STATES)[number];

/**
 * start, pause, resume, kill and stop are the trader's; finish (the feed ran out or reached its end time)
 * and fail (storage or the run loop failed) come from the run itself.
 */
export const AGENT_COMMANDS = ['start', 'pause', 'resume', 'kill', 'stop', 'finish', 'fail'] as const;
export type AgentCommand = (typeof AGENT_COMMANDS)[number];

/**
 * The only legal moves. The run loop is alive exactly in `running`, `paused` and `killed` (a killed agent
 * keeps its feed, so the flatten fills and the halt is held); `stop`, `finish` and `fail` are applied when
 * the loop has ended. Pausing a paused agent and killing a killed one change nothing. `failed` is
 * terminal: the service stops (crash-only) and a restart resumes from the book.
 */
export const AGENT_TRANSITIONS: Readonly<Record<AgentState, Readonly<Partial<Record<AgentCommand, AgentState>>>>> = {
  stopped: { start: 'running' },
  finished: { start: 'running' },
  running: { pause: 'paused', kill: 'killed', stop: 'stopped', finish: 'finished', fail: 'failed' },
  paused: { pause: 'paused', resume: 'running', kill: 'killed', stop: 'stopped', finish: 'finished', fail: 'failed' },
  killed: { kill: 'killed', resume: 'running', stop: 'stopped', finish: 'finished', fail: 'failed' },
  failed: {},
};

/** Whether the run loop is alive in this state. */
export function loopRuns(state: AgentState): boolean {
  return state === 'running' || state === 'paused' || state === 'killed';
}

/** A command the table does not allow from the current state; nothing was changed. */
export class AgentTransitionError extends AgentCommandError {
  constructor(
    readonly from: AgentState,
    readonly command: AgentCommand,
  ) {
    const allowed = Object.keys(AGENT_TRANSITIONS[from]);
    const hint =
      allowed.length === 0
        ? 'nothing is allowed after a failure: restart the service, which resumes from the book'
        : `from ${from} only ${allowed.join(', ')} ${allowed.length === 1 ? 'is' : 'are'} allowed`;
    super('CONFLICT', `cannot ${command} the agent: it is ${from}; ${hint}`);
    this.name = 'AgentTransitionError';
  }
}

/** The state after `command`, or a thrown AgentTransitionError naming the state and the command. */
export function nextAgentState(from: AgentState, command: AgentCommand): AgentState {
  const to = AGENT_TRANSITIONS[from][command];
  if (to === undefined) throw new AgentTransitionError(from, command);
  return to;
}
