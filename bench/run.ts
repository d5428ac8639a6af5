/** `npm run bench`: runs the benchmarks and prints figures with the ratio to a raw loop measured in the same run. */
import { analyticsBench } from './analytics-bench.js';
import { backtestBench } from './backtest-bench.js';
import { kernelBench } from './kernel-bench.js';
import { recorderBench } from './recorder-bench.js';
import { serviceBench } from './service-bench.js';
import { sweepBench } from './sweep-bench.js';
import { writerBench } from './writer-bench.js';

const json = process.argv.includes('--json');
const k = kernelBench(5, 5);
const w = await writerBench();
const s = await serviceBench();
const a = analyticsBench();
const r = await recorderBench(3, 3);
const b = await backtestBench(3, 3);
const sw = await sweepBench();

if (json) {
  process.stdout.write(
    `${JSON.stringify({
      kernelTicksPerSec: k.kernelTicksPerSec,
      rawTicksPerSec: k.rawTicksPerSec,
      ratio: k.ratio,
      strategyPathTicksPerSec: k.strategyPathTicksPerSec,
      writerEventsPerSec: w.committedEventsPerSec,
      serviceTicksPerSec: s.serviceTicksPerSec,
      serviceRatio: Math.round((k.rawTicksPerSec / s.serviceTicksPerSec) * 100) / 100,
      analyticsMsPerMillionTrades: Math.round(a.ms),
      replayBinaryTicksPerSec: b.replayBinaryTicksPerSec,
      replayCsvTicksPerSec: b.replayCsvTicksPerSec,
      sweepSpeedup: sw.speedup,
      recorderWriteTicksPerSec: r.writeTicksPerSec,
      recordingReadTicksPerSec: r.readTicksPerSec,
    })}\n`,
  );
} else {
  const m = (x: number): string => `${(x / 1e6).toFixed(1)} M ticks/s`;
  process.stdout.write(
    [
      `kernel (features, rules, risk, paper fills, event log; ${k.ticks.toLocaleString('en-US')} simulated ticks, ${k.trades} trades): ${m(k.kernelTicksPerSec)}`,
      `kernel, strategy path only (index + one CE/PE pair; ${k.strategyPathTicks.toLocaleString('en-US')} ticks):          ${m(k.strategyPathTicksPerSec)}`,
      `raw Float64Array loop (EMA + streak, same prices):                  ${m(k.rawTicksPerSec)}`,
      `ratio raw / kernel: ${k.ratio}×   (targets: kernel ≥ 10 M ticks/s, stretch 20 M)`,
      `service at --sim-speed max (simulator + kernel + recorder + writer thread; ${s.ticks.toLocaleString('en-US')} ticks, ${s.trades} trades): ${m(s.serviceTicksPerSec)} (raw / service ${(k.rawTicksPerSec / s.serviceTicksPerSec).toFixed(1)}×)`,
      `writer: ${w.committedEventsPerSec.toLocaleString('en-US')} trade events/s committed to SQLite (${w.events.toLocaleString('en-US')} events)`,
      `analytics over ${a.trades.toLocaleString('en-US')} trades: ${a.ms.toFixed(0)} ms`,
      `backtest end to end (load + kernel, ${b.ticks.toLocaleString('en-US')} ticks): from binary recordings ${m(b.replayBinaryTicksPerSec)} (raw / replay ${(k.rawTicksPerSec / b.replayBinaryTicksPerSec).toFixed(1)}×, target ≥ 8 M), from CSV ${m(b.replayCsvTicksPerSec)} (raw / replay ${(k.rawTicksPerSec / b.replayCsvTicksPerSec).toFixed(1)}×, target ≥ 2 M)`,
      `sweep: ${sw.combos} combos, 1 worker ${(sw.oneWorkerMs / 1000).toFixed(2)} s, 2 workers ${(sw.twoWorkerMs / 1000).toFixed(2)} s, speed-up ${sw.speedup}× (target ≥ 1.3×, identical results checked)`,
      `tick recorder: write ${m(r.writeTicksPerSec)}, read back ${m(r.readTicksPerSec)}, ${r.bytesPerTick.toFixed(1)} bytes/tick`,
    ].join('\n') + '\n',
  );
}
