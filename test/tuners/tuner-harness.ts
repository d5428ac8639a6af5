/** Test harness: the tuner service over real governance (control database in a temp directory, a gate whose verdict the test gives) and an engine that holds a parameter set; the agent's book is a list of closed trades. */
import { join } from 'node:path';
import { openGovernance } from '../../src/adapters/governance/open-governance.js';
import { openTunerService } from '../../src/adapters/tuners/open-tuner-service.js';
import type { Governance, GovernedEngine } from '../../src/app/governance/governance.js';
import type { TunerService } from '../../src/app/tuners/tuner-service.js';
import type { ClosedTradeRecord } from '../../src/core/model/book-records.js';
import { paramsVersion } from '../../src/core/params/params-version.js';
import { presetParams } from '../../src/core/params/presets.js';
import type { Params } from '../../src/core/params/schema.js';
import { tempDbDir } from '../runtime/agent-harness.js';

const T0 = Date.parse('2026-01-05T04:00:00Z');

/** `n` closed trades of the agent, alternating wins and losses, on consecutive days from 2026-01-05. */
export function closedTrades(n: number, version = 'p-test'): ClosedTradeRecord[] {
  return Array.from({ length: n }, (_, i) => {
    const day = Math.floor(i / 10);
    const entryTs = T0 + day * 86_400_000 + (i % 10) * 600_000;
    const gross = i % 2 === 0 ? 15_000 : -9_000;
    return {
      tradeId: `t${i + 1}`,
      mode: 'PAPER',
      source: 'agent',
      underlying: 'NIFTY',
      exchange: 'NFO',
      symbol: 'NIFTY06JAN2626000CE',
      side: i % 3 === 0 ? 'PE' : 'CE',
      qty: 150,
      entryTs,
      exitTs: entryTs + 90_000,
      entryPrice: 10_000,
      exitPrice: 10_000 + gross / 150,
      grossPnl: gross,
      charges: 4_000,
      netPnl: gross - 4_000,
      exitReason: i % 2 === 0 ? 'trail_stop' : 'stop_loss',
      preset: 'nifty_normal',
      paramsVersion: version,
      regime: 'TRENDING',
      tradingDate: `2026-01-${String(5 + day).padStart(2, '0')}`,
      utcOffsetMin: 330,
    } satisfies ClosedTradeRecord;
  });
}

/** An engine that holds a parameter set and takes applies. */
export function heldEngine(params: Params = presetParams('nifty_normal')): GovernedEngine & { params: Params } {
  const e = {
    params,
    currentParams: () => e.params,
    status: () => ({ paramsVersion: paramsVersion(e.params), preset: 'nifty_normal' }),
    feedClock: () => ({ ts: T0 }),
    applyParams: (p: Params) => {
      e.params = p;
    },
  };
  return e;
}

export interface TunerHarness {
  readonly governance: Governance;
  readonly service: TunerService;
  readonly engine: ReturnType<typeof heldEngine>;
  readonly trades: ClosedTradeRecord[];
  readonly controlPath: string;
  /** Closes the service and governance (the files stay for a reopen); `cleanup` removes them. */
  close(): Promise<void>;
  cleanup(): void;
}

export function tunerHarness(o: { trades?: number; env?: Record<string, string>; now?: () => number; dir?: { dir: string; files: { control: string }; cleanup(): void } } = {}): TunerHarness {
  const t = o.dir ?? tempDbDir();
  const engine = heldEngine();
  const now = o.now ?? (() => Date.now());
  const gov = openGovernance({
    controlPath: t.files.control,
    engine,
    mode: () => 'paper',
    now,
    recordingsDir: join(t.dir, 'recordings'),
    sim: () => ({ seed: 1, after: '2026-01-05' }),
    gate: { start: () => ({ jobId: 'manual' }) },
  });
  const trades = closedTrades(o.trades ?? 40, paramsVersion(engine.params));
  const tuner = openTunerService({
    controlPath: t.files.control,
    governance: gov.governance,
    book: { closedTrades: () => trades },
    env: o.env ?? { ANTHROPIC_API_KEY: 'test-anthropic-key', OPENAI_API_KEY: 'test-openai-key' },
    now,
    utcOffsetMin: () => 330,
    backoffMs: 5,
  });
  return {
    governance: gov.governance,
    service: tuner.service,
    engine,
    trades,
    controlPath: t.files.control,
    async close() {
      await tuner.close();
      gov.close();
    },
    cleanup: () => t.cleanup(),
  };
}
