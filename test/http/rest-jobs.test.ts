import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BusEvent } from '../../src/app/events/event-bus.js';
import { scalper } from '../cli/in-process.js';
import { restHarness, type RestHarness } from './rest-harness.js';

/** POST /backtests: 202 with a job at once, progress events, the same result as `scalper backtest --json`, a repeat from the store, the engine trading meanwhile. */
let r: RestHarness;
beforeAll(async () => {
  r = await restHarness({ jobs: true });
});
afterAll(async () => {
  await r.close();
});

const input = { days: 2, seed: 5, preset: 'nifty_normal' };

const jobEvents = (id: string, until: (e: BusEvent) => boolean): Promise<BusEvent[]> =>
  new Promise((resolve) => {
    const seen: BusEvent[] = [];
    const off = r.deps.events.subscribe((e) => {
      if ((e.data.job as { id?: string } | undefined)?.id !== id) return;
      seen.push(e);
      if (until(e)) {
        off();
        resolve(seen);
      }
    });
  });

describe('backtests as jobs over REST', () => {
  it('answers 202 with a queued job, reports progress, and the result equals the CLI’s', async () => {
    const simBefore = r.deps.agent.status().simTime ?? 0;
    const res = await r.request('POST', '/api/v1/backtests', { token: r.tokens.agent, json: input });
    expect(res.status).toBe(202);
    const job = res.body.data as { id: string; state: string; kind: string; submittedBy: string };
    expect(job).toMatchObject({ kind: 'backtest', submittedBy: 'agent-test' });
    expect(['queued', 'running']).toContain(job.state);
    const events = await jobEvents(job.id, (e) => e.type === 'job.done' || e.type === 'job.failed');
    expect(events.at(-1)!.type).toBe('job.done');
    expect(events.some((e) => e.type === 'job.progress')).toBe(true);
    const done = (await r.request('GET', `/api/v1/jobs/${job.id}`, { token: r.tokens.agent })).body.data as { state: string; result: unknown };
    expect(done.state).toBe('done');
    const cli = await scalper(['backtest', '--sim', '--days', '2', '--seed', '5', '--preset', 'nifty_normal', '--json']);
    expect(cli.code).toBe(0);
    expect(done.result).toEqual(JSON.parse(cli.stdout));
    // The engine kept trading on the main thread while the job ran on the pool.
    expect(r.deps.agent.status().simTime ?? 0).toBeGreaterThan(simBefore);
    // The same work again is the same job, served from the store.
    const again = await r.request('POST', '/api/v1/backtests', { token: r.tokens.agent, json: input });
    expect(again.status).toBe(202);
    expect(again.body.data).toMatchObject({ id: job.id, state: 'done' });
    const page = (await r.request('GET', '/api/v1/jobs?kind=backtest', { token: r.tokens.automation })).body.data as { items: { id: string }[] };
    expect(page.items.map((j) => j.id)).toContain(job.id);
  });

  it('a backtest on data reports its progress day by day', async () => {
    const res = await r.request('POST', '/api/v1/backtests', { token: r.tokens.agent, json: { data: 'sim:NIFTY:8:2026-01-05:3' } });
    expect(res.status).toBe(202);
    const job = res.body.data as { id: string };
    const events = await jobEvents(job.id, (e) => e.type === 'job.done' || e.type === 'job.failed');
    expect(events.at(-1)!.type).toBe('job.done');
    const messages = events.filter((e) => e.type === 'job.progress').map((e) => (e.data.job as { progress: { message: string } }).progress.message);
    expect(messages).toEqual(expect.arrayContaining(['0 of 3 days done', '1 of 3 days done', '2 of 3 days done', '3 of 3 days done']));
  });

  it('refuses bad input naming the field, and cancels a queued job', async () => {
    const bad = await r.request('POST', '/api/v1/backtests', { token: r.tokens.agent, json: { days: 0 } });
    expect(bad.status).toBe(400);
    expect((bad.body.error as { issues: { field: string }[] }).issues.map((i) => i.field)).toContain('days');
    const long = await r.request('POST', '/api/v1/backtests', { token: r.tokens.agent, json: { days: 40, seed: 9 } });
    const id = (long.body.data as { id: string }).id;
    const cancelled = await r.request('POST', `/api/v1/jobs/${id}/cancel`, { token: r.tokens.agent, json: {} });
    expect(cancelled.status).toBe(200);
    expect((cancelled.body.data as { state: string }).state).toBe('cancelled');
    expect((await r.request('GET', '/api/v1/jobs/nope', { token: r.tokens.agent })).status).toBe(404);
  });
});
