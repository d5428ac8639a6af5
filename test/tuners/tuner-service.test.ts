/** The tuner service: too few trades is a recorded skip; one run at a time; a missing key; cancellation of a hung provider on shutdown (each SDK); timeouts; the schedule on its clock; a restart keeps config and schedule and closes interrupted runs. */
import { afterEach, describe, expect, it } from 'vitest';
import { anthropicClient } from '../../src/adapters/llm/anthropic-client.js';
import { ollamaClient } from '../../src/adapters/llm/ollama-client.js';
import { openAiClient } from '../../src/adapters/llm/openai-client.js';
import { GovernanceStore } from '../../src/adapters/store/governance-store.js';
import { TunerRunStore } from '../../src/adapters/store/tuner-run-store.js';
import { TunerService } from '../../src/app/tuners/tuner-service.js';
import type { Tuner } from '../../src/app/tuners/tuner.js';
import { AppError } from '../../src/app/errors.js';
import { ANSWER_DESCRIPTION, ANSWER_NAME, ANSWER_SCHEMA } from '../../src/app/tuners/llm/answer-schema.js';
import { LlmCallError } from '../../src/app/tuners/llm/llm-client.js';
import { tempDbDir } from '../runtime/agent-harness.js';
import { fakeLlmServer, type FakeLlmServer, type FakeProtocol } from './fake-llm-server.js';
import { tunerHarness, type TunerHarness } from './tuner-harness.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(o: Parameters<typeof tunerHarness>[0] = {}, protocol: FakeProtocol = 'ollama'): Promise<{ h: TunerHarness; fake: FakeLlmServer }> {
  const fake = await fakeLlmServer(protocol);
  const h = tunerHarness(o);
  cleanups.push(() => fake.close(), () => h.cleanup(), () => h.close());
  return { h, fake };
}

const good = { answer: { assessment: 'fine', proposals: [{ changes: [{ field: 'tpPoints', value: 9 }], rationale: 'room' }] } };

describe('running', () => {
  it('with fewer than 30 closed trades in the agent’s book a run is recorded as skipped and no provider is asked', async () => {
    const { h, fake } = await setup({ trades: 29 });
    const r = h.service.run({ provider: 'ollama', baseUrl: fake.baseUrl }, { trigger: 'demand', by: 'trader' });
    expect(r).toMatchObject({ status: 'ended', outcome: 'skipped', closedTrades: 29, notes: ['the agent’s book has 29 closed trade(s); a tuner runs on at least 30 (the manual book never counts)'] });
    expect(fake.requests).toHaveLength(0);
    expect(h.service.runs(10).map((x) => x.id)).toEqual([r.id]);
  });

  it('a provider without its key: UNAVAILABLE on demand naming the variable (nothing recorded); a failed run when the schedule starts it', async () => {
    let now = Date.parse('2026-01-05T10:00:00+05:30');
    const { h } = await setup({ env: {}, now: () => now });
    const e = (() => {
      try {
        h.service.run({ provider: 'anthropic' }, { trigger: 'demand', by: 'trader' });
      } catch (err) {
        return err as AppError;
      }
      return null;
    })();
    expect(e).toBeInstanceOf(AppError);
    expect(e).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('ANTHROPIC_API_KEY is not set') as unknown });
    expect(h.service.runs(10)).toEqual([]);
    h.service.updateConfig({ provider: 'openai', schedule: { kind: 'interval', minutes: 15 } });
    now += 15 * 60_000;
    const r = h.service.checkSchedule();
    expect(r).toMatchObject({ trigger: 'schedule', requestedBy: 'schedule', outcome: 'failed', notes: [expect.stringContaining('OPENAI_API_KEY is not set')] });
  });

  it('one run at a time: a second while one is in flight is a conflict naming it', async () => {
    const { h, fake } = await setup();
    fake.script({ hang: true });
    const first = h.service.run({ provider: 'ollama', baseUrl: fake.baseUrl }, { trigger: 'demand', by: 'trader' });
    expect(() => h.service.run({ provider: 'ollama', baseUrl: fake.baseUrl }, { trigger: 'demand', by: 'trader' })).toThrow(`tuner run ${first.id} is still running`);
    await h.service.close();
    expect(h.service.get(first.id).outcome).toBe('failed');
  });
});

