/** `npm run bench`: runs the benchmarks and prints figures with the ratio to a raw loop measured in the same run (`--only replay,sweep` runs some of them; the kernel and raw loop always run; `--default-malloc` runs with glibc's malloc defaults, not the tunables the loading commands run under). */
import { analyticsBench } from './analytics-bench.js';
import { backtestBench } from './backtest-bench.js';
import { kernelBench } from './kernel-bench.js';
import { mallocMode } from './malloc-mode.js';
import { recorderBench } from './recorder-bench.js';
import { replayBench } from './replay-bench.js';
import { restBench } from './rest-bench.js';
import { mcpBench } from './mcp-bench.js';
import { tunerBench } from './tuner-bench.js';
import { serviceBench } from './service-bench.js';
import { sweepBench } from './sweep-bench.js';
import { queueBench, queueBenchMissing } from './queue-bench.js';
import { writerBench } from './writer-bench.js';

const NAMES = ['writer', 'service', 'analytics', 'recorder', 'backtest', 'replay', 'sweep', 'queue', 'rest', 'tuner', 'mcp'] as const;
type Name = (typeof NAMES)[number];

function selected(argv: readonly string[]): ReadonlySet<Name> {
  const at = argv.indexOf('--only');
  if (at < 0) return new Set(NAMES);
  const names = (argv[at + 1] ?? '').split(',').filter((n) => n !== '');
  const unknown = names.filter((n) => !(NAMES as readonly string[]).includes(n));
  if (names.length === 0 || unknown.length > 0) {
    process.stderr.write(`--only takes a comma-separated list of ${NAMES.join(', ')} (kernel and raw loop always run)${unknown.length > 0 ? `; unknown: ${unknown.join(', ')}` : ''}\n`);
    process.exit(2);
  }
  return new Set(names as Name[]);
}

const json = process.argv.includes('--json');
const only = selected(process.argv);
const malloc = mallocMode(process.argv);
const k = kernelBench(5, 5);
// Replay loading is compared with the kernel, so it runs next to it (the machine's load drifts over a run).
const rp = only.has('replay') ? await replayBench() : undefined;
const w = only.has('writer') ? await writerBench() : undefined;
const s = only.has('service') ? await serviceBench() : undefined;
const a = only.has('analytics') ? analyticsBench() : undefined;
const r = only.has('recorder') ? await recorderBench(3, 3) : undefined;
const b = only.has('backtest') ? await backtestBench(3, 3) : undefined;
const sw = only.has('sweep') ? await sweepBench() : undefined;
const queueMissing = only.has('queue') ? queueBenchMissing() : null;
const qu = only.has('queue') && queueMissing === null ? await queueBench() : undefined;
const rest = only.has('rest') ? await restBench() : undefined;
const tu = only.has('tuner') ? await tunerBench() : undefined;
const mc = only.has('mcp') ? await mcpBench() : undefined;

const ratio = (x: number, y: number): number => Math.round((x / y) * 100) / 100;
// Replay loading targets: binary at least the kernel's speed, CSV at least a hundredth of the raw loop.
const binaryPass = rp !== undefined && rp.binaryTicksPerSec >= k.kernelTicksPerSec;
const csvPass = rp !== undefined && rp.csvTicksPerSec * 100 >= k.rawTicksPerSec;

