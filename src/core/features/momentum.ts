/** Momentum streak of one price series: direction, count of consecutive directional ticks, and velocity. */

/**
 * A tick is directional when it moves at least `minTick` (minor units) from the last price;
 * same direction extends the streak, the opposite direction starts a new one at 1, and smaller
 * moves change nothing (the last price still follows the tick, so slow drifts are not summed).
 */
export class Momentum {
  /** 1 up, −1 down, 0 none yet. */
  dir = 0;
  count = 0;
  lastPrice = 0;
  /** Price just before the first tick of the current streak. */
  streakStartPrice = 0;
  /** Direction of the last update: 1, −1 or 0 (not directional). */
  lastMove = 0;

  constructor(private minTick: number) {}

  setMinTick(minTick: number): void {
    this.minTick = minTick;
  }

  update(price: number): void {
    const last = this.lastPrice;
    this.lastPrice = price;
    if (last === 0) {
      this.lastMove = 0;
      return;
    }
    const move = price - last;
    if (move >= this.minTick) {
      if (this.dir === 1) this.count++;
      else {
        this.dir = 1;
        this.count = 1;
        this.streakStartPrice = last;
      }
      this.lastMove = 1;
    } else if (-move >= this.minTick) {
      if (this.dir === -1) this.count++;
      else {
        this.dir = -1;
        this.count = 1;
        this.streakStartPrice = last;
      }
      this.lastMove = -1;
    } else {
      this.lastMove = 0;
    }
  }

  /** Consecutive up-ticks (0 while the streak is down). */
  get upCount(): number {
    return this.dir === 1 ? this.count : 0;
  }

  /** Distance covered by the current streak in minor units (0 before two ticks of it). */
  get velocity(): number {
    return this.count >= 2 ? Math.abs(this.lastPrice - this.streakStartPrice) : 0;
  }

  reset(): void {
    this.dir = 0;
    this.count = 0;
    this.lastPrice = 0;
    this.streakStartPrice = 0;
    this.lastMove = 0;
  }
}
