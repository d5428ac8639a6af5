import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookSignature } from '../../src/app/webhooks/webhook-dispatcher.js';
import { restHarness, type RestHarness } from './rest-harness.js';

/** A real local HTTP server receives the webhooks: the signature verifies, a 500 is retried, every attempt is logged. */
let r: RestHarness;
let receiver: Server;
let url = '';
const received: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
let failNext = 0;
let onRequest: (() => void) | null = null;

beforeAll(async () => {
  r = await restHarness();
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.statusCode = failNext > 0 ? 500 : 200;
      if (failNext > 0) failNext--;
      res.end('ok');
      onRequest?.();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const a = receiver.address();
  url = `http://127.0.0.1:${typeof a === 'object' && a !== null ? a.port : 0}/hook`;
});
afterAll(async () => {
  await r.close();
  await new Promise((resolve) => receiver.close(resolve));
});

const waitFor = (n: number): Promise<void> =>
  new Promise((resolve) => {
    const check = (): void => {
      if (received.length >= n) resolve();
    };
    onRequest = check;
    check();
  });

describe('outbound webhooks', () => {
  it('delivers a signed event, retries after the receiver answers 500, and logs every attempt', async () => {
    const created = await r.request('POST', '/api/v1/webhooks', { json: { url, events: ['engine.state'] } });
    expect(created.status).toBe(200);
    const hook = created.body.data as { id: string; secret: string };
    expect(hook.secret).toMatch(/^whsec_/);
    failNext = 1;
    received.length = 0;
    await r.request('POST', '/api/v1/engine/pause', { json: { reason: 'webhook test' } });
    await waitFor(2);
    await r.deps.webhooks!.dispatcher.idle();
    const [first, second] = received;
    expect(first!.body).toBe(second!.body);
    expect(second!.headers['x-scalper-event']).toBe('engine.state');
    const ts = String(second!.headers['x-scalper-timestamp']);
    expect(second!.headers['x-scalper-signature']).toBe(webhookSignature(hook.secret, ts, second!.body));
    expect(webhookSignature('wrong-secret', ts, second!.body)).not.toBe(second!.headers['x-scalper-signature']);
    expect(JSON.parse(second!.body)).toMatchObject({ type: 'engine.state', mode: 'paper', data: { state: 'paused' } });
    const log = (await r.request('GET', `/api/v1/webhooks/${hook.id}/deliveries`)).body.data as { deliveries: { attempt: number; status: number }[] };
    expect(log.deliveries.map((d) => [d.attempt, d.status])).toEqual([
      [2, 200],
      [1, 500],
    ]);
  });

  it('sends a test ping on demand, lists hooks without secrets, deletes them, and only the trader manages them', async () => {
    const hook = (await r.request('POST', '/api/v1/webhooks', { json: { url, events: ['*'] } })).body.data as { id: string };
    const test = await r.request('POST', `/api/v1/webhooks/${hook.id}/test`, { json: {} });
    expect(test.body.data).toMatchObject({ ok: true, status: 200 });
    expect(received.at(-1)!.headers['x-scalper-event']).toBe('webhook.ping');
    const list = (await r.request('GET', '/api/v1/webhooks')).body.data as { webhooks: Record<string, unknown>[] };
    expect(list.webhooks.every((w) => !('secret' in w))).toBe(true);
    expect((await r.request('GET', '/api/v1/webhooks', { token: r.tokens.agent })).status).toBe(403);
    expect((await r.request('DELETE', `/api/v1/webhooks/${hook.id}`)).status).toBe(200);
    expect((await r.request('DELETE', `/api/v1/webhooks/${hook.id}`)).status).toBe(404);
    const bad = await r.request('POST', '/api/v1/webhooks', { json: { url: 'ftp://x', events: ['nope'] } });
    expect(bad.status).toBe(400);
    expect((bad.body.error as { issues: { field: string }[] }).issues.map((i) => i.field).sort()).toEqual(['events.0', 'url']);
  });
});
