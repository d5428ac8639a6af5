/** Proposal and version events reach both outlets: the SSE stream (/api/v1/events, resumable by id) and a webhook subscribed to them, received by a real local HTTP server. */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GateResult } from '../../src/app/governance/governance.js';
import { listen, type HttpListener } from '../../src/http/daemon.js';
import { restHarness, type RestHarness } from './rest-harness.js';

const MANUAL_GATE = { start: () => ({ jobId: 'manual' }) };
const PASS: GateResult = { passed: true, reason: 'test: the gate passed', evidence: { test: true } };
const GOVERNANCE_EVENTS = ['proposal.created', 'proposal.gated', 'proposal.applied', 'proposal.rejected', 'params.applied', 'params.rolled_back'];

let r: RestHarness;
let server: HttpListener;
let receiver: Server;
let hookUrl = '';
const received: { event: string; body: Record<string, unknown> }[] = [];

beforeAll(async () => {
  r = await restHarness({ gate: MANUAL_GATE });
  r.deps.governance!.updateSettings({ cooloffMinutes: 0 });
  server = await listen(r.app, { host: '127.0.0.1', port: 0 }, false);
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      received.push({ event: String(req.headers['x-scalper-event']), body: JSON.parse(body) as Record<string, unknown> });
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const a = receiver.address();
  hookUrl = `http://127.0.0.1:${typeof a === 'object' && a !== null ? a.port : 0}/hook`;
});

afterAll(async () => {
  await server.close();
  await r.close();
  await new Promise((resolve) => receiver.close(resolve));
});

/** The SSE events after `lastEventId` until `enough` of them have come. */
async function sse(lastEventId: number, enough: number): Promise<{ id: number; event: string; data: Record<string, unknown> }[]> {
  const abort = new AbortController();
  const res = await fetch(`${server.url}/api/v1/events`, { headers: { authorization: `Bearer ${r.tokens.agent}`, 'last-event-id': String(lastEventId) }, signal: abort.signal });
  const seen: { id: number; event: string; data: Record<string, unknown> }[] = [];
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  while (seen.filter((e) => GOVERNANCE_EVENTS.includes(e.event)).length < enough) {
    const chunk = (await reader.read()) as { done: boolean; value?: Uint8Array };
    if (chunk.done) break;
    buffer += decoder.decode(chunk.value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const field = (name: string): string | undefined => block.split('\n').find((l) => l.startsWith(`${name}:`))?.slice(name.length + 1).trim();
      const data = field('data');
      if (data !== undefined) seen.push({ id: Number(field('id')), event: field('event') ?? 'message', data: JSON.parse(data) as Record<string, unknown> });
    }
  }
  abort.abort();
  return seen.filter((e) => GOVERNANCE_EVENTS.includes(e.event));
}

describe('governance events', () => {
  it('propose, gate, apply, roll back and reject: each is an event on SSE and at a subscribed webhook, in order', async () => {
    const hook = await r.request('POST', '/api/v1/webhooks', { json: { url: hookUrl, events: GOVERNANCE_EVENTS } });
    expect(hook.status, JSON.stringify(hook.body)).toBe(200);
    const start = r.deps.events.lastId;
    const g = r.deps.governance!;

    const made = await r.request('POST', '/api/v1/proposals', { json: { diff: { tpPoints: 9 }, rationale: 'a little more room' } });
    const p = (made.body.data as { proposal: { id: number } }).proposal;
    g.gateEnded(p.id, PASS);
    await r.request('POST', `/api/v1/proposals/${p.id}/approve`, { json: {} });
    const applied = await r.request('POST', `/api/v1/proposals/${p.id}/apply`, { json: {} });
    const version = (applied.body.data as { version: { id: string; parentId: string } }).version;
    expect((await r.request('POST', '/api/v1/config/rollback', { json: { version: version.parentId } })).status).toBe(200);
    const second = (await r.request('POST', '/api/v1/proposals', { token: r.tokens.agent, json: { diff: { tpPoints: 10 }, rationale: 'even more' } })).body.data as { proposal: { id: number } };
    await r.request('POST', `/api/v1/proposals/${second.proposal.id}/reject`, { json: { note: 'no' } });

    const expected = ['proposal.created', 'proposal.gated', 'proposal.applied', 'params.applied', 'params.rolled_back', 'proposal.created', 'proposal.rejected'];
    const events = await sse(start, expected.length);
    expect(events.map((e) => e.event)).toEqual(expected);
    expect(events[0]!.data).toMatchObject({ id: p.id, source: 'human', mode: 'paper' });
    expect(events[3]!.data).toMatchObject({ version: version.id, proposal: p.id });
    expect(events[5]!.data).toMatchObject({ id: second.proposal.id, source: 'agent' });

    await r.deps.webhooks!.dispatcher.idle();
    expect(received.map((e) => e.event)).toEqual(expected);
    expect(received[4]!.body).toMatchObject({ type: 'params.rolled_back' });
  });
});
