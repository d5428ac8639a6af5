/** A sweep worker thread: views the shared tick columns, rebuilds the world once, then runs each combo it is sent. */
import { parentPort, workerData } from 'node:worker_threads';
import { runCombo } from '../../backtest/sweep/run-combo.js';
import { viewColumns } from './shared-columns.js';
import type { FromSweepWorker, SweepWorkerData, ToSweepWorker } from './sweep-protocol.js';
import { sweepWorld } from './sweep-world.js';

const data = workerData as SweepWorkerData;
const port = parentPort;
if (port === null) throw new Error('sweep-worker must run in a worker thread');
const days = viewColumns(data.columns);
const world = sweepWorld({ ...data.dataset, days }, data.world);
const send = (m: FromSweepWorker): void => port.postMessage(m);

port.on('message', (m: ToSweepWorker) => {
  if (m.type === 'close') {
    port.close();
    return;
  }
  try {
    send({ type: 'result', result: runCombo(data.base, m.overrides, days, world, m.index) });
  } catch (e) {
    send({ type: 'error', index: m.index, message: e instanceof Error ? e.message : String(e) });
  }
});
