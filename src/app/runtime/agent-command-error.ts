/** The error of a refused agent command (live mode not armed, an illegal lifecycle move, bad input), with a code for the API surfaces. */

export class AgentCommandError extends Error {
  constructor(
    readonly code: 'FORBIDDEN' | 'CONFLICT' | 'INVALID_INPUT',
    message: string,
  ) {
    super(message);
    this.name = 'AgentCommandError';
  }
}
