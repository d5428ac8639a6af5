/** API access in the control database: bearer tokens (only their SHA-256 is stored) and the Idempotency-Key store. */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Scope } from '../../app/registry/operation.js';
import { openDb } from './open-db.js';

export interface ApiToken {
  readonly id: string;
  readonly name: string;
  readonly scope: Scope;
  readonly createdTs: number;
  readonly revokedTs: number | null;
}

/** A stored response to replay for a repeated Idempotency-Key. */
export interface StoredResponse {
  readonly operation: string;
  readonly requestSha256: string;
  readonly status: number;
  readonly responseJson: string;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Token text: a recognisable prefix and 32 random bytes (base64url), e.g. `scalper_…`. */
const TOKEN_PREFIX = 'scalper_';

export class ApiAccessStore {
  private constructor(private readonly db: Database.Database) {}

  static open(path: string): ApiAccessStore {
    return new ApiAccessStore(openDb(path, 'control'));
  }

  /** Creates a token; the token text is returned once and never stored. */
  createToken(name: string, scope: Scope, now: number): { token: ApiToken; secret: string } {
    const secret = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    const id = `tok_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    this.db
      .prepare('INSERT INTO api_tokens (id, name, scope, token_sha256, created_ts) VALUES (?, ?, ?, ?, ?)')
      .run(id, name, scope, sha256(secret), now);
    return { token: { id, name, scope, createdTs: now, revokedTs: null }, secret };
  }

  listTokens(): ApiToken[] {
    return this.db
      .prepare<[], ApiToken>('SELECT id, name, scope, created_ts AS createdTs, revoked_ts AS revokedTs FROM api_tokens ORDER BY created_ts, id')
      .all();
  }

  /** Revokes a token; false when there is no such live token. */
  revokeToken(id: string, now: number): boolean {
    return this.db.prepare('UPDATE api_tokens SET revoked_ts = ? WHERE id = ? AND revoked_ts IS NULL').run(now, id).changes === 1;
  }

  /** The live token whose text this is, or null. */
  verify(secret: string): ApiToken | null {
    if (!secret.startsWith(TOKEN_PREFIX) || secret.length > 200) return null;
    return (
      this.db
        .prepare<[string], ApiToken>(
          'SELECT id, name, scope, created_ts AS createdTs, revoked_ts AS revokedTs FROM api_tokens WHERE token_sha256 = ? AND revoked_ts IS NULL',
        )
        .get(sha256(secret)) ?? null
    );
  }

  /** The stored response for (token, key), or null. */
  getIdempotent(tokenId: string, key: string): StoredResponse | null {
    return (
      this.db
        .prepare<[string, string], StoredResponse>(
          'SELECT operation, request_sha256 AS requestSha256, status, response_json AS responseJson FROM idempotency_keys WHERE token_id = ? AND idem_key = ?',
        )
        .get(tokenId, key) ?? null
    );
  }

  putIdempotent(tokenId: string, key: string, r: StoredResponse, now: number): void {
    this.db
      .prepare('INSERT OR IGNORE INTO idempotency_keys (token_id, idem_key, operation, request_sha256, status, response_json, created_ts) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(tokenId, key, r.operation, r.requestSha256, r.status, r.responseJson, now);
  }

  /** Appends an audit entry for a mutating call. */
  audit(ts: number, actor: string, action: string, detail: Record<string, unknown>): void {
    this.db.prepare('INSERT INTO audit_log (ts, actor, action, detail_json) VALUES (?, ?, ?, ?)').run(ts, actor, action, JSON.stringify(detail));
  }

  /** Row counts of the API tables and the audit log (tests compare them before and after). */
  counts(): Record<string, number> {
    const count = (table: string): number => (this.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    return { api_tokens: count('api_tokens'), idempotency_keys: count('idempotency_keys'), audit_log: count('audit_log') };
  }

  close(): void {
    this.db.close();
  }
}

export { sha256 };
