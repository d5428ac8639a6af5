/** Messages between the event writer (main thread) and its SQLite worker. */
import type { BookBatch } from '../../core/model/book-records.js';
import type { ControlUpdate } from '../../app/runtime/runtime-ports.js';

export interface BatchMessage {
  readonly type: 'batch';
  readonly seq: number;
  readonly ts: number;
  readonly batch: BookBatch;
  readonly control: ControlUpdate | null;
}

export type ToWorker = BatchMessage | { readonly type: 'close' };

export type FromWorker =
  | { readonly type: 'ready' }
  | { readonly type: 'ack'; readonly seq: number; readonly inserted: { readonly events: number; readonly trades: number; readonly others: number } }
  | { readonly type: 'error'; readonly seq: number; readonly message: string; readonly code?: string; readonly file: string }
  | { readonly type: 'closed' };

/** Options the worker starts with. */
export interface WriterWorkerData {
  readonly bookPath: string;
  readonly controlPath: string;
  /** Test hook: while word 0 of this buffer is 1 the worker waits before each batch (a stalled disk). */
  readonly stall?: SharedArrayBuffer;
}
