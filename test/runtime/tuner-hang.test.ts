/**
 * A provider that never answers while the engine trades at full speed changes nothing the engine does: the same
 * ticks (count and hash) and the same trades as a run without the tuner. The tuner's call is asked mid-run and is
 * still hanging when the run ends; the shutdown cancels it and records the run as failed. No timing is asserted.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openGovernance } from '../../src/adapters/governance/open-governance.js';
import { openTunerService } from '../../src/adapters/tuners/open-tuner-service.js';
import { EventBus } from '../../src/app/events/event-bus.js';
import type { TickRecorderPort } from '../../src/app/runtime/runtime-ports.js';
import type { TunerRun } from '../../src/app/tuners/tuner-service.js';
import type { Tick } from '../../src/core/model/tick.js';
import { fakeLlmServer } from '../tuners/fake-llm-server.js';
import { harness, tempDbDir } from './agent-harness.js';

const RUN = { mode: 'paper' as const, preset: 'nifty_normal', seed: 3, days: 2, startDate: '2026-01-05', simSpeed: Infinity };

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Counts and hashes every tick the engine processes. */
function tickDigest(): TickRecorderPort & { digest(): { ticks: number; sha256: string } } {
  const hash = createHash('sha256');
  let ticks = 0;
  return {
    record(t: Tick) {
      hash.update(`${t.ts},${t.instrument},${t.ltp},${t.bid},${t.ask},${t.bidQty},${t.askQty};`);
      ticks++;
    },
    flush: () => Promise.resolve(),
    close: () => Promise.resolve(),
    digest: () => ({ ticks, sha256: hash.copy().digest('hex') }),
  };
}

/** One engine run of RUN; with `tuner`, a tuner run on a provider that never answers is started once 40 trades have closed. */
async function engineRun(tuner: boolean) {
  const t = tempDbDir();
  cleanups.push(() => t.cleanup());
  const events = new EventBus(() => Date.now());
  const ticks = tickDigest();
  const h = await harness(t.files, { events, recorder: () => ticks });
  cleanups.push(() => h.close());
  let started: { run: TunerRun; atTrade: number } | null = null;
  let closedTrades = 0;
  let hung: Awaited<ReturnType<typeof fakeLlmServer>> | null = null;
  let service: ReturnType<typeof openTunerService> | null = null;
  if (tuner) {
    hung = await fakeLlmServer('openai');
    hung.fallback = { hang: true };
    const fake = hung;
    cleanups.push(() => fake.close());
    const gov = openGovernance({ controlPath: t.files.control, engine: h.agent, mode: () => 'paper', now: () => Date.now(), recordingsDir: join(t.dir, 'recordings'), sim: () => ({ seed: 3, after: '2026-01-05' }), gate: { start: () => ({ jobId: 'manual' }) } });
    cleanups.push(() => gov.close());
    const svc = openTunerService({ controlPath: t.files.control, governance: gov.governance, book: h.book, env: { OPENAI_API_KEY: 'sk-test' }, now: () => Date.now(), utcOffsetMin: () => 330 });
    service = svc;
    cleanups.push(() => svc.close());
    events.subscribe((e) => {
      if (e.type !== 'trade.closed') return;
      closedTrades++;
      // The book is written by the writer thread: until 30 trades are committed a run is a recorded skip; try again at the next trade.
      if (started !== null || closedTrades < 40) return;
      const run = svc.service.run({ provider: 'openai', model: 'gpt-test', baseUrl: fake.baseUrl }, { trigger: 'demand', by: 'test' });
      if (run.status === 'running') started = { run, atTrade: closedTrades };
    });
  }
  h.agent.start(RUN);
  await h.agent.done;
  const trades = h.book.closedTrades().map((x) => ({ ...x }));
  return { trades, ticks: ticks.digest(), started: started as { run: TunerRun; atTrade: number } | null, hung, service, totalTrades: closedTrades };
}

describe('a tuner whose provider hangs while the engine trades', () => {
  it('leaves the engine’s ticks and trades exactly as without the tuner; shutdown cancels the hung call and records it', async () => {
    const without = await engineRun(false);
    const withTuner = await engineRun(true);

    expect(without.trades.length).toBeGreaterThan(60);
    // The tuner asked the provider mid-run, and the call was still hanging when the engine finished.
    expect(withTuner.started).not.toBeNull();
    expect(withTuner.started!.atTrade).toBeLessThan(withTuner.totalTrades);
    expect(withTuner.hung!.requests.length).toBe(1);
    expect(withTuner.service!.service.get(withTuner.started!.run.id).status).toBe('running');

    expect(withTuner.ticks).toEqual(without.ticks);
    expect(withTuner.trades).toEqual(without.trades);

    await withTuner.service!.service.close();
    expect(withTuner.service!.service.get(withTuner.started!.run.id)).toMatchObject({ outcome: 'failed', notes: ['attempt 1: cancelled (the tuner service is stopping)'] });
  });
});
