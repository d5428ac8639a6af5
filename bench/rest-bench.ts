/** REST benchmark: GET /api/v1/status latency (p50, p99) and requests per second at 16 connections, against a daemon whose agent trades the simulator meanwhile. */
import { performance } from 'node:perf_hooks';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'node:http';
import { AgentManager } from '../src/app/runtime/agent-manager.js';
import { loadRateCards } from '../src/adapters/rate-cards.js';
import { loadSimConfig } from '../src/adapters/sim-config-file.js';
import { ApiAccessStore } from '../src/adapters/store/api-access-store.js';
import { ControlStore } from '../src/adapters/store/control-store.js';
import { dbFiles } from '../src/adapters/store/db-paths.js';
import { EventWriter } from '../src/adapters/store/event-writer.js';
import { TradeBook } from '../src/adapters/store/trade-book.js';
import { EventBus } from '../src/app/events/event-bus.js';
import { OPERATIONS } from '../src/app/registry/registry.js';
import { listen } from '../src/http/daemon.js';
import { createRestApp } from '../src/http/rest-app.js';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { openJobService } from '../src/adapters/jobs/open-job-service.js';

const CONNECTIONS = 16;

function get(agent: Agent, url: URL, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

export async function restBench(requests = 6_000): Promise<{ requests: number; p50Ms: number; p99Ms: number; requestsPerSec: number; submitMs: number; jobMs: number; loopDelayP99Ms: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'scalper-bench-rest-'));
  try {
    const files = dbFiles(dir);
    const book = TradeBook.open(files.auto);
    const manual = TradeBook.open(files.manual);
    const control = ControlStore.open(files.control);
    const access = ApiAccessStore.open(files.control);
    const events = new EventBus(() => Date.now());
    const writer = await EventWriter.start({ bookPath: files.auto, controlPath: files.control, capacity: 1_000_000 });
    const agent = new AgentManager({ simConfig: loadSimConfig(), rateCards: loadRateCards(), sink: writer, book, control, wallNow: () => Date.now(), log: { log: () => undefined }, events });
    agent.start({ mode: 'paper', preset: 'nifty_normal', seed: 7, days: 1, startDate: '2026-01-05', simSpeed: 600 });
    const jobs = openJobService({ controlPath: files.control });
    jobs.on((e) => events.publish(e.type, { job: e.job }));
    const app = createRestApp({
      ops: OPERATIONS,
      deps: { agent, books: { auto: book, manual }, mode: () => 'paper', version: 'bench', events, jobs },
      access,
      now: () => Date.now(),
      log: { log: () => undefined },
      rateLimit: { perSecond: 1e9, burst: 1e9 },
    });
    const server = await listen(app, { host: '127.0.0.1', port: 0 }, false);
    const token = access.createToken('bench', 'agent', Date.now()).secret;
    const url = new URL(`${server.url}/api/v1/status`);
    const pool = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
    for (let i = 0; i < 200; i++) await get(pool, url, token); // warm-up
    const latencies: number[] = [];
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        while (next < requests) {
          next++;
          const s = performance.now();
          const status = await get(pool, url, token);
          latencies.push(performance.now() - s);
          if (status !== 200) throw new Error(`status ${status}`);
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    // POST /backtests of a 5-day backtest: the time to the 202, then the event loop's delay while it runs.
    const loop = monitorEventLoopDelay({ resolution: 1 });
    const done = new Promise<void>((resolve) => {
      const off = events.subscribe((e) => {
        if (e.type === 'job.done' || e.type === 'job.failed') {
          off();
          resolve();
        }
      });
    });
    loop.enable();
    const s0 = performance.now();
    const submitted = await fetch(`${server.url}/api/v1/backtests`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ days: 5, seed: 11, preset: 'nifty_normal' }),
    });
    const submitMs = performance.now() - s0;
    if (submitted.status !== 202) throw new Error(`POST /backtests answered ${submitted.status}`);
    await done;
    const jobMs = performance.now() - s0;
    loop.disable();
    await jobs.close();
    pool.destroy();
    await server.close();
    await agent.stop(false);
    await writer.close(0);
    for (const c of [book, manual, control, access]) c.close();
    latencies.sort((a, b) => a - b);
    const at = (q: number): number => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]! * 100) / 100;
    return {
      requests: latencies.length,
      p50Ms: at(0.5),
      p99Ms: at(0.99),
      requestsPerSec: Math.round(latencies.length / seconds),
      submitMs: Math.round(submitMs * 10) / 10,
      jobMs: Math.round(jobMs),
      loopDelayP99Ms: Math.round((loop.percentile(99) / 1e6) * 10) / 10,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
