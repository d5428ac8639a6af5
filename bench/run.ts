/** `npm run bench`: runs the benchmarks and prints figures with the ratio to a raw loop measured in the same run. */
import { kernelBench } from './kernel-bench.js';

const json = process.argv.includes('--json');
const k = kernelBench(5, 5);

if (json) {
  process.stdout.write(
    `${JSON.stringify({ kernelTicksPerSec: k.kernelTicksPerSec, rawTicksPerSec: k.rawTicksPerSec, ratio: k.ratio, strategyPathTicksPerSec: k.strategyPathTicksPerSec })}\n`,
  );
} else {
  const m = (x: number): string => `${(x / 1e6).toFixed(1)} M ticks/s`;
  process.stdout.write(
    [
      `kernel (features, rules, risk, paper fills, event log; ${k.ticks.toLocaleString('en-US')} simulated ticks, ${k.trades} trades): ${m(k.kernelTicksPerSec)}`,
      `kernel, strategy path only (index + one CE/PE pair; ${k.strategyPathTicks.toLocaleString('en-US')} ticks):          ${m(k.strategyPathTicksPerSec)}`,
      `raw Float64Array loop (EMA + streak, same prices):                  ${m(k.rawTicksPerSec)}`,
      `ratio raw / kernel: ${k.ratio}×   (targets: kernel ≥ 10 M ticks/s, stretch 20 M)`,
    ].join('\n') + '\n',
  );
}
