import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventBus } from '../../src/app/events/event-bus.js';
import { listen, type HttpListener } from '../../src/http/daemon.js';
import { restHarness, type RestHarness } from './rest-harness.js';

/** SSE over a real socket: events arrive, and a client that dropped its connection resumes with Last-Event-ID. */
let r: RestHarness;
let server: HttpListener;
beforeAll(async () => {
  r = await restHarness();
  server = await listen(r.app, { host: '127.0.0.1', port: 0 }, false);
});
afterAll(async () => {
  await server.close();
  await r.close();
});

interface Sse {
  id: number;
  event: string;
  data: Record<string, unknown>;
}

/** Reads SSE events from a fetch response until `until` says stop, then aborts the connection. */
async function readEvents(lastEventId: number | null, until: (seen: Sse[]) => boolean): Promise<Sse[]> {
  const abort = new AbortController();
  const res = await fetch(`${server.url}/api/v1/events`, {
    headers: { authorization: `Bearer ${r.tokens.agent}`, ...(lastEventId === null ? {} : { 'last-event-id': String(lastEventId) }) },
    signal: abort.signal,
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
  const seen: Sse[] = [];
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  while (!until(seen)) {
    const chunk = (await reader.read()) as { done: boolean; value?: Uint8Array };
    if (chunk.done) break;
    buffer += decoder.decode(chunk.value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const field = (name: string): string | undefined => block.split('\n').find((l) => l.startsWith(`${name}:`))?.slice(name.length + 1).trim();
      const data = field('data');
      if (data === undefined) continue;
      seen.push({ id: Number(field('id') ?? NaN), event: field('event') ?? 'message', data: JSON.parse(data) as Record<string, unknown> });
    }
  }
  abort.abort();
  return seen;
}

const post = (path: string, json: unknown = {}) => r.request('POST', path, { json });

describe('the event stream', () => {
  it('delivers engine events and resumes after a dropped connection without gaps or repeats', async () => {
    const start = r.deps.events.lastId;
    const first = readEvents(start, (seen) => seen.filter((e) => e.event === 'engine.state').length >= 2);
    // Whether the stream subscribes before or after these commands, it replays from `start`.
    await post('/api/v1/engine/pause', { reason: 'sse test' });
    await post('/api/v1/engine/resume');
    const got = await first;
    const states = got.filter((e) => e.event === 'engine.state').map((e) => e.data.state);
    expect(states.slice(0, 2)).toEqual(['paused', 'running']);
    expect(got.every((e) => e.data.mode === 'paper')).toBe(true);
    const lastSeen = got[got.length - 1]!.id;

    // While no one listens: two more commands.
    await post('/api/v1/engine/pause', { reason: 'offline' });
    await post('/api/v1/engine/resume');
    const resumed = await readEvents(lastSeen, (seen) => seen.filter((e) => e.event === 'engine.state').length >= 2);
    expect(resumed[0]!.id).toBe(lastSeen + 1);
    const ids = resumed.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
    expect(resumed.filter((e) => e.event === 'engine.state').map((e) => e.data.state).slice(0, 2)).toEqual(['paused', 'running']);
  });

  it('needs a token', async () => {
    const res = await fetch(`${server.url}/api/v1/events`);
    expect(res.status).toBe(401);
  });
});

describe('the event bus', () => {
  it('tells a client that fell behind the ring to resync', () => {
    const bus = new EventBus(() => 0, 3);
    for (let i = 0; i < 5; i++) bus.publish('engine.state', { i });
    expect(bus.since(0)).toBeNull();
    expect(bus.since(2)!.map((e) => e.id)).toEqual([3, 4, 5]);
    expect(bus.since(5)).toEqual([]);
  });
});