if (json) {
  process.stdout.write(
    `${JSON.stringify({
      malloc,
      kernelTicksPerSec: k.kernelTicksPerSec,
      rawTicksPerSec: k.rawTicksPerSec,
      ratio: k.ratio,
      strategyPathTicksPerSec: k.strategyPathTicksPerSec,
      writerEventsPerSec: w?.committedEventsPerSec,
      serviceTicksPerSec: s?.serviceTicksPerSec,
      serviceRatio: s && ratio(k.rawTicksPerSec, s.serviceTicksPerSec),
      analyticsMsPerMillionTrades: a && Math.round(a.ms),
      replayBinaryTicksPerSec: b?.replayBinaryTicksPerSec,
      replayCsvTicksPerSec: b?.replayCsvTicksPerSec,
      loadBinaryTicksPerSec: rp?.binaryTicksPerSec,
      loadBinaryKernelRatio: rp && ratio(rp.binaryTicksPerSec, k.kernelTicksPerSec),
      loadBinaryPass: rp && binaryPass,
      loadCsvTicksPerSec: rp?.csvTicksPerSec,
      loadCsvRawRatio: rp && ratio(k.rawTicksPerSec, rp.csvTicksPerSec),
      loadCsvPass: rp && csvPass,
      freshOutputTicksPerSec: rp?.freshOutputTicksPerSec,
      sweepSpeedup: sw?.speedup,
      queueLocalOneWorkerMs: qu?.localOneMs,
      queueLocalTwoWorkersMs: qu?.localTwoMs,
      queueRedisOneWorkerColdMs: qu?.redisOneColdMs,
      queueRedisOneWorkerMs: qu?.redisOneMs,
      queueRedisTwoWorkersMs: qu?.redisTwoMs,
      queueRedisSpeedup: qu && ratio(qu.redisOneMs, qu.redisTwoMs),
      queueOverheadMsPerJob: qu?.overheadMsPerJob,
      recorderWriteTicksPerSec: r?.writeTicksPerSec,
      recordingReadTicksPerSec: r?.readTicksPerSec,
      restStatusP50Ms: rest?.p50Ms,
      restStatusP99Ms: rest?.p99Ms,
      restStatusRequestsPerSec: rest?.requestsPerSec,
      restRawTicksPerRequest: rest && Math.round(k.rawTicksPerSec / rest.requestsPerSec),
      restBacktestSubmitMs: rest?.submitMs,
      restBacktestJobMs: rest?.jobMs,
      restLoopDelayP99Ms: rest?.loopDelayP99Ms,
      tunerNsPerTickWithout: tu?.withoutNsPerTick,
      tunerNsPerTickHung: tu?.hungNsPerTick,
      tunerSameTrades: tu?.sameTrades,
      mcpStatusHttpP50Ms: mc?.httpP50Ms,
      mcpStatusHttpP99Ms: mc?.httpP99Ms,
      mcpStatusStdioP50Ms: mc?.stdioP50Ms,
      mcpStatusStdioP99Ms: mc?.stdioP99Ms,
    })}\n`,
  );
} else {
  const m = (x: number): string => `${(x / 1e6).toFixed(1)} M ticks/s`;
  const mark = (pass: boolean): string => (pass ? 'PASS' : 'FAIL');
  const lines = [
    `malloc: ${malloc}`,
    `kernel (features, rules, risk, paper fills, event log; ${k.ticks.toLocaleString('en-US')} simulated ticks, ${k.trades} trades): ${m(k.kernelTicksPerSec)}`,
    `kernel, strategy path only (index + one CE/PE pair; ${k.strategyPathTicks.toLocaleString('en-US')} ticks):          ${m(k.strategyPathTicksPerSec)}`,
    `raw Float64Array loop (EMA + streak, same prices):                  ${m(k.rawTicksPerSec)}`,
    `ratio raw / kernel: ${k.ratio}×   (targets: kernel ≥ 10 M ticks/s, stretch 20 M)`,
  ];
  if (s) {
    lines.push(
      `service at --sim-speed max (simulator + kernel + recorder + writer thread; ${s.ticks.toLocaleString('en-US')} ticks, ${s.trades} trades): ${m(s.serviceTicksPerSec)} (raw / service ${(k.rawTicksPerSec / s.serviceTicksPerSec).toFixed(1)}×)`,
    );
  }
  if (w) lines.push(`writer: ${w.committedEventsPerSec.toLocaleString('en-US')} trade events/s committed to SQLite (${w.events.toLocaleString('en-US')} events)`);
  if (a) lines.push(`analytics over ${a.trades.toLocaleString('en-US')} trades: ${a.ms.toFixed(0)} ms`);
  if (b) {
    lines.push(
      `backtest end to end (load + kernel, ${b.ticks.toLocaleString('en-US')} ticks): from binary recordings ${m(b.replayBinaryTicksPerSec)} (raw / replay ${(k.rawTicksPerSec / b.replayBinaryTicksPerSec).toFixed(1)}×, target ≥ 8 M), from CSV ${m(b.replayCsvTicksPerSec)} (raw / replay ${(k.rawTicksPerSec / b.replayCsvTicksPerSec).toFixed(1)}×, target ≥ 2 M)`,
    );
  }
  if (rp) {
    const n = rp.ticks.toLocaleString('en-US');
    lines.push(
      `replay loading, binary recordings (${n} ticks in ${rp.binaryFiles} files: read, checksums, hash, decode): ${m(rp.binaryTicksPerSec)} = ${ratio(rp.binaryTicksPerSec, k.kernelTicksPerSec)}× kernel, raw / binary ${ratio(k.rawTicksPerSec, rp.binaryTicksPerSec)}×   target ≥ kernel: ${mark(binaryPass)}   (first load in the process ${m(rp.binaryFirstTicksPerSec)})`,
      `  floor of a load into fresh memory on this machine: writing the columns' 52 bytes/tick to freshly mapped pages alone runs at ${m(rp.freshOutputTicksPerSec)} (${ratio(rp.freshOutputTicksPerSec, k.kernelTicksPerSec)}× kernel)`,
      `replay loading, tick CSV (${n} rows, ${(rp.csvBytes / 1e6).toFixed(0)} MB: read, hash, parse, round, sort): ${m(rp.csvTicksPerSec)}, raw / CSV ${ratio(k.rawTicksPerSec, rp.csvTicksPerSec)}×   target ≥ raw / 100 (${m(k.rawTicksPerSec / 100)}): ${mark(csvPass)}   (first load in the process ${m(rp.csvFirstTicksPerSec)})`,
    );
  }
  if (sw) lines.push(`sweep: ${sw.combos} combos, 1 worker ${(sw.oneWorkerMs / 1000).toFixed(2)} s, 2 workers ${(sw.twoWorkerMs / 1000).toFixed(2)} s, speed-up ${sw.speedup}× (target ≥ 1.3×, identical results checked)`);
  if (qu) {
    lines.push(
      `sweep through Redis (BullMQ): ${qu.combos} combos in ${qu.cells} cells; local pool 1 thread ${(qu.localOneMs / 1000).toFixed(2)} s, 2 threads ${(qu.localTwoMs / 1000).toFixed(2)} s; 1 worker process ${(qu.redisOneMs / 1000).toFixed(2)} s (its first sweep, thread start and day generation included, ${(qu.redisOneColdMs / 1000).toFixed(2)} s), 2 worker processes ${(qu.redisTwoMs / 1000).toFixed(2)} s (${ratio(qu.redisOneMs, qu.redisTwoMs)}×; identical results checked); overhead per queued job ${qu.overheadMsPerJob} ms (raw loop: ${Math.round((k.rawTicksPerSec * qu.overheadMsPerJob) / 1000).toLocaleString('en-US')} ticks in that time)`,
    );
  } else if (queueMissing !== null) lines.push(`sweep through Redis: skipped, ${queueMissing}`);
  if (rest) {
    lines.push(
      `REST GET /api/v1/status at 16 connections while the agent trades (${rest.requests.toLocaleString('en-US')} requests): p50 ${rest.p50Ms} ms, p99 ${rest.p99Ms} ms, ${rest.requestsPerSec.toLocaleString('en-US')} requests/s (the raw loop does ${Math.round(k.rawTicksPerSec / rest.requestsPerSec).toLocaleString('en-US')} ticks in the time of one request)`,
      `REST POST /api/v1/backtests (5 days): 202 in ${rest.submitMs} ms (goal ≤ 200 ms: ${rest.submitMs <= 200 ? 'PASS' : 'FAIL'}); the job ran ${(rest.jobMs / 1000).toFixed(1)} s on the pool while the event loop's delay p99 was ${rest.loopDelayP99Ms} ms (goal ≤ 20 ms: ${rest.loopDelayP99Ms <= 20 ? 'PASS' : 'FAIL'})`,
    );
  }
  if (tu) {
    lines.push(
      `tuner: per-tick latency of the service at --sim-speed max (${tu.ticks.toLocaleString('en-US')} ticks, ${tu.trades} trades): ${tu.withoutNsPerTick} ns without a tuner, ${tu.hungNsPerTick} ns with a tuner run hanging on its provider (${ratio(tu.hungNsPerTick, tu.withoutNsPerTick)}×; asked at trade ${tu.hungAtTrade}, ${tu.stillHanging ? 'still hanging at the end' : 'NOT hanging at the end'}; same trades: ${tu.sameTrades ? 'yes' : 'NO'})`,
    );
  }
  if (mc) {
    // The raw loop's ticks in the time of one round trip: the same yardstick as the REST line.
    const rawTicks = (ms: number): string => Math.round((k.rawTicksPerSec * ms) / 1000).toLocaleString('en-US');
    lines.push(
      `MCP get_status round trips, one at a time, while the daemon's agent trades (${mc.calls.toLocaleString('en-US')} each): Streamable HTTP p50 ${mc.httpP50Ms} ms, p99 ${mc.httpP99Ms} ms; stdio through the bridge p50 ${mc.stdioP50Ms} ms, p99 ${mc.stdioP99Ms} ms (the raw loop does ${rawTicks(mc.httpP50Ms)} and ${rawTicks(mc.stdioP50Ms)} ticks in the p50 times)`,
    );
  }
  if (r) lines.push(`tick recorder: write ${m(r.writeTicksPerSec)}, read back ${m(r.readTicksPerSec)}, ${r.bytesPerTick.toFixed(1)} bytes/tick`);
  process.stdout.write(`${lines.join('\n')}\n`);
}
