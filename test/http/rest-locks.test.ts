/** Entry locks over REST and in the service: who may lock and unlock, what status and the risk state show, and that a lock holds across a restart. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { harness, tempDbDir } from '../runtime/agent-harness.js';
import { restHarness, type RestHarness } from './rest-harness.js';

let r: RestHarness;
beforeAll(async () => {
  r = await restHarness();
});
afterAll(async () => {
  await r.close();
});

type Lock = { id: string; target: string; until: number; reason: string; by: string; scope: string };

describe('entry locks over REST', () => {
  it('an agent may lock but not unlock; the trader may unlock; status and the risk state list the lock', async () => {
    const made = await r.request('POST', '/api/v1/locks', { token: r.tokens.agent, json: { target: 'CE', minutes: 30, reason: 'RBI policy at 10:00' } });
    expect(made.status, JSON.stringify(made.body)).toBe(200);
    const lock = (made.body.data as { lock: Lock }).lock;
    expect(lock).toMatchObject({ target: 'CE', reason: 'RBI policy at 10:00', by: 'agent-test', scope: 'agent' });
    const clock = r.deps.agent.feedClock()!;
    expect(lock.until).toBeGreaterThan(clock.ts);

    const status = await r.request('GET', '/api/v1/status');
    expect(((status.body.data as { locks: Lock[] }).locks).map((l) => l.id)).toContain(lock.id);
    const risk = await r.request('GET', '/api/v1/risk', { token: r.tokens.automation });
    expect(((risk.body.data as { locks: Lock[] }).locks).map((l) => l.id)).toContain(lock.id);

    const byAgent = await r.request('DELETE', `/api/v1/locks/${lock.id}`, { token: r.tokens.agent });
    expect(byAgent.status).toBe(403);
    const byAutomation = await r.request('DELETE', `/api/v1/locks/${lock.id}`, { token: r.tokens.automation });
    expect(byAutomation.status).toBe(403);
    const listed = await r.request('GET', '/api/v1/locks', { token: r.tokens.agent });
    expect(((listed.body.data as { locks: Lock[] }).locks).map((l) => l.id)).toContain(lock.id);

    const byTrader = await r.request('DELETE', `/api/v1/locks/${lock.id}`);
    expect(byTrader.status).toBe(200);
    expect(byTrader.body).toMatchObject({ data: { removed: lock.id }, mode: 'paper' });
    const again = await r.request('DELETE', `/api/v1/locks/${lock.id}`);
    expect(again.status).toBe(404);
    expect(((await r.request('GET', '/api/v1/locks')).body.data as { locks: Lock[] }).locks.map((l) => l.id)).not.toContain(lock.id);
  });

  it('HH:MM is exchange time on the trading date, and an ISO date-time keeps its offset', async () => {
    const clock = r.deps.agent.feedClock()!;
    const hhmm = await r.request('POST', '/api/v1/locks', { json: { target: '*', until: '15:00', reason: 'close early' } });
    expect(hhmm.status, JSON.stringify(hhmm.body)).toBe(200);
    expect((hhmm.body.data as { lock: Lock }).lock.until).toBe(Date.parse(`${clock.tradingDate}T15:00:00+05:30`));
    const iso = await r.request('POST', '/api/v1/locks', { json: { target: 'NIFTY06JAN2626000PE', until: `${clock.tradingDate}T14:00:00+05:30`, reason: 'x' } });
    expect(iso.status, JSON.stringify(iso.body)).toBe(200);
    expect((iso.body.data as { lock: Lock }).lock.until).toBe(Date.parse(`${clock.tradingDate}T08:30:00Z`));
  });

  it.each([
    [{ target: 'FOO', minutes: 5, reason: 'x' }, 'target'],
    [{ target: 'BANKNIFTY06JAN2650000CE', minutes: 5, reason: 'x' }, 'target'],
    [{ target: 'CE', reason: 'x' }, 'until'],
    [{ target: 'CE', minutes: 5, until: '15:00', reason: 'x' }, 'until'],
    [{ target: 'CE', until: '00:00', reason: 'x' }, 'until'],
    [{ target: 'CE', until: '2026-01-05 15:00', reason: 'x' }, 'until'],
    [{ target: 'CE', until: '2027-01-05T15:00:00Z', reason: 'x' }, 'until'],
    [{ target: 'CE', minutes: 0, reason: 'x' }, 'minutes'],
    [{ target: 'CE', minutes: 5 }, 'reason'],
    [{ target: 'CE', minutes: 5, reason: 'x', extra: 1 }, 'extra'],
  ])('%j is refused naming %s and changes nothing', async (body, field) => {
    const before = r.deps.agent.entryLocks().length;
    const res = await r.request('POST', '/api/v1/locks', { json: body });
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    const err = res.body.error as { message: string; issues: { field: string }[] };
    expect(`${err.message} ${err.issues.map((i) => i.field).join(' ')}`).toContain(field);
    expect(r.deps.agent.entryLocks()).toHaveLength(before);
  });

  it('status lists each watched instrument with the age of its last tick', async () => {
    const s = (await r.request('GET', '/api/v1/status')).body.data as { instruments: { symbol: string; role: string; ageMs: number | null }[]; simTime: number | null };
    expect(s.instruments[0]).toMatchObject({ symbol: 'NIFTY', role: 'underlying' });
    for (const i of s.instruments) if (i.ageMs !== null) expect(i.ageMs).toBeGreaterThanOrEqual(0);
  });
});

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

describe('entry locks in the service', () => {
  it('a lock on every entry stops all entries of the run, is reported, and is restored after a restart', async () => {
    const t = tempDbDir();
    cleanups.push(t.cleanup);
    const run = { mode: 'paper' as const, preset: 'nifty_normal', seed: 3, days: 1, startDate: '2026-01-05', simSpeed: Infinity };
    const until = Date.parse('2026-01-12T10:00:00+05:30');
    const h1 = await harness(t.files);
    h1.agent.start(run);
    h1.agent.addEntryLock({ target: '*', until, reason: 'no trading today', by: 'trader-test', scope: 'trader' });
    await h1.agent.done;
    expect(h1.book.closedTrades()).toEqual([]);
    expect(h1.book.otherEvents().some((e) => e.kind === 'RiskDenied' && e.json.includes('locked'))).toBe(true);
    await h1.close();

    const h2 = await harness(t.files);
    h2.agent.start(run);
    expect(h2.agent.entryLocks().map((l) => ({ target: l.target, until: l.until, by: l.by }))).toEqual([{ target: '*', until, by: 'trader-test' }]);
    await h2.agent.done;
    await h2.close();
  });
});
