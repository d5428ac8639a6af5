/** A restart keeps the parameter versions, the proposals and the settings, and runs the version in force. */
import { afterEach, describe, expect, it } from 'vitest';
import { openGovernance } from '../../src/adapters/governance/open-governance.js';
import { openJobService } from '../../src/adapters/jobs/open-job-service.js';
import { harness, tempDbDir } from './agent-harness.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

describe('governance across a restart', () => {
  it('the applied version is in force again after a restart; versions, proposals and settings are kept', async () => {
    const t = tempDbDir();
    cleanups.push(t.cleanup);
    const run = { mode: 'paper' as const, preset: 'nifty_normal', seed: 5, days: 2, startDate: '2026-01-05', simSpeed: 1 };
    const options = (engine: Parameters<typeof openGovernance>[0]['engine']) => ({
      controlPath: t.files.control,
      engine,
      mode: () => 'paper' as const,
      now: () => Date.now(),
      recordingsDir: `${t.dir}/recordings`,
      sim: () => ({ seed: 5, after: '2026-01-05' }),
      gate: { start: () => ({ jobId: 'manual' }) },
    });

    const h1 = await harness(t.files);
    h1.agent.start(run);
    const g1 = openGovernance(options(h1.agent));
    g1.governance.updateSettings({ cooloffMinutes: 0, gateDays: 3 });
    const { proposal } = g1.governance.propose({ diff: { tpPoints: 10 }, rationale: 'wider' }, 'human', 'trader');
    g1.governance.gateEnded(proposal.id, { passed: true, reason: 'test', evidence: {} });
    g1.governance.approve(proposal.id, { name: 'trader', scope: 'trader', tokenId: null });
    const { version } = g1.governance.apply(proposal.id, { name: 'trader', scope: 'trader', tokenId: null });
    await h1.agent.stop(false);
    g1.close();
    await h1.close();

    const h2 = await harness(t.files);
    const g2 = openGovernance(options(h2.agent));
    const params = g2.governance.restoreFor('nifty_normal');
    expect(params?.tpPoints).toBe(10);
    expect(g2.governance.restoreFor('nifty_expiry')).toBeNull();
    h2.agent.start({ ...run, params: params! });
    expect(h2.agent.status().paramsVersion).toBe(version.id);
    expect(g2.governance.inForce()?.id).toBe(version.id);
    expect(g2.governance.get(proposal.id)).toMatchObject({ status: 'applied', appliedVersion: version.id });
    expect(g2.governance.versions(10).map((v) => v.id)).toContain(version.parentId);
    expect(g2.governance.settings()).toMatchObject({ cooloffMinutes: 0, gateDays: 3 });
    await h2.agent.stop(false);
    g2.close();
    await h2.close();
  });

  it('a proposal whose gate job a restart interrupted fails its gate, saying why, instead of waiting for ever', async () => {
    const t = tempDbDir();
    cleanups.push(t.cleanup);
    const run = { mode: 'paper' as const, preset: 'nifty_normal', seed: 6, days: 1, startDate: '2026-01-05', simSpeed: 1 };
    const h1 = await harness(t.files);
    h1.agent.start(run);
    const jobs1 = openJobService({ controlPath: t.files.control, poolSize: 1 });
    const g1 = openGovernance({ controlPath: t.files.control, engine: h1.agent, mode: () => 'paper', now: () => Date.now(), jobs: jobs1, recordingsDir: `${t.dir}/recordings`, sim: () => ({ seed: 6, after: '2026-01-05' }) });
    g1.governance.updateSettings({ gateDays: 20 });
    const { proposal } = g1.governance.propose({ diff: { tpPoints: 10 }, rationale: 'x' }, 'human', 'trader');
    expect(proposal.status).toBe('gating');
    // The daemon stops while the gate runs: the job service ends its jobs, the proposal stays gating.
    g1.close();
    await jobs1.close();
    await h1.agent.stop(false);
    await h1.close();

    const h2 = await harness(t.files);
    h2.agent.start(run);
    const jobs2 = openJobService({ controlPath: t.files.control, poolSize: 1 });
    const g2 = openGovernance({ controlPath: t.files.control, engine: h2.agent, mode: () => 'paper', now: () => Date.now(), jobs: jobs2, recordingsDir: `${t.dir}/recordings`, sim: () => ({ seed: 6, after: '2026-01-05' }) });
    const after = g2.governance.get(proposal.id);
    expect(after.status).toBe('gate_failed');
    expect(after.reason).toMatch(/gate backtest failed/);
    g2.close();
    await jobs2.close();
    await h2.agent.stop(false);
    await h2.close();
  });
});
