import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restHarness, type RestHarness } from './rest-harness.js';

/** The trader's manual fills over REST (the whole batch or nothing), read back from the manual book; the audit log of the calls. */
let r: RestHarness;
beforeAll(async () => {
  r = await restHarness();
});
afterAll(async () => {
  await r.close();
});

const base = { source: 'chart', mode: 'LIVE', underlying: 'NIFTY', exchange: 'NFO', symbol: 'NIFTY06JAN2626000CE', side: 'CE' } as const;
const fill = (id: string, type: 'ENTRY' | 'EXIT', price: number, minute: number) => ({ ...base, eventId: id, tradeId: 'm1', type, ts: Date.UTC(2026, 0, 5, 4, minute), qty: 65, price });

describe('manual trades and the audit log over REST', () => {
  it('stores a batch in the manual book, counts a replay as duplicates, refuses a bad batch whole, and audits the calls', async () => {
    const batch = { events: [fill('e1', 'ENTRY', 100.05, 30), fill('x1', 'EXIT', 103.4, 35)] };
    const ok = await r.request('POST', '/api/v1/manual-trades', { json: batch });
    expect(ok.status).toBe(200);
    expect(ok.body.data).toEqual({ accepted: 2, duplicates: 0, tradesClosed: 1 });
    expect((await r.request('POST', '/api/v1/manual-trades', { json: batch })).body.data).toEqual({ accepted: 0, duplicates: 2, tradesClosed: 0 });
    const trades = (await r.request('GET', '/api/v1/trades?book=manual')).body.data as { trades: { id: string; netPnl: number }[] };
    expect(trades.trades.map((t) => t.id)).toEqual(['m1']);
    // An EXIT beyond the open quantity refuses the whole batch, naming the field.
    const bad = await r.request('POST', '/api/v1/manual-trades', { json: { events: [{ ...fill('e2', 'ENTRY', 90, 40), tradeId: 'm2' }, { ...fill('x2', 'EXIT', 91, 41), tradeId: 'm2', qty: 130 }] } });
    expect(bad.status).toBe(400);
    expect((bad.body.error as { issues: { field: string }[] }).issues.map((i) => i.field)).toEqual(['events.1.qty']);
    expect(((await r.request('GET', '/api/v1/trades?book=manual')).body.data as { total: number }).total).toBe(1);
    // Only the trader writes the manual book.
    expect((await r.request('POST', '/api/v1/manual-trades', { token: r.tokens.agent, json: batch })).status).toBe(403);
    const audit = (await r.request('GET', '/api/v1/audit?limit=10')).body.data as { entries: { action: string; actor: string; detail: { result: string } }[] };
    // Newest first: the agent's refused attempt is audited too; the invalid batch changed nothing, not even the log.
    expect(audit.entries.filter((e) => e.action === 'manual-trades.ingest').map((e) => [e.actor, e.detail.result])).toEqual([
      ['agent-test', 'FORBIDDEN'],
      ['trader-test', 'ok'],
      ['trader-test', 'ok'],
    ]);
  });

  it('GET /doctor reports the installation’s checks, all passing here', async () => {
    const res = await r.request('GET', '/api/v1/doctor', { token: r.tokens.automation });
    expect(res.status).toBe(200);
    const d = res.body.data as { ok: boolean; checks: { check: string; verdict: string }[] };
    expect(d.ok).toBe(true);
    expect(d.checks.find((c) => c.check === 'control database')?.verdict).toBe('ok');
  });
});
