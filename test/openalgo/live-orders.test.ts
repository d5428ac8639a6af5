/**
 * Orders through OpenAlgo (issue 11): the agent trading a day in OpenAlgo's analyzer mode, its fills booked
 * at the broker's prices with no order doubled and a planted position-book difference pausing entries; and
 * live mode, refused unarmed, its entries stopped when the arming lapses (exits still go out), resumed only
 * once armed again, and disarmed by the kill switch.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openOpenAlgoSource, strikeOfSymbol } from '../../src/adapters/openalgo/openalgo-live-source.js';
import { OpenAlgoRest } from '../../src/adapters/openalgo/openalgo-rest.js';
import { EventBus, type BusEvent } from '../../src/app/events/event-bus.js';
import { LiveArming } from '../../src/app/live/live-arming.js';
import type { Principal } from '../../src/app/registry/operation.js';
import type { Universe } from '../../src/core/model/instrument.js';
import { harness, rateCards, simConfig, tempDbDir, type Harness } from '../runtime/agent-harness.js';
import { FakeOpenAlgo, type FakeOrder } from './fake-openalgo.js';
import { chainOf, DayPlayer, simulatedDay, until, type SimulatedDay } from './live-day.js';

const KEY = 'live-key-0123456789';
const FILL = { latencyMs: 100, slippageTicks: 0, slippageProbability: 0.25 };
const TRADER: Principal = { name: 'trader', scope: 'trader', tokenId: null };

let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.reverse()) await f();
  cleanup = [];
});

/** The fake with the day's chain, filling every order at once at the symbol's last quote (ask to buy, bid to sell). */
async function fakeFor(day: SimulatedDay): Promise<{ fake: FakeOpenAlgo; attach: (u: Universe) => DayPlayer }> {
  const fake = await FakeOpenAlgo.start({ apiKey: KEY });
  cleanup.push(() => fake.close());
  fake.chain = chainOf(day);
  fake.netPositions = true;
  let player: DayPlayer | null = null;
  fake.onOrder = (o: FakeOrder) => {
    const q = player!.quotes.get(o.symbol)!;
    fake.fill(o.orderid, o.quantity, o.action === 'BUY' ? q.ask : q.bid);
  };
  // The player of the live universe, once the source has built it from the fake's chain.
  return { fake, attach: (u) => (player = new DayPlayer(day, fake, u)) };
}

/**
 * Pushes ticks in steps until `stop` holds (or the day ends), each step processed by the agent before the
 * next. A tick the fake sent for a strike the feed had just unsubscribed (the message crossing it) is
 * dropped by the feed, as it should be: a step whose agent time stops moving short of the last tick sent
 * counts as processed.
 */
async function play(h: Harness, player: DayPlayer, stop: () => boolean = () => false): Promise<void> {
  while (!stop() && player.push(300)) {
    let seen: number | null = null;
    let since = Date.now();
    await until('the ticks processed', () => {
      const s = h.agent.status();
      if (s.simTime === player.lastTs || s.state === 'stopped') return true;
      if (s.simTime !== seen) {
        seen = s.simTime;
        since = Date.now();
        return false;
      }
      return Date.now() - since > 1_000;
    });
  }
}

async function agentOn(events: BusEvent[], liveArming?: LiveArming): Promise<Harness> {
  const t = tempDbDir();
  const bus = new EventBus(() => Date.now());
  bus.subscribe((e) => events.push(e));
  const h = await harness(t.files, { events: bus, ...(liveArming === undefined ? {} : { liveArming }) });
  cleanup.push(() => t.cleanup());
  cleanup.push(() => h.close());
  return h;
}

