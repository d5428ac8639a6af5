/** The gate backtest as a real job: a proposal is compared with the set in force after the data it was fitted on; one that changes nothing cannot pass. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restHarness, type RestHarness } from './rest-harness.js';

let r: RestHarness;
beforeAll(async () => {
  r = await restHarness({ jobs: true });
});
afterAll(async () => {
  await r.close();
});

const settled = async (id: number): Promise<ReturnType<NonNullable<RestHarness['deps']['governance']>['get']>> => {
  for (;;) {
    const p = r.deps.governance!.get(id);
    if (p.status !== 'gating') return p;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

describe('the gate backtest', () => {
  it('runs as a job on simulated days after the fit, records both sides and fails a proposal that changes nothing in how it trades', async () => {
    r.deps.governance!.updateSettings({ gateDays: 2 });
    const res = await r.request('POST', '/api/v1/proposals', { token: r.tokens.agent, json: { diff: { calibrationMinProb: 0.6 }, rationale: 'a rule that is off', fittedTo: '2026-01-09' } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const p = (res.body.data as { proposal: { id: number; status: string; gateJob: string } }).proposal;
    expect(p.status).toBe('gating');
    expect(p.gateJob).toMatch(/.+/);
    const done = await settled(p.id);
    expect(done.status).toBe('gate_failed');
    const gate = done.gate as { window: { startDate: string; days: number }; current: { trades: number; netPnl: string }; proposal: { trades: number; netPnl: string }; passed: boolean; rule: string };
    expect(gate.window).toMatchObject({ startDate: '2026-01-10', days: 2 });
    expect(gate.proposal).toEqual(gate.current);
    expect(gate.current.trades).toBeGreaterThan(0);
    expect(gate.passed).toBe(false);
    expect(done.reason).toContain('not above');
    const job = await r.request('GET', `/api/v1/jobs/${p.gateJob}`, { token: r.tokens.agent });
    expect((job.body.data as { kind: string; state: string }).kind).toBe('compare');
    expect((await r.request('POST', `/api/v1/proposals/${p.id}/approve`, { json: {} })).status).toBe(409);
  });
});
