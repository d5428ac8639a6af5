/**
 * A sliding-window rate limit with priorities: at most `limit` grants per `windowMs`, waiting callers
 * served lowest priority number first (exits before entries), in arrival order within a priority.
 * Hand-written: the pool libraries limit concurrency, not grants per window with a priority lane.
 */
export class RateLane {
  /** Grant times within the current window, oldest first. */
  private readonly granted: number[] = [];
  private readonly waiting: { priority: number; seq: number; resolve: () => void }[] = [];
  private seq = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number,
  ) {}

  /** Resolves when a call of `priority` may go (at once when the window has room and nobody waits ahead). */
  acquire(priority: number): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push({ priority, seq: this.seq++, resolve });
      this.waiting.sort((a, b) => a.priority - b.priority || a.seq - b.seq);
      this.drain();
    });
  }

  /** Callers waiting now. */
  get queued(): number {
    return this.waiting.length;
  }

  private drain(): void {
    const now = this.now();
    while (this.granted.length > 0 && now - this.granted[0]! >= this.windowMs) this.granted.shift();
    while (this.waiting.length > 0 && this.granted.length < this.limit) {
      this.granted.push(now);
      this.waiting.shift()!.resolve();
    }
    if (this.waiting.length > 0 && this.timer === null) {
      const wait = Math.max(1, this.windowMs - (now - this.granted[0]!));
      this.timer = setTimeout(() => {
        this.timer = null;
        this.drain();
      }, wait);
    }
  }
}
