/** The SQLite writer thread: commits event batches to the book, then control updates, and acknowledges each batch. */
import { parentPort, workerData } from 'node:worker_threads';
import { ControlStore } from './control-store.js';
import { TradeBook } from './trade-book.js';
import type { FromWorker, ToWorker, WriterWorkerData } from './writer-protocol.js';

const data = workerData as WriterWorkerData;
const port = parentPort;
if (port === null) throw new Error('writer-worker must run in a worker thread');
const book = TradeBook.open(data.bookPath);
const control = ControlStore.open(data.controlPath);
const stall = data.stall === undefined ? null : new Int32Array(data.stall);
const send = (m: FromWorker): void => port.postMessage(m);

port.on('message', (m: ToWorker) => {
  if (m.type === 'close') {
    book.close();
    control.close();
    send({ type: 'closed' });
    port.close();
    return;
  }
  // A stalled disk, simulated: block this thread (never the tick loop) until the flag clears.
  while (stall !== null && Atomics.load(stall, 0) === 1) Atomics.wait(stall, 0, 1, 50);
  // Which file failed goes with the error, so the message can name it (a corrupt or full database).
  let file = data.bookPath;
  try {
    const inserted = book.insert(m.batch);
    file = data.controlPath;
    const c = m.control;
    if (c !== null) {
      if (c.dailyRisk !== undefined) control.putDailyRisk(c.dailyRisk.date, c.dailyRisk.json, m.ts);
      if (c.positions !== undefined) {
        const keep = new Set(c.positions.map((p) => p.tradeId));
        for (const p of control.listPositions('auto')) if (!keep.has(p.tradeId)) control.deletePosition('auto', p.tradeId);
        for (const p of c.positions) control.putPosition({ book: 'auto', tradeId: p.tradeId, snapshotJson: p.json, updatedTs: m.ts });
      }
      for (const s of c.state ?? []) control.setState(s.key, s.value, m.ts);
    }
    send({ type: 'ack', seq: m.seq, inserted });
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    send({ type: 'error', seq: m.seq, message: e instanceof Error ? e.message : String(e), file, ...(typeof code === 'string' ? { code } : {}) });
  }
});
send({ type: 'ready' });
