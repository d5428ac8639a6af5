/** A progress reporter for long runs: a bar redrawn in place on a terminal, a line every 10 % otherwise. */
import { performance } from 'node:perf_hooks';

export interface ProgressBarOptions {
  /** Text before the bar, e.g. "sweep". */
  readonly label?: string;
  /** Milliseconds clock for elapsed time and the estimate (tests pass a fake). */
  readonly now?: () => number;
}

const BAR_WIDTH = 24;

function seconds(ms: number): string {
  return ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/**
 * Returns an `onProgress(done, total)` callback that writes to `stream` (give it stderr, so stdout stays
 * clean for results). On a TTY it redraws one line in place — bar, percent, count, elapsed and the time
 * left — and ends it with a newline at 100 %; on anything else it prints a line at each new 10 %.
 */
export function progressBar(stream: NodeJS.WriteStream = process.stderr, options: ProgressBarOptions = {}): (done: number, total: number) => void {
  const now = options.now ?? (() => performance.now());
  const prefix = options.label === undefined ? '' : `${options.label} `;
  let start: number | null = null;
  let lastText = '';
  let lastDecile = -1;
  let finished = false;
  return (done, total) => {
    if (finished) return;
    start ??= now();
    const fraction = total <= 0 ? 1 : Math.min(1, Math.max(0, done / total));
    const percent = Math.floor(fraction * 100);
    const count = `${done}/${total}`;
    const isDone = fraction >= 1;
    if (stream.isTTY) {
      const elapsed = now() - start;
      const left = done > 0 && !isDone ? `, ~${seconds((elapsed * (total - done)) / done)} left` : '';
      const filled = Math.round(fraction * BAR_WIDTH);
      const text = `${prefix}[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${percent}% ${count} (${seconds(elapsed)}${left})`;
      if (text !== lastText) stream.write(`\r${text}\x1b[K`);
      lastText = text;
      if (isDone) stream.write('\n');
    } else {
      const decile = Math.floor(fraction * 10);
      if (decile > lastDecile) stream.write(`${prefix}${percent}% (${count})\n`);
      lastDecile = Math.max(lastDecile, decile);
    }
    finished = isDone;
  };
}