describe('any tuner', () => {
  it('is refused by the service when it proposes a field a tuner may not change, and governance refusals are noted', async () => {
    const { h } = await setup();
    const tuner: Tuner = {
      provider: 'offline',
      run: (ctx) =>
        Promise.resolve({
          proposals: [
            { diff: { dailyMaxLoss: 20_000 }, rationale: 'looser', fittedTo: ctx.lastDate },
            { diff: { tpPoints: 150 }, rationale: 'way wider', fittedTo: ctx.lastDate },
            { diff: { tpPoints: 9 }, rationale: 'wider', fittedTo: ctx.lastDate },
          ],
          record: { provider: 'offline', model: null, promptVersion: null, startedTs: 0, latencyMs: 7, tokens: null, outcome: 'proposed', notes: ['searched'] },
        }),
    };
    const runs = TunerRunStore.open(h.controlPath);
    const settings = GovernanceStore.open(h.controlPath);
    cleanups.push(() => runs.close(), () => settings.close());
    const service = new TunerService({ governance: h.governance, book: { closedTrades: () => h.trades }, runs, settings, tuners: () => tuner, now: () => Date.now(), utcOffsetMin: () => 330 });
    const r = service.run({ provider: 'offline' }, { trigger: 'demand', by: 'trader' });
    await service.idle();
    const out = service.get(r.id);
    expect(out.outcome).toBe('proposed');
    expect(out.notes).toEqual([
      'searched',
      'proposal 1 refused: dailyMaxLoss is a risk parameter: sizing, risk limits and session hours are the trader’s to change, never a tuner’s',
      expect.stringMatching(/^proposal 2 refused by governance: .*diff\.tpPoints: moves 142 from 8/),
    ]);
    expect(out.proposals.map((p) => p.id === null)).toEqual([true, true, false]);
    expect(h.governance.get(out.proposals[2]!.id!)).toMatchObject({ source: 'offline', author: 'tuner:offline', fittedTo: '2026-01-08' });
    await service.close();
  });
});