describe('orders through OpenAlgo', () => {
  it('analyzer mode: a day traded through OpenAlgo’s sandbox, fills at its prices, no order doubled, and a position-book difference pauses entries', async () => {
    const day = simulatedDay();
    const { fake, attach } = await fakeFor(day);
    fake.analyzeMode = true;
    const rest = new OpenAlgoRest({ baseUrl: fake.httpUrl, apiKey: KEY });
    const live = await openOpenAlgoSource({ rest, wsUrl: fake.wsUrl, apiKey: KEY, underlying: simConfig.underlyings[0]!, today: '2026-01-05', chainWidth: 2, rateCards, preset: 'nifty_normal', seed: 7, fill: FILL, orders: { mode: 'analyzer', armed: () => false, reconcileEveryMs: 100, timings: { lookupDelayMs: 50, pollMs: 500 } } });
    const player = attach(live.world.universe);
    await until('the subscriptions', () => fake.subscriptions()[0]?.length === 7);
    const events: BusEvent[] = [];
    const h = await agentOn(events);
    // Paper on a market whose orders go to OpenAlgo is refused: the mode must say where orders go.
    expect(() => h.agent.start({ mode: 'paper', preset: 'nifty_normal', seed: 7, days: 1, startDate: '2026-01-05', simSpeed: 1, live })).toThrow(/mode: paper fills on our paper broker/);
    h.agent.start({ mode: 'analyzer', preset: 'nifty_normal', seed: 7, days: 1, startDate: '2026-01-05', simSpeed: 1, live });
    expect(h.agent.status().mode).toBe('analyzer');

    await play(h, player);
    // Only the agent's strikes and their neighbours are streamed; each roll unsubscribed the strikes it left, with their mode.
    const k = h.agent.status().instruments;
    const ce = k.find((i) => i.role === 'CE')!.symbol;
    const ceStrike = strikeOfSymbol(ce, 'NIFTY');
    const expected = [ceStrike - day.step, ceStrike, ceStrike + day.step].filter((x) => Math.abs(x - day.atm) <= 2 * day.step);
    const streamed = () => fake.subscriptions()[0]!.filter((x) => x.startsWith('NFO:'));
    const strikes = () => streamed().map((x) => strikeOfSymbol(x.slice(4, -2), 'NIFTY')).sort((p, q) => p - q);
    // The last roll's messages may still be on their way to the fake.
    await until('the subscriptions to follow the strikes', () => JSON.stringify(strikes()) === JSON.stringify(expected.flatMap((x) => [x, x])), 10_000);
    expect(streamed().every((x) => x.endsWith('@3'))).toBe(true);
    const unsubscribed = fake.received.filter((m) => m.action === 'unsubscribe');
    expect(unsubscribed.length).toBeGreaterThan(0);
    expect(unsubscribed.every((m) => (m.symbols as { mode?: number }[]).every((x) => x.mode === 3))).toBe(true);
    await until('every order final', () => [...fake.orders.values()].every((o) => o.order_status === 'complete') && h.agent.status().position === null, 30_000);
    await until('the last fills booked', () => h.book.events().length === fake.orders.size, 30_000);
    const fills = h.book.events();
    expect(fills.length).toBeGreaterThan(4);
    // Each order placed once, and each booked at the broker's average price (paise).
    const atBroker = [...fake.orders.values()].map((o) => `${o.symbol} ${o.action} ${o.quantity} ${Math.round(o.average_price * 100)}`).sort();
    expect(fills.map((f) => `${f.symbol} ${f.action} ${f.qty} ${f.price}`).sort()).toEqual(atBroker);
    // A sandbox is no money: the book says PAPER. Analyzer mode was never toggled by us.
    expect(new Set(fills.map((f) => f.mode))).toEqual(new Set(['PAPER']));
    expect(fake.requests.some((r) => r.endpoint.startsWith('analyzer/'))).toBe(false);
    expect(h.agent.status().state).toBe('running');

    // A position at the broker in a strike we trade that we do not hold: confirmed on two checks, it pauses entries and raises the alarm.
    const traded = new Set([...fake.orders.values()].map((o) => o.symbol));
    const other = live.world.universe.instruments.find((i) => i.kind === 'OPTION' && !traded.has(i.symbol))!;
    fake.positionbook.push({ symbol: other.symbol, exchange: 'NFO', product: 'MIS', quantity: '65', average_price: '100.00' });
    await until('entries paused', () => h.agent.status().state === 'paused', 30_000);
    // Status says why, and the alarm in force names the symbol and both quantities.
    expect(h.agent.status().pausedReason).toMatch(/positions differ from the broker/);
    expect(h.agent.status().alarms.map((a) => a.kind)).toEqual(['positions']);
    expect(h.agent.status().alarms[0]!.message).toContain(`${other.symbol} ours 0, broker 65`);
    const alarm = events.find((e) => e.type === 'alarm.positions');
    expect(alarm?.data).toMatchObject({ event: 'mismatch', mode: 'analyzer', mismatches: [{ symbol: other.symbol, ours: 0, broker: 65, kind: 'unknown_to_us' }] });
    // Nothing was "fixed": no order for it.
    expect([...fake.orders.values()].some((o) => o.symbol === other.symbol)).toBe(false);
    await h.agent.stop(false);
  }, 300_000);

  it('live mode: refused unarmed; a lapsed arming stops entries but not the exit; resuming needs arming again; the kill switch disarms', async () => {
    const day = simulatedDay();
    const { fake, attach } = await fakeFor(day);
    const settings = new Map<string, unknown>();
    let skew = 0;
    const arming = new LiveArming({ setting: <T>(k: string) => settings.get(k) as T | undefined, putSetting: (k, v) => void settings.set(k, v) }, () => Date.now() + skew, () => true);
    const rest = new OpenAlgoRest({ baseUrl: fake.httpUrl, apiKey: KEY });
    const live = await openOpenAlgoSource({ rest, wsUrl: fake.wsUrl, apiKey: KEY, underlying: simConfig.underlyings[0]!, today: '2026-01-05', chainWidth: 2, rateCards, preset: 'nifty_normal', seed: 7, fill: FILL, orders: { mode: 'live', armed: () => arming.armed(), reconcileEveryMs: 100, timings: { lookupDelayMs: 50, pollMs: 500 } } });
    const player = attach(live.world.universe);
    await until('the subscriptions', () => fake.subscriptions()[0]?.length === 7);
    const events: BusEvent[] = [];
    const h = await agentOn(events, arming);
    const start = () => h.agent.start({ mode: 'live', preset: 'nifty_normal', seed: 7, days: 1, startDate: '2026-01-05', simSpeed: 1, live });

    expect(start).toThrow(/mode: live trading is not armed; only the trader arms it/);
    expect(h.agent.status().state).toBe('stopped');
    expect(() => arming.arm({ ...TRADER, scope: 'agent' }, 10)).toThrow(/only the trader arms/);
    expect(() => arming.arm(TRADER, 376)).toThrow(/minutes: must be a whole number from 1 to 375/);
    arming.arm(TRADER, 10);
    start();
    expect(h.agent.status().mode).toBe('live');

    // Until an entry has filled at the broker.
    await play(h, player, () => h.agent.status().position !== null);
    expect(h.agent.status().position).not.toBeNull();
    const entries = () => [...fake.orders.values()].filter((o) => o.action === 'BUY').length;
    await until('the entry filled at the broker', () => entries() === 1 && h.book.events().length === 1);
    const entriesWhenLapsed = entries();

    // The arming lapses: entries pause at once; the open position is still managed to its exit, placed at the broker.
    skew = 11 * 60_000;
    expect(arming.armed()).toBe(false);
    await play(h, player, () => h.agent.status().state === 'paused');
    expect(h.agent.status().state).toBe('paused');
    expect(h.agent.status().alarms.map((a) => a.kind)).toEqual(['live_arming']);
    expect(events.some((e) => e.type === 'live.disarmed' && /entries paused/.test(String(e.data.reason)))).toBe(true);
    await play(h, player, () => h.agent.status().position === null);
    expect(h.agent.status().position).toBeNull();
    await play(h, player, () => player.pushed > 60_000);
    expect(entries()).toBe(entriesWhenLapsed);
    expect([...fake.orders.values()].filter((o) => o.action === 'SELL').length).toBe(entriesWhenLapsed);
    expect(() => h.agent.resume()).toThrow(/live arming is not in force/);

    // Armed again, entries resume; the kill switch flattens, halts and ends the arming.
    arming.arm(TRADER, 30);
    h.agent.resume();
    expect(h.agent.status().state).toBe('running');
    expect(h.agent.status().alarms).toEqual([]);
    h.agent.kill();
    expect(h.agent.status().state).toBe('killed');
    expect(arming.armed()).toBe(false);
    expect(arming.state().lastEnd).toMatchObject({ by: 'kill switch', reason: 'kill switch' });
    expect(events.some((e) => e.type === 'live.disarmed' && e.data.by === 'kill switch')).toBe(true);
    await h.agent.stop(false);
    // Live orders make the LIVE book.
    const fills = h.book.events();
    expect(fills.length).toBeGreaterThan(0);
    expect(new Set(fills.map((f) => f.mode))).toEqual(new Set(['LIVE']));
  }, 300_000);
});
