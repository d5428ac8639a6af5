/** GET /api/v1/logs: the daemon's recent lines by level, text and cursor, money in rupees; the ring keeps the newest. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LogRing } from '../../src/app/logs/log-ring.js';
import { restHarness, type RestHarness } from './rest-harness.js';

let r: RestHarness;
beforeAll(async () => {
  r = await restHarness();
});
afterAll(async () => {
  await r.close();
});

type Page = { entries: { seq: number; level: string; message: string; fields: Record<string, unknown> }[]; lastSeq: number; oldestSeq: number | null };

describe('GET /api/v1/logs', () => {
  it('filters by least level and text, pages with `after`, and shows money in rupees', async () => {
    const ring = r.deps.logs!;
    ring.add('debug', 'tick chunk', { n: 1 });
    ring.add('info', 'restored from the book', { realisedNet: -95_560, cursorTs: 1_767_589_200_000 });
    ring.add('warn', 'event queue full', { pending: 9 });
    ring.add('error', 'exit stuck', { error: new Error('broker said no') });
    const all = (await r.request('GET', '/api/v1/logs?level=debug', { token: r.tokens.agent })).body.data as Page;
    expect(all.entries.map((e) => e.message)).toEqual(['tick chunk', 'restored from the book', 'event queue full', 'exit stuck']);
    expect(all.entries[1]!.fields).toEqual({ realisedNet: '-955.60', cursorTs: 1_767_589_200_000 });
    expect(all.entries[3]!.fields).toEqual({ error: 'broker said no' });
    const warn = (await r.request('GET', '/api/v1/logs?level=warn')).body.data as Page;
    expect(warn.entries.map((e) => e.level)).toEqual(['warn', 'error']);
    const q = (await r.request('GET', '/api/v1/logs?q=BROKER')).body.data as Page;
    expect(q.entries.map((e) => e.message)).toEqual(['exit stuck']);
    ring.add('info', 'newer line');
    const newer = (await r.request('GET', `/api/v1/logs?after=${all.lastSeq}`)).body.data as Page;
    expect(newer.entries.map((e) => e.message)).toEqual(['newer line']);
    const last = (await r.request('GET', '/api/v1/logs?level=debug&limit=2')).body.data as Page;
    expect(last.entries.map((e) => e.message)).toEqual(['exit stuck', 'newer line']);
  });

  it.each([
    ['level=verbose', 'level'],
    ['limit=0', 'limit'],
    ['after=-1', 'after'],
    ['since=3', 'since'],
  ])('%s → 400 naming %s', async (query, field) => {
    const res = await r.request('GET', `/api/v1/logs?${query}`);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.error)).toContain(field);
  });

  it('the ring keeps the newest lines up to its capacity and says which is the oldest kept', () => {
    const ring = new LogRing(3, () => 0);
    for (let i = 1; i <= 5; i++) ring.add('info', `line ${i}`);
    const page = ring.query({ level: 'debug', limit: 10 });
    expect(page.entries.map((e) => e.message)).toEqual(['line 3', 'line 4', 'line 5']);
    expect(page).toMatchObject({ lastSeq: 5, oldestSeq: 3 });
  });
});
