/**
 * Live-mode confirmation of the engine's destructive steps (stop, forced exit): what each would do to the
 * position open now, the subject a token is bound to, and the check a step makes before it acts.
 */
import { AppError } from '../errors.js';
import type { AppDeps } from '../app-deps.js';
import type { CallContext } from '../registry/operation.js';

export type EngineAction = 'stop' | 'force-exit';

export interface EnginePreview {
  readonly action: EngineAction;
  /** What the step would do now, in one sentence. */
  readonly effect: string;
  /** True when the step would do nothing (flat, or no run going). */
  readonly noop: boolean;
  /** What a confirmation token for the step is bound to: the action's options and the open trade. */
  readonly subject: string;
}

/** The step as it would run now: a token made for one position is no good once another is open. */
export function previewEngineAction(deps: AppDeps, action: EngineAction, flatten: boolean): EnginePreview {
  const s = deps.agent.status();
  const p = s.position;
  const running = s.state === 'running' || s.state === 'paused' || s.state === 'killed';
  const held = p === null ? '' : `${p.side} ${p.symbol} × ${p.qty} (trade ${p.tradeId}, open P&L ₹${p.unrealisedNet} net of the charges paid)`;
  const subject = `${action === 'stop' ? (flatten ? 'flatten' : 'keep') : 'exit'}:${p?.tradeId ?? 'flat'}`;
  if (!running) return { action, effect: `nothing: the engine is ${s.state}`, noop: true, subject };
  if (action === 'force-exit') {
    if (p === null) return { action, effect: 'nothing: no position is open', noop: true, subject };
    return { action, effect: `exits ${held} at market now; entries go on unless paused`, noop: false, subject };
  }
  if (p === null) return { action, effect: 'stops the run; no position is open', noop: false, subject };
  return flatten
    ? { action, effect: `exits ${held} at market, then stops the run`, noop: false, subject }
    : { action, effect: `stops the run and leaves ${held} open with no stop managing it until the engine starts again`, noop: false, subject };
}

/**
 * In live mode a destructive step needs the trader's single-use token from engine.preview, bound to the
 * same action, options and open trade; a step that would do nothing needs none. Paper needs none.
 */
export function requireEngineConfirmation(deps: AppDeps, ctx: CallContext, preview: EnginePreview, token: string | undefined): void {
  if (ctx.mode !== 'live' || preview.noop) return;
  const tokens = deps.governance?.confirmations;
  if (tokens === undefined) throw new AppError('UNAVAILABLE', 'confirmation tokens are kept by the daemon (`scalper serve`)');
  if (token === undefined) {
    throw new AppError('FORBIDDEN', `confirmationToken: live mode: engine.${preview.action} needs the trader's confirmation token: preview it first (engine.preview; MCP preview_action), then send the token it gives within 60 s`, {
      issues: [{ field: 'confirmationToken', rule: 'required in live mode' }],
    });
  }
  tokens.consume(`engine.${preview.action}`, preview.subject, ctx.principal.name, token);
}
