import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBacktest } from '../../src/app/commands/run-backtest.js';
import { loadDataset } from '../../src/adapters/data/load-dataset.js';
import { recordingPath } from '../../src/adapters/recorder/recording-files.js';
import { TickRecorder } from '../../src/adapters/recorder/tick-recorder.js';
import { RunStore } from '../../src/adapters/store/run-store.js';
import { readRow } from '../../src/sim/market/tick-columns.js';
import { createSimMarket } from '../../src/sim/market/sim-market.js';
import type { MutableTick } from '../../src/core/model/tick.js';
import { harness, rateCards, simConfig, tempDbDir } from './agent-harness.js';

const dir = mkdtempSync(join(tmpdir(), 'scalper-parity-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('parity: one recording through the service’s live wiring and through the backtester', () => {
  it('gives identical trade logs', async () => {
    // Record a simulated day exactly as the service records what it processes.
    const market = createSimMarket(simConfig, { underlying: 'NIFTY', startDate: '2026-01-07', days: 1, seed: 21 });
    const recorder = new TickRecorder({ dir, universe: market.universe, utcOffsetMin: 330 });
    const cols = market.columnsForDay(0);
    const tick: MutableTick = { ts: 0, instrument: 0, ltp: 0, bid: 0, ask: 0, bidQty: 0, askQty: 0 };
    for (let i = 0; i < cols.length; i++) recorder.record(readRow(cols, i, tick));
    await recorder.close();
    const file = recordingPath(dir, '2026-01-07');
    const dataset = loadDataset(file, {});

    // The service: the agent manager replaying the recording, events through the writer thread into SQLite.
    const t = tempDbDir();
    const h = await harness(t.files);
    h.agent.start({ mode: 'paper', preset: 'nifty_normal', seed: 1, days: 1, startDate: '2026-01-07', simSpeed: Infinity, replay: dataset });
    await h.agent.done;
    const served = h.book.closedTrades();
    await h.close();

    // The backtester on the same file.
    const runs = RunStore.open(join(dir, 'control.sqlite'));
    const backtest = runBacktest({ loadDataset: (ref) => loadDataset(ref, {}), rateCards, runs, codeVersion: 'test', now: () => 0 }, { data: file, preset: 'nifty_normal', seed: 1 });
    runs.close();
    t.cleanup();

    expect(served.length).toBeGreaterThan(10);
    expect(served.map((x) => [x.tradeId, x.symbol, x.side, x.qty, x.entryTs, x.exitTs, x.grossPnl, x.charges, x.netPnl, x.exitReason])).toEqual(
      backtest.trades.map((x) => [x.id, x.symbol, x.side, x.qty, x.entryTs, x.exitTs, Math.round(x.grossPnl * 100), Math.round(x.charges * 100), Math.round(x.netPnl * 100), x.exitReason]),
    );
  });
});

const panel = resolve(import.meta.dirname, '../../../shared/data/lean_spx_spxw/normalized/panel_20210104_spxw3700_0dte.csv');
if (!existsSync(panel)) console.warn(`SPX panel parity skipped: ${panel} is absent`);

describe.skipIf(!existsSync(panel))('parity on real US data (SPX panel, US session)', () => {
  it('the service and the backtester book the same trades', async () => {
    const overrides = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../config/params/spx-1min-panel.json'), 'utf8')) as Record<string, unknown>;
    const dataset = loadDataset(panel, {});
    const t = tempDbDir();
    const h = await harness(t.files);
    h.agent.start({ mode: 'paper', preset: 'nifty_normal', overrides, seed: 1, days: 1, startDate: '2021-01-04', simSpeed: Infinity, replay: dataset });
    await h.agent.done;
    const served = h.book.closedTrades();
    await h.close();
    const runs = RunStore.open(join(dir, 'control-panel.sqlite'));
    const backtest = runBacktest({ loadDataset: (ref) => loadDataset(ref, {}), rateCards, runs, codeVersion: 'test', now: () => 0 }, { data: panel, preset: 'nifty_normal', overrides, seed: 1 });
    runs.close();
    t.cleanup();
    expect(served.length).toBeGreaterThan(5);
    expect(served.map((x) => [x.tradeId, x.entryTs, x.exitTs, x.grossPnl, x.exitReason])).toEqual(
      backtest.trades.map((x) => [x.id, x.entryTs, x.exitTs, Math.round(x.grossPnl * 100), x.exitReason]),
    );
  });
});
