/** Worker thread: plans a simulated run's days (each day's underlying path) off the service's event loop. */
import { parentPort, workerData } from 'node:worker_threads';
import { planSimDays, type SimMarketOptions } from '../../sim/market/sim-market.js';
import type { SimConfig } from '../../sim/market/sim-config.js';

const { config, options } = workerData as { config: SimConfig; options: Omit<SimMarketOptions, 'plans'> };
try {
  parentPort!.postMessage({ ok: true, plans: planSimDays(config, options) });
} catch (e) {
  parentPort!.postMessage({ ok: false, message: e instanceof Error ? e.message : String(e) });
}
