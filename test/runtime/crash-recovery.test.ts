import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getAnalytics } from '../../src/app/commands/get-analytics.js';
import { ControlStore } from '../../src/adapters/store/control-store.js';
import { dbFiles } from '../../src/adapters/store/db-paths.js';
import { TradeBook } from '../../src/adapters/store/trade-book.js';
import { toKernelParams } from '../../src/core/params/kernel-params.js';
import { presetParams } from '../../src/core/params/presets.js';
import { rebuildDailyRisk } from '../../src/core/restore/rebuild-daily-risk.js';
import { createRng } from '../../src/core/rng.js';

const root = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'scalper-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  readonly acked: string[];
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
}

/** Starts a real `scalper serve` child; kills it with SIGKILL `killAfterMs` after its first acknowledgement (or lets it finish). */
function serve(killAfterMs: number | null): Promise<Run> {
  return new Promise((done) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(root, 'src/cli/main.ts'), 'serve', '--sim-speed', 'max', '--days', '4', '--seed', '4', '--db-dir', dir, '--print-acks'],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const acked: string[] = [];
    let buf = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString('utf8');
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        // Only whole lines count: a line cut by the kill was never fully reported.
        if (line.startsWith('ack ')) {
          acked.push(...line.slice(4).split(' ').filter((s) => s !== ''));
          // Kill mid-trading: the clock starts once the service is committing events.
          if (killAfterMs !== null && timer === null) timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
        }
      }
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    let timer: NodeJS.Timeout | null = null;
    child.on('exit', (code, signal) => {
      if (timer !== null) clearTimeout(timer);
      done({ acked, code, signal, stderr });
    });
  });
}

describe('crash safety: SIGKILL at random moments, then restart', () => {
  it(
    'keeps every acknowledged event exactly once, pairs every EXIT with its ENTRY, and restores positions and risk',
    async () => {
      const rng = createRng(20260105);
      const runs: Run[] = [];
      for (let k = 0; k < 5; k++) runs.push(await serve(Math.floor(rng.next() * 250)));
      const last = await serve(null);
      runs.push(last);
      expect(last.code, last.stderr).toBe(0);
      if (process.env.CRASH_DEBUG === "1") for (const r of runs) console.log(r.signal, r.code, r.acked.length, r.stderr.split("\n").filter((l) => l.includes("restored")).join(" "));
      // Killed runs committed events before they died, and every run after the first restored from the book.
      const killed = runs.filter((r) => r.signal === 'SIGKILL');
      expect(killed.length).toBeGreaterThanOrEqual(3);
      expect(killed.every((r) => r.acked.length > 0)).toBe(true);
      expect(runs.slice(1).every((r) => r.stderr.includes('restored from the book'))).toBe(true);

      const files = dbFiles(dir);
      const book = TradeBook.open(files.auto);
      const control = ControlStore.open(files.control);
      try {
        const fills = book.events();
        const trades = book.closedTrades();
        const others = book.otherEvents();
        const stored = new Set<string>([...fills.map((f) => f.eventId), ...trades.map((t) => `trade:${t.tradeId}`), ...others.map((o) => o.eventId)]);
        // Every acknowledged event is present, and ids are unique (the tables enforce it; check anyway).
        const acked = runs.flatMap((r) => r.acked);
        for (const id of acked) expect(stored.has(id), id).toBe(true);
        expect(new Set(fills.map((f) => f.eventId)).size).toBe(fills.length);
        expect(trades.length).toBeGreaterThan(20);

        // Every EXIT has its ENTRY; every closed trade's fills balance; no trade is booked twice.
        const byTrade = new Map<string, typeof fills>();
        for (const f of fills) byTrade.set(f.tradeId, [...(byTrade.get(f.tradeId) ?? []), f]);
        for (const f of fills.filter((x) => x.kind === 'EXIT')) {
          expect(byTrade.get(f.tradeId)?.some((x) => x.kind === 'ENTRY'), f.tradeId).toBe(true);
        }
        for (const t of trades) {
          const tf = byTrade.get(t.tradeId) ?? [];
          const bought = tf.filter((f) => f.action === 'BUY').reduce((q, f) => q + f.qty, 0);
          const sold = tf.filter((f) => f.action === 'SELL').reduce((q, f) => q + f.qty, 0);
          expect(bought, t.tradeId).toBe(sold);
          const gross = tf.reduce((g, f) => g + (f.action === 'SELL' ? 1 : -1) * f.price * f.qty, 0);
          expect(t.grossPnl, t.tradeId).toBe(gross);
          expect(t.charges).toBe(tf.reduce((c, f) => c + f.charges, 0));
          expect(t.netPnl).toBe(t.grossPnl - t.charges);
        }
        // One position at a time: trades never overlap.
        const sorted = [...trades].sort((a, b) => a.entryTs - b.entryTs);
        for (let i = 1; i < sorted.length; i++) expect(sorted[i]!.entryTs).toBeGreaterThanOrEqual(sorted[i - 1]!.exitTs);
        // The run ends flat (session flatten), so nothing is open and no position is saved.
        expect(book.openTrades()).toEqual([]);
        expect(control.listPositions('auto')).toEqual([]);

        // The day's risk state saved in the control database equals a rebuild from the book.
        const lastDate = trades[trades.length - 1]!.tradingDate;
        const saved = control.getDailyRisk(lastDate);
        expect(saved).toBeDefined();
        const p = toKernelParams(presetParams('nifty_normal'));
        const rebuilt = rebuildDailyRisk(lastDate, book.tradesForDate(lastDate), fills.filter((f) => f.tradingDate === lastDate), p);
        const savedRisk = JSON.parse(saved!.snapshotJson) as { realisedNet: number; trades: number; consecutiveLosses: number; lossLimitHit: boolean };
        expect({ realisedNet: savedRisk.realisedNet, trades: savedRisk.trades, consecutiveLosses: savedRisk.consecutiveLosses, lossLimitHit: savedRisk.lossLimitHit }).toEqual({
          realisedNet: rebuilt.realisedNet,
          trades: rebuilt.trades,
          consecutiveLosses: rebuilt.consecutiveLosses,
          lossLimitHit: rebuilt.lossLimitHit,
        });

        // Analytics equal a recomputation from the raw fill events.
        const report = getAnalytics({ books: { auto: book, manual: book } }, { book: 'auto' });
        const net = [...byTrade.values()].reduce((n, tf) => n + tf.reduce((g, f) => g + (f.action === 'SELL' ? 1 : -1) * f.price * f.qty - f.charges, 0), 0);
        expect(Math.round(report.summary.netPnl * 100)).toBe(net);
        expect(report.summary.trades).toBe(trades.length);
      } finally {
        book.close();
        control.close();
      }
    },
    240_000,
  );
});
