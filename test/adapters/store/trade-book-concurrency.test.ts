/** Readers of a book keep working while another connection or another process writes it (WAL). */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqlite } from '../../../src/adapters/store/open-db.js';
import { TradeBook } from '../../../src/adapters/store/trade-book.js';

const root = resolve(import.meta.dirname, '../../..');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'scalper-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const fillSql = (id: string, tradeId: string): string =>
  `INSERT INTO trade_events (event_id, trade_id, kind, ts, trading_date, mode, source, underlying, exchange, symbol, side, action, qty, price_minor, charges_minor, reason)
   VALUES ('${id}', '${tradeId}', 'ENTRY', 1767585600000, '2026-01-05', 'PAPER', 'agent', 'NIFTY', 'NFO', 'S1', 'CE', 'BUY', 75, 10000, 0, 'test')`;

describe('TradeBook under concurrent writes', () => {
  it('a reader sees the last commit, is not blocked by an open write transaction, and sees the commit after it', () => {
    const path = join(dir, 'book.sqlite');
    const reader = TradeBook.open(path);
    const writer = openSqlite(path);
    try {
      writer.exec(fillSql('committed', 't1'));
      writer.exec('BEGIN IMMEDIATE');
      writer.exec(fillSql('pending', 't2'));
      const t = performance.now();
      expect(reader.events().map((e) => e.eventId)).toEqual(['committed']);
      expect(reader.openTrades().map((o) => o.tradeId)).toEqual(['t1']);
      expect(performance.now() - t).toBeLessThan(1000); // well under the 5 s busy timeout: no waiting on the writer
      writer.exec('COMMIT');
      expect(reader.events().map((e) => e.eventId)).toEqual(['committed', 'pending']);
    } finally {
      writer.close();
      reader.close();
    }
  });

  it('a reader in this process reads consistently while a child process writes batches through TradeBook', async () => {
    const path = join(dir, 'book.sqlite');
    const reader = TradeBook.open(path);
    const batches = 300;
    // Each batch is one fill plus the closed trade of a different, earlier trade: a reader that saw half a
    // batch would find events ≠ trades + 1.
    const script = `
      import { TradeBook } from ${JSON.stringify(join(root, 'src/adapters/store/trade-book.ts'))};
      const book = TradeBook.open(${JSON.stringify(path)});
      const fill = (i) => ({ eventId: 'e' + i, tradeId: 't' + i, kind: 'ENTRY', ts: 1767585600000 + i, tradingDate: '2026-01-05',
        mode: 'PAPER', source: 'agent', underlying: 'NIFTY', exchange: 'NFO', symbol: 'S1', side: 'CE', action: 'BUY', qty: 75,
        price: 10000, signalPrice: null, latencyMs: null, charges: 0, positionQty: 75, reason: 'x', preset: null, paramsVersion: null, contextJson: null });
      const trade = (i) => ({ tradeId: 't' + i, mode: 'PAPER', source: 'agent', underlying: 'NIFTY', exchange: 'NFO', symbol: 'S1', side: 'CE',
        qty: 75, entryTs: 1767585600000 + i, exitTs: 1767585600000 + i, entryPrice: 10000, exitPrice: 10000, grossPnl: 0, charges: 0, netPnl: 0,
        exitReason: 'stop', preset: null, paramsVersion: null, regime: 'UNKNOWN', tradingDate: '2026-01-05', utcOffsetMin: 330 });
      book.insert({ events: [fill(0)], trades: [], others: [] });
      process.stdout.write('ready\\n');
      for (let i = 1; i <= ${batches}; i++) book.insert({ events: [fill(i)], trades: [trade(i - 1)], others: [] });
      book.close();
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    await new Promise<void>((ready) => child.stdout.once('data', () => ready()));

    let done = false;
    void exited.then(() => (done = true));
    let last = 0;
    let midway = 0;
    try {
      while (!done) {
        const c = reader.counts();
        expect(c.events).toBe(c.trades + 1);
        expect(c.events).toBeGreaterThanOrEqual(last);
        last = c.events;
        if (c.events > 1 && c.events < batches + 1) midway++;
        await new Promise((r) => setTimeout(r, 1));
      }
      expect(await exited, stderr).toBe(0);
      expect(reader.counts()).toEqual({ events: batches + 1, trades: batches, others: 0 });
      expect(midway, 'reads that saw the child half-way through its batches').toBeGreaterThan(0);
    } finally {
      reader.close();
      child.kill('SIGKILL');
    }
  });
});
