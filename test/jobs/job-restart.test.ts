/** A crash mid-job loses nothing: a process running a job is killed (SIGKILL); the next service on the same database marks its jobs failed, interrupted by a restart. */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INTERRUPTED_BY_CLOSE, INTERRUPTED_BY_RESTART } from '../../src/app/jobs/job-service.js';
import type { JobView } from '../../src/app/jobs/job-types.js';
import { jobHarness, tempControlPath, type JobHarness } from './job-harness.js';

const at = tempControlPath();
let ids: { running: string; queued: string };
let h: JobHarness;

/** Runs crash-child.ts on the database, kills it with SIGKILL once its first job runs on a worker; resolves with the job ids. */
async function crashMidJob(): Promise<{ running: string; queued: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./crash-child.ts', import.meta.url)), at.controlPath], {
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  let submitted: string[] = [];
  for await (const line of createInterface({ input: child.stdout })) {
    if (line.startsWith('submitted ')) submitted = line.split(' ').slice(1);
    if (line.startsWith('running ')) {
      expect(line).toBe(`running ${submitted[0]}`);
      child.kill('SIGKILL');
      break;
    }
  }
  expect(await exited).toBe('SIGKILL');
  return { running: submitted[0]!, queued: submitted[1]! };
}

beforeAll(async () => {
  ids = await crashMidJob();
  h = jobHarness(1, at);
}, 300_000);

afterAll(() => h.close());

describe('after a crash', () => {
  it('finds both jobs the killed process had acknowledged', () => {
    expect(h.service.list({ limit: 10 }).items.map((j) => j.id).sort()).toEqual([ids.running, ids.queued].sort());
  });

  it('marks the running and the queued job failed, interrupted by a restart', () => {
    const running = h.service.get(ids.running);
    const queued = h.service.get(ids.queued);
    for (const job of [running, queued]) {
      expect(job.state).toBe('failed');
      expect(job.error).toEqual({ code: 'UNAVAILABLE', message: INTERRUPTED_BY_RESTART, issues: [] });
      expect(job.finishedTs).not.toBeNull();
      expect(job.result).toBeNull();
    }
    expect(running.startedTs).not.toBeNull();
    expect(queued.startedTs).toBeNull();
    expect(h.service.recovered.map((j: JobView) => j.id).sort()).toEqual([ids.running, ids.queued].sort());
  });

  it('runs the same work again when it is submitted again (a failed job does not hold its run key)', () => {
    const again = h.service.submit('backtest', { days: 30, seed: 11 }, 'tester');
    expect(again.id).not.toBe(ids.running);
    expect(again.runKey).toBe(h.service.get(ids.running).runKey);
    expect(['queued', 'running']).toContain(again.state);
  });
});

describe('close', () => {
  it('marks the jobs still queued or running failed, interrupted, and refuses new ones', async () => {
    const other = jobHarness(1);
    const running = other.service.submit('backtest', { days: 30, seed: 13 }, 'tester');
    const queued = other.service.submit('backtest', { days: 30, seed: 14 }, 'tester');
    const failed: string[] = [];
    other.service.on((e) => e.type === 'job.failed' && failed.push(e.job.id));
    await other.close(true);
    expect(failed.sort()).toEqual([running.id, queued.id].sort());
    const reopened = jobHarness(1, other.at);
    try {
      for (const id of [running.id, queued.id]) expect(reopened.service.get(id).error?.message).toBe(INTERRUPTED_BY_CLOSE);
      expect(reopened.service.recovered).toEqual([]);
    } finally {
      await reopened.close();
    }
    expect(() => other.service.submit('backtest', { days: 1 }, 'tester')).toThrow(expect.objectContaining({ code: 'UNAVAILABLE' }));
  });
});
