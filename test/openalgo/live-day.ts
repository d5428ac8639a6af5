/** A simulated day played as OpenAlgo's market: the fake's chain set from it, and its ticks pushed through the fake's WebSocket, a few at a time. */
import { createSimWorld } from '../../src/app/sim-world.js';
import type { Universe } from '../../src/core/model/instrument.js';
import { rowToTick } from '../../src/sim/market/tick-columns.js';
import { rateCards, simConfig } from '../runtime/agent-harness.js';
import type { FakeOpenAlgo } from './fake-openalgo.js';

const FILL = { latencyMs: 100, slippageTicks: 0, slippageProbability: 0.25 };
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

export async function until(what: string, ok: () => boolean, boundMs = 120_000): Promise<void> {
  const end = Date.now() + boundMs;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`still waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A simulated day (seed 7) as the market: its ticks, its expiry, its ATM strike at the open, its lot. */
export function simulatedDay() {
  const { market } = createSimWorld(simConfig, rateCards, { underlying: 'NIFTY', startDate: '2026-01-05', days: 1, seed: 7, preset: 'nifty_normal', fill: FILL });
  const cols = market.columnsForDay(0);
  const chain = market.chainForDay(0);
  const u = market.universe.instruments;
  const firstIndex = [...Array(cols.length).keys()].find((i) => cols.instrument[i] === market.indexInstrumentId)!;
  const open = cols.ltp[firstIndex]!;
  const step = simConfig.underlyings[0]!.strikeStep * 100;
  const atm = Math.round(open / step) * step;
  const someOption = u.find((i) => i.kind === 'OPTION')!;
  return { market, cols, chain, atm, step, lot: someOption.kind === 'OPTION' ? someOption.lotSize : 0, expiry: chain.expiryDate };
}

export type SimulatedDay = ReturnType<typeof simulatedDay>;

/** The fake's chain as OpenAlgo would answer it for this day. */
export function chainOf(day: SimulatedDay): FakeOpenAlgo['chain'] {
  const [y, m, d] = day.expiry.split('-');
  return { expiries: [`${d}-${MONTHS[Number(m) - 1]}-${y!.slice(2)}`], atm: day.atm / 100, step: day.step / 100, lotsize: day.lot, tickSize: 0.05 };
}

/**
 * Pushes the day's ticks of the live universe's symbols through the fake, as OpenAlgo market data (rupees),
 * keeping each option's last quote so the fake can fill orders at it.
 */
export class DayPlayer {
  private i = 0;
  pushed = 0;
  lastTs = 0;
  /** Last bid and ask of each symbol, rupees. */
  readonly quotes = new Map<string, { bid: number; ask: number }>();
  private readonly wanted: Set<string>;

  constructor(
    private readonly day: SimulatedDay,
    private readonly fake: FakeOpenAlgo,
    live: Universe,
  ) {
    this.wanted = new Set(live.instruments.map((x) => x.symbol));
  }

  get done(): boolean {
    return this.i >= this.day.cols.length;
  }

  /** Offers up to `n` ticks of the live symbols (the fake delivers those subscribed); false once the day is over. */
  push(n: number): boolean {
    const sim = this.day.market.universe.instruments;
    let sent = 0;
    while (sent < n && this.i < this.day.cols.length) {
      const tick = rowToTick(this.day.cols, this.i++);
      const inst = sim[tick.instrument]!;
      if (!this.wanted.has(inst.symbol)) continue;
      const data: Record<string, unknown> = { ltp: tick.ltp / 100, timestamp: tick.ts };
      if (inst.kind === 'OPTION') {
        Object.assign(data, { bid: tick.bid / 100, ask: tick.ask / 100, bid_qty: tick.bidQty, ask_qty: tick.askQty });
        this.quotes.set(inst.symbol, { bid: tick.bid / 100, ask: tick.ask / 100 });
      }
      // Only the symbols subscribed are delivered (as OpenAlgo does): the last time is a delivered tick's.
      const delivered = this.fake.push(inst.kind === 'INDEX' ? 'NSE_INDEX' : 'NFO', inst.symbol, data);
      this.pushed += delivered;
      if (delivered > 0) this.lastTs = tick.ts;
      sent += 1;
    }
    return !this.done;
  }
}
