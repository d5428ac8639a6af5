/**
 * Plans a simulated run's days in a worker thread (about 10 ms a day: 2.5–4 s for 250 days), so the service
 * keeps answering signals, its API and a stop while it plans. An abort terminates the worker at once.
 */
import { Worker } from 'node:worker_threads';
import type { DayPlan } from '../../sim/market/day-plan.js';
import type { SimConfig } from '../../sim/market/sim-config.js';
import type { SimMarketOptions } from '../../sim/market/sim-market.js';

function workerEntry(): URL {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new URL('./plan-worker.js', here);
  // From source (tests, tsx) the worker registers the TypeScript loader first: Node 20 workers do not inherit it.
  const code = `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))}; register(); await import(${JSON.stringify(new URL('./plan-worker.ts', here).href)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}

/** The plans `createSimMarket` would make for `options`; rejects with an AbortError when `signal` aborts first. */
export function planSimDaysInWorker(config: SimConfig, options: Omit<SimMarketOptions, 'plans'>, signal?: AbortSignal): Promise<DayPlan[]> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted === true) return reject(new DOMException('planning was interrupted', 'AbortError'));
    const worker = new Worker(workerEntry(), { workerData: { config, options } });
    const onAbort = (): void => {
      void worker.terminate();
      reject(new DOMException('planning was interrupted', 'AbortError'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.once('message', (m: { ok: true; plans: DayPlan[] } | { ok: false; message: string }) => {
      signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      if (m.ok) resolve(m.plans);
      else reject(new RangeError(m.message));
    });
    worker.once('error', (e) => {
      signal?.removeEventListener('abort', onAbort);
      reject(e);
    });
  });
}
