/** Single-use confirmation tokens for risky steps in live mode: bound to one action on one subject, valid 60 s. */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { AppError } from '../errors.js';

export const CONFIRMATION_TTL_MS = 60_000;

interface Pending {
  readonly hash: Buffer;
  readonly expiresTs: number;
  readonly principal: string;
}

const digest = (token: string): Buffer => createHash('sha256').update(token).digest();

export class ConfirmationTokens {
  /** By "action:subject"; at most one live token each (a new one replaces the old). */
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly now: () => number) {}

  /** A fresh token for `action` on `subject`, for `principal` only. */
  issue(action: string, subject: string, principal: string): { token: string; expiresTs: number } {
    const token = `confirm_${randomBytes(24).toString('base64url')}`;
    const expiresTs = this.now() + CONFIRMATION_TTL_MS;
    this.pending.set(`${action}:${subject}`, { hash: digest(token), expiresTs, principal });
    return { token, expiresTs };
  }

  /** Consumes the token: it must be the one issued for this action, subject and principal, unexpired. Throws FORBIDDEN. */
  consume(action: string, subject: string, principal: string, token: string): void {
    const key = `${action}:${subject}`;
    const p = this.pending.get(key);
    const ok = p !== undefined && p.principal === principal && this.now() < p.expiresTs && timingSafeEqual(p.hash, digest(token));
    if (!ok) {
      throw new AppError('FORBIDDEN', `confirmationToken: not valid for ${action} ${subject} (tokens are single-use, last ${CONFIRMATION_TTL_MS / 1000} s and belong to whoever asked for them)`, {
        issues: [{ field: 'confirmationToken', rule: 'must be the unexpired token issued for this step' }],
      });
    }
    this.pending.delete(key);
  }
}
