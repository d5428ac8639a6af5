/** Progress of long work on stderr: shown when stderr is a terminal, or always with --progress (then a line every 10 %). */
import { progressBar } from '../adapters/sweep/progress-bar.js';
import type { CliOut } from './io.js';

/** The callback for `label`'s progress, or undefined when progress is not shown. */
export function progressFor(label: string, forced: boolean, stream: CliOut): ((done: number, total: number) => void) | undefined {
  return forced || stream.isTTY === true ? progressBar(stream as NodeJS.WriteStream, { label }) : undefined;
}
