/** Ordered asynchronous file operations kept off the tick loop; the first failure sticks, is reported once, and stops later writes. */

export class WriteQueue {
  private tail: Promise<void> = Promise.resolve();
  private failure: Error | undefined;
  private readonly onError: (error: Error) => void;

  constructor(onError: (error: Error) => void) {
    this.onError = onError;
  }

  /** The first failure, if any. */
  get error(): Error | undefined {
    return this.failure;
  }

  /**
   * Runs `op` after everything queued before it. After a failure, ops are skipped (a file whose write
   * failed may hold a partial chunk, so nothing more is appended) unless `evenAfterFailure` (closing
   * handles). `after` runs in every case, e.g. to give a buffer back to its pool.
   */
  push(op: () => Promise<void>, after?: () => void, evenAfterFailure = false): void {
    this.tail = this.tail.then(async () => {
      try {
        if (this.failure === undefined || evenAfterFailure) await op();
      } catch (e) {
        this.fail(e);
      } finally {
        after?.();
      }
    });
  }

  /** Resolves when everything queued so far is done; rejects with the first failure, now or earlier. */
  drain(): Promise<void> {
    return this.tail.then(() => {
      if (this.failure !== undefined) throw this.failure;
    });
  }

  private fail(e: unknown): void {
    if (this.failure !== undefined) return;
    this.failure = e instanceof Error ? e : new Error(String(e));
    try {
      this.onError(this.failure);
    } catch {
      // A throwing callback must not hide the failure: it still rejects every later flush and close.
    }
  }
}