describe.each<FakeProtocol>(['anthropic', 'openai', 'ollama'])('%s: a provider that never answers', (protocol) => {
  it('is cancelled on shutdown through the abort signal, and the run is recorded as failed', async () => {
    const { h, fake } = await setup({}, protocol);
    fake.script({ hang: true });
    const r = h.service.run({ provider: protocol, baseUrl: fake.baseUrl }, { trigger: 'demand', by: 'trader' });
    while (fake.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(h.service.get(r.id).status).toBe('running');
    await h.service.close();
    expect(h.service.get(r.id)).toMatchObject({ status: 'ended', outcome: 'failed', notes: ['attempt 1: cancelled (the tuner service is stopping)'], proposals: [] });
    expect(h.governance.list(undefined, 100)).toEqual([]);
  });

  it('times out an attempt (its client with a short timeout), as a retryable failure', async () => {
    const fake = await fakeLlmServer(protocol);
    cleanups.push(() => fake.close());
    fake.fallback = { hang: true };
    const o = { model: 'm', baseUrl: fake.baseUrl, timeoutMs: 50 };
    const client = protocol === 'anthropic' ? anthropicClient({ ...o, apiKey: 'k' }) : protocol === 'openai' ? openAiClient({ ...o, apiKey: 'k' }) : ollamaClient(o);
    const out = await client
      .complete({ system: 's', user: 'u', schemaName: ANSWER_NAME, schemaDescription: ANSWER_DESCRIPTION, schema: ANSWER_SCHEMA, maxOutputTokens: 100, signal: new AbortController().signal })
      .catch((e: unknown) => e);
    expect(out).toBeInstanceOf(LlmCallError);
    expect(out).toMatchObject({ retryable: true, cancelled: false, message: expect.stringMatching(/^timed out/) as unknown });
  });
});

describe('the schedule', () => {
  it('an interval starts runs on the service’s clock, one per interval, counted from when it was set', async () => {
    let now = Date.parse('2026-01-05T10:00:00+05:30');
    const { h, fake } = await setup({ now: () => now });
    fake.fallback = good;
    h.service.updateConfig({ provider: 'ollama', baseUrl: fake.baseUrl, model: 'qwen3', schedule: { kind: 'interval', minutes: 60 } });
    expect(h.service.nextRunTs()).toBe(now + 3_600_000);
    now += 59 * 60_000;
    expect(h.service.checkSchedule()).toBeNull();
    now += 60_000;
    const r = h.service.checkSchedule()!;
    expect(r).toMatchObject({ trigger: 'schedule', provider: 'ollama', model: 'qwen3', baseUrl: fake.baseUrl });
    await h.service.idle();
    expect(h.service.get(r.id).outcome).toBe('proposed');
    expect(fake.requests.at(-1)!.body.model).toBe('qwen3');
    now += 30 * 60_000;
    expect(h.service.checkSchedule()).toBeNull();
    now += 30 * 60_000;
    expect(h.service.checkSchedule()).not.toBeNull();
    await h.service.idle();
  });

  it('a daily time waits for HH:MM in exchange time', async () => {
    let now = Date.parse('2026-01-05T09:00:00+05:30');
    const { h, fake } = await setup({ now: () => now });
    fake.fallback = good;
    h.service.updateConfig({ provider: 'ollama', baseUrl: fake.baseUrl, schedule: { kind: 'daily', at: '15:45' } });
    expect(h.service.nextRunTs()).toBe(Date.parse('2026-01-05T15:45:00+05:30'));
    now = Date.parse('2026-01-05T15:44:00+05:30');
    expect(h.service.checkSchedule()).toBeNull();
    now = Date.parse('2026-01-05T15:45:00+05:30');
    expect(h.service.checkSchedule()).not.toBeNull();
    await h.service.idle();
    expect(h.service.nextRunTs()).toBe(Date.parse('2026-01-06T15:45:00+05:30'));
  });

  it('config values are checked: timeouts of at least 30 s, intervals of at least 15 minutes, HH:MM, http(s) URLs', async () => {
    const { h } = await setup();
    for (const bad of [{ timeoutSeconds: 10 }, { schedule: { kind: 'interval', minutes: 5 } }, { schedule: { kind: 'daily', at: '25:00' } }, { baseUrl: 'ftp://x' }, { provider: 'gemini' }]) {
      expect(() => h.service.updateConfig(bad as never), JSON.stringify(bad)).toThrow();
    }
    expect(h.service.config()).toMatchObject({ provider: 'offline', timeoutSeconds: 60, schedule: { kind: 'off' } });
  });
});

describe('a restart', () => {
  it('keeps the provider, model, endpoint and schedule (its next run the same), and closes a run the stop interrupted', async () => {
    let now = Date.parse('2026-01-05T10:00:00+05:30');
    const dir = tempDbDir();
    cleanups.push(() => dir.cleanup());
    const h1 = tunerHarness({ dir: { ...dir, cleanup: () => undefined }, now: () => now });
    const config = h1.service.updateConfig({ provider: 'anthropic', model: 'claude-x', baseUrl: 'http://127.0.0.1:9/', schedule: { kind: 'daily', at: '15:45' }, timeoutSeconds: 90, attempts: 2 });
    const next = h1.service.nextRunTs();
    await h1.close();
    // A process that died mid-run leaves it running in the table.
    const store = TunerRunStore.open(dir.files.control);
    const orphan = store.begin({ provider: 'ollama', model: 'm', baseUrl: null, trigger: 'schedule', requestedBy: 'schedule', startedTs: now - 1000, closedTrades: 40, paramsVersion: null });
    store.close();

    now += 3_600_000;
    const h2 = tunerHarness({ dir: { ...dir, cleanup: () => undefined }, now: () => now });
    cleanups.push(() => h2.close());
    expect(h2.service.config()).toEqual(config);
    expect(h2.service.nextRunTs()).toBe(next);
    expect(h2.service.get(orphan.id)).toMatchObject({ status: 'ended', outcome: 'failed', notes: ['interrupted: the service stopped while the run was in flight (a restart does not resume it)'] });
  });
});
