/**
 * The end-of-day reconciliation on the surfaces: the trader's manual fills recorded over REST, the fake
 * OpenAlgo's tradebook with a planted price difference, missed fill and charges difference; GET
 * /reconciliation and the MCP tool reconcile_day report each by cause, in rupees, the gap explained.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMcpServer } from '../../mcp-server/create-server.js';
import { openAlgoBrokerBooks } from '../../src/adapters/openalgo/broker-books.js';
import { OpenAlgoRest } from '../../src/adapters/openalgo/openalgo-rest.js';
import { restHarness, type RestHarness } from '../http/rest-harness.js';
import { FakeOpenAlgo } from './fake-openalgo.js';
import type { AppDeps } from '../../src/app/app-deps.js';
import { EventBus, type BusEvent } from '../../src/app/events/event-bus.js';
import { EodSchedule } from '../../src/app/live/eod-schedule.js';
import { reconcileDayOp, scheduledReconciliationOp } from '../../src/app/operations/reconcile-ops.js';
import { epochOfLocal } from '../../src/core/calendar/exchange-time.js';

const KEY = 'eod-key-0123456789';
const CE = 'NIFTY06JAN2626000CE';
let fake: FakeOpenAlgo;
let r: RestHarness;
beforeAll(async () => {
  fake = await FakeOpenAlgo.start({ apiKey: KEY });
  r = await restHarness({ brokerBooks: openAlgoBrokerBooks(new OpenAlgoRest({ baseUrl: fake.httpUrl, apiKey: KEY })) });
});
afterAll(async () => {
  await r.close();
  await fake.close();
});

const base = { source: 'chart', mode: 'LIVE', underlying: 'NIFTY', exchange: 'NFO', symbol: CE, side: 'CE' } as const;
const fill = (id: string, type: 'ENTRY' | 'EXIT', price: number, minute: number) => ({ ...base, eventId: id, tradeId: 'm1', type, ts: Date.UTC(2026, 0, 5, 4, minute), qty: 65, price });

describe('end-of-day reconciliation on REST and MCP', () => {
  it('reports the planted differences by cause and explains the gap to the paisa', async () => {
    const rec = await r.request('POST', '/api/v1/manual-trades', { json: { events: [fill('e1', 'ENTRY', 120.5, 31), fill('x1', 'EXIT', 124, 35)] } });
    expect(rec.status, JSON.stringify(rec.body)).toBe(200);
    const ours = ((await r.request('GET', '/api/v1/trades?book=manual')).body.data as { trades: { charges: number }[] }).trades[0]!;
    // The broker: the entry as booked, the exit ₹0.05 lower and charged ₹0.50 more than our card (ours split per fill below), and a fill we never recorded.
    const fills = (await r.request('GET', '/api/v1/trades/m1?book=manual')).body.data as { fills: { charges: number }[] };
    const [entryCharges, exitCharges] = fills.fills.map((f) => f.charges);
    expect(entryCharges! + exitCharges!).toBeCloseTo(ours.charges, 2);
    fake.tradebook = [
      { orderid: 'B1', symbol: CE, exchange: 'NFO', action: 'BUY', quantity: 65, average_price: '120.50', timestamp: '10:01:00', charges: entryCharges!.toFixed(2) },
      { orderid: 'B2', symbol: CE, exchange: 'NFO', action: 'SELL', quantity: '65', average_price: '123.95', timestamp: '05-Jan-2026 10:05:00', charges: (exitCharges! + 0.5).toFixed(2) },
      { orderid: 'B3', symbol: CE, exchange: 'NFO', action: 'BUY', quantity: '65', average_price: '119.00', timestamp: '14:20:00', charges: '25.40' },
    ];
    const res = await r.request('GET', '/api/v1/reconciliation?book=manual&date=2026-01-05', { token: r.tokens.agent });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const d = res.body.data as { differences: { cause: string; effect: string; brokerOrderId: string | null }[]; unexplained: string; fills: unknown; chargesNotCompared: boolean };
    expect(d.differences.map((x) => [x.cause, x.effect, x.brokerOrderId])).toEqual([
      ['price', '-3.25', 'B2'],
      ['charges', '-0.50', 'B2'],
      ['missed_fill', (-(119 * 65) - 25.4).toFixed(2), 'B3'],
    ]);
    expect(d).toMatchObject({ unexplained: '0.00', fills: { ours: 2, broker: 3, matched: 2 }, chargesNotCompared: false });

    const server = createMcpServer({ deps: r.deps, principal: { name: 'agent-test', scope: 'agent', tokenId: null } });
    const [a, b] = InMemoryTransport.createLinkedPair();
    await server.connect(a);
    const client = new Client({ name: 'eod', version: '1' });
    await client.connect(b);
    const tool = (await client.callTool({ name: 'reconcile_day', arguments: { book: 'manual', date: '2026-01-05' } })) as unknown as { isError?: boolean; content: { text: string }[]; structuredContent: { data: unknown } };
    expect(tool.isError).toBeFalsy();
    expect(tool.structuredContent.data).toEqual(d);
    expect(tool.content[0]!.text).toMatch(/^2026-01-05 manual: our net ₹[-\d.]+, the broker's net ₹[-\d.]+; 3 difference\(s\), unexplained ₹0\.00 \[paper\]$/);
    await client.close();

    // OpenAlgo not answering is UNAVAILABLE with its reason, never a 500.
    fake.scripted.set('tradebook', [{ status: 403, body: { status: 'error', message: 'Invalid openalgo apikey' } }]);
    const down = await r.request('GET', '/api/v1/reconciliation?book=manual&date=2026-01-05');
    expect(down.status).toBe(503);
    expect(JSON.stringify(down.body)).toMatch(/UNAVAILABLE.*OpenAlgo tradebook: 403: Invalid openalgo apikey/);
    expect((await r.request('GET', '/api/v1/reconciliation?date=2026-02-30x')).status).toBe(400);
  });

  it('runs by itself after the close through reconcile.day on the agent’s book, and GET /reconciliation/scheduled shows the last run', async () => {
    // The fake's tradebook still holds fills the agent's book does not have: the scheduled run finds them.
    let now = epochOfLocal('2026-01-05', 15 * 60 + 55, 330);
    const settings = new Map<string, unknown>();
    const events: BusEvent[] = [];
    const bus = new EventBus(() => now);
    bus.subscribe((e) => events.push(e));
    let deps: AppDeps = r.deps;
    const schedule = new EodSchedule({
      reconcile: async (date) => reconcileDayOp.handler(deps, { date, book: 'auto' }, { principal: { name: 'eod-schedule', scope: 'trader', tokenId: null }, mode: 'paper' }),
      now: () => now,
      utcOffsetMin: 330,
      closeMinute: 930,
      isTradingDay: () => true,
      store: { setting: <T>(k: string) => settings.get(k) as T | undefined, putSetting: (k, v) => void settings.set(k, v) },
      events: bus,
    });
    deps = { ...r.deps, eodSchedule: schedule };
    expect(await scheduledReconciliationOp.handler(deps, {}, { principal: { name: 't', scope: 'agent', tokenId: null }, mode: 'paper' })).toEqual({ enabled: true, last: null });
    await schedule.tick();
    const last = (await scheduledReconciliationOp.handler(deps, {}, { principal: { name: 't', scope: 'agent', tokenId: null }, mode: 'paper' })).last!;
    expect(last).toMatchObject({ date: '2026-01-05', ok: true, error: null });
    expect(last.differences.missed_fill).toBeGreaterThanOrEqual(3);
    expect(events.map((e) => e.type)).toEqual(['alarm.reconciliation']);
    now += 3_600_000;
    await schedule.tick();
    expect(events).toHaveLength(1);
    expect((await r.request('GET', '/api/v1/reconciliation/scheduled', { token: r.tokens.agent })).body.data).toEqual({ enabled: false, last: null });
  });
});
