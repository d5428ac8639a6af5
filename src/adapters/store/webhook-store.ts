/** Outbound webhook subscriptions and their delivery log, in the control database. */
import { randomBytes, randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { openDb } from './open-db.js';

export interface Webhook {
  readonly id: string;
  readonly url: string;
  readonly events: readonly string[];
  readonly secret: string;
  readonly createdBy: string;
  readonly createdTs: number;
}

export interface Delivery {
  readonly seq: number;
  readonly webhookId: string;
  readonly deliveryId: string;
  readonly eventType: string;
  readonly attempt: number;
  readonly status: number | null;
  readonly error: string | null;
  readonly ts: number;
}

interface Row {
  id: string;
  url: string;
  eventsJson: string;
  secret: string;
  createdBy: string;
  createdTs: number;
}

const fromRow = (r: Row): Webhook => ({ id: r.id, url: r.url, events: JSON.parse(r.eventsJson) as string[], secret: r.secret, createdBy: r.createdBy, createdTs: r.createdTs });
const COLUMNS = 'id, url, events_json AS eventsJson, secret, created_by AS createdBy, created_ts AS createdTs';

export class WebhookStore {
  private constructor(private readonly db: Database.Database) {}

  static open(path: string): WebhookStore {
    return new WebhookStore(openDb(path, 'control'));
  }

  create(url: string, events: readonly string[], createdBy: string, now: number): Webhook {
    const hook: Webhook = { id: `wh_${randomUUID().replace(/-/g, '').slice(0, 16)}`, url, events, secret: `whsec_${randomBytes(24).toString('base64url')}`, createdBy, createdTs: now };
    this.db
      .prepare('INSERT INTO webhooks (id, url, events_json, secret, created_by, created_ts) VALUES (?, ?, ?, ?, ?, ?)')
      .run(hook.id, url, JSON.stringify(events), hook.secret, createdBy, now);
    return hook;
  }

  list(): Webhook[] {
    return this.db.prepare<[], Row>(`SELECT ${COLUMNS} FROM webhooks WHERE deleted_ts IS NULL ORDER BY created_ts, id`).all().map(fromRow);
  }

  get(id: string): Webhook | undefined {
    const r = this.db.prepare<[string], Row>(`SELECT ${COLUMNS} FROM webhooks WHERE id = ? AND deleted_ts IS NULL`).get(id);
    return r === undefined ? undefined : fromRow(r);
  }

  delete(id: string, now: number): boolean {
    return this.db.prepare('UPDATE webhooks SET deleted_ts = ? WHERE id = ? AND deleted_ts IS NULL').run(now, id).changes === 1;
  }

  logDelivery(d: Omit<Delivery, 'seq'>): void {
    this.db
      .prepare('INSERT INTO webhook_deliveries (webhook_id, delivery_id, event_type, attempt, status, error, ts) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(d.webhookId, d.deliveryId, d.eventType, d.attempt, d.status, d.error, d.ts);
  }

  deliveries(webhookId: string, limit: number): Delivery[] {
    return this.db
      .prepare<[string, number], Delivery>(
        'SELECT seq, webhook_id AS webhookId, delivery_id AS deliveryId, event_type AS eventType, attempt, status, error, ts FROM webhook_deliveries WHERE webhook_id = ? ORDER BY seq DESC LIMIT ?',
      )
      .all(webhookId, limit);
  }

  close(): void {
    this.db.close();
  }
}
