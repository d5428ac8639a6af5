/** Inbound hooks in the control database: each does one action and has its own secret, stored only as its SHA-256. */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type Database from 'better-sqlite3';
import { openDb } from './open-db.js';

/** What a hook may do, and nothing else. */
export const HOOK_ACTIONS = ['pause', 'resume', 'kill', 'submit-experiment'] as const;
export type HookAction = (typeof HOOK_ACTIONS)[number];

export interface InboundHook {
  readonly id: string;
  readonly name: string;
  readonly action: HookAction;
  readonly createdBy: string;
  readonly createdTs: number;
  readonly revokedTs: number | null;
}

/** Secret text: a recognisable prefix (so it is not mistaken for an API token) and 32 random bytes, base64url. */
const SECRET_PREFIX = 'hooksec_';
const COLUMNS = 'id, name, action, created_by AS createdBy, created_ts AS createdTs, revoked_ts AS revokedTs';
const digest = (text: string): Buffer => createHash('sha256').update(text).digest();
/** Compared against when the hook is unknown, so an unknown id costs the same work as a wrong secret. */
const NO_HASH = digest('no such hook');

export class InboundHookStore {
  private constructor(private readonly db: Database.Database) {}

  static open(path: string): InboundHookStore {
    return new InboundHookStore(openDb(path, 'control'));
  }

  /** Creates a hook; the secret is returned once and never stored. */
  create(name: string, action: HookAction, createdBy: string, now: number): { hook: InboundHook; secret: string } {
    const secret = `${SECRET_PREFIX}${randomBytes(32).toString('base64url')}`;
    const id = `hook_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    this.db
      .prepare('INSERT INTO inbound_hooks (id, name, action, secret_sha256, created_by, created_ts) VALUES (?, ?, ?, ?, ?, ?)')
      .run(id, name, action, digest(secret).toString('hex'), createdBy, now);
    return { hook: { id, name, action, createdBy, createdTs: now, revokedTs: null }, secret };
  }

  /** Every hook, revoked ones included (with their revocation time), oldest first; never a secret. */
  list(): InboundHook[] {
    return this.db.prepare<[], InboundHook>(`SELECT ${COLUMNS} FROM inbound_hooks ORDER BY created_ts, id`).all();
  }

  /** Revokes a hook; false when there is no such live hook. */
  revoke(id: string, now: number): boolean {
    return this.db.prepare('UPDATE inbound_hooks SET revoked_ts = ? WHERE id = ? AND revoked_ts IS NULL').run(now, id).changes === 1;
  }

  /**
   * The live hook `id` when `secret` is its secret, else null: unknown, revoked and wrong secret are not
   * told apart. The hashes are compared in constant time.
   */
  verify(id: string, secret: string): InboundHook | null {
    const row =
      id.length <= 100 ? this.db.prepare<[string], InboundHook & { hash: string }>(`SELECT ${COLUMNS}, secret_sha256 AS hash FROM inbound_hooks WHERE id = ? AND revoked_ts IS NULL`).get(id) : undefined;
    const expected = row === undefined ? NO_HASH : Buffer.from(row.hash, 'hex');
    const match = timingSafeEqual(digest(secret), expected) && row !== undefined && secret.startsWith(SECRET_PREFIX);
    if (!match) return null;
    return { id: row.id, name: row.name, action: row.action, createdBy: row.createdBy, createdTs: row.createdTs, revokedTs: row.revokedTs };
  }

  close(): void {
    this.db.close();
  }
}
