/** What serve prints while it runs: a status line cut to the terminal, an end-of-day line per date (checked against the book), and log money in rupees. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AgentStatus } from '../../src/app/runtime/agent-manager.js';
import { stderrLogger } from '../../src/cli/serve-command.js';
import { DayLines, fitLine, rupeeFields, statusLine } from '../../src/cli/serve-status.js';
import { runCli } from './run-cli.js';

afterEach(() => vi.restoreAllMocks());

const status = (o: Partial<AgentStatus> = {}): AgentStatus => ({
  state: 'running',
  mode: 'paper',
  feed: { kind: 'simulator', underlying: 'NIFTY', speed: '600x', connection: null },
  heartbeatAgeMs: 3,
  simTime: Date.UTC(2026, 0, 5, 5, 1, 2),
  tradingState: 'active',
  tradingDate: '2026-01-05',
  paramsVersion: 'p-1',
  preset: 'nifty_normal',
  position: {
    tradeId: '2026-01-05#4',
    side: 'PE',
    symbol: 'NIFTY06JAN2626000PE',
    qty: 650,
    avgEntry: '120.50',
    stop: '118.25',
    stage: 'BREAKEVEN',
    unrealisedNet: '-1234.56',
    exitAttempts: 5,
    exitStuck: true,
  },
  today: { realisedNet: '-955.60', netIncludingOpen: '-2190.16', trades: 12 },
  risk: null,
  queue: { pending: 12345, droppedNonTrade: 17 },
  instruments: [],
  locks: [],
  pausedReason: null,
  alarms: [],
  currency: 'INR',
  ...o,
});

describe('the status line', () => {
  it('leads with the time, state, trades and net, and is cut to the terminal width with an ellipsis', () => {
    const full = statusLine(status());
    expect(full.startsWith('2026-01-05 10:31:02 running trades 12 net ₹-955.60 | PE 650@120.50 stop 118.25 BREAKEVEN')).toBe(true);
    expect(full).toContain('EXIT STUCK (5 rejections)');
    expect(full.length).toBeGreaterThan(80);
    const cut = fitLine(full, 79);
    expect([...cut]).toHaveLength(79);
    expect(cut.endsWith('…')).toBe(true);
    expect(fitLine('short', 79)).toBe('short');
  });

  it('of a flat agent fits 80 columns whole, and names a trading state other than active', () => {
    expect([...statusLine(status({ position: null, queue: { pending: 0, droppedNonTrade: 0 } }))].length).toBeLessThan(80);
    expect(statusLine(status({ state: 'paused', tradingState: 'paused' }))).toMatch(/^2026-01-05 10:31:02 paused\/paused trades/);
  });

  it('leads with the mode when it is not paper, and names the alarms in force', () => {
    expect(statusLine(status({ mode: 'live' }))).toMatch(/^LIVE 2026-01-05 10:31:02 running trades/);
    expect(statusLine(status({ mode: 'analyzer' }))).toMatch(/^ANALYZER 2026-01-05/);
    const alarmed = statusLine(status({ state: 'paused', tradingState: 'reducing', alarms: [{ kind: 'positions', message: 'm' }, { kind: 'feed', message: 'f' }] }));
    expect(alarmed).toMatch(/^2026-01-05 10:31:02 paused\/reducing ALARM positions,feed trades/);
  });
});

describe('the end-of-day lines', () => {
  it('print each date once the feed has moved past it, with its trades and realised net (a restored day included)', () => {
    const lines: string[] = [];
    const days = new DayLines((l) => lines.push(l));
    days.seed('2026-01-05', 2, -10_000);
    days.trade('2026-01-05', 4_440);
    expect(lines).toEqual([]);
    days.reach('2026-01-05');
    days.reach('2026-01-06');
    expect(lines).toEqual(['day 2026-01-05 done: 3 trade(s), realised net ₹-55.60']);
    // A trade of a later date closes the dates before it (2026-01-06 had none).
    days.trade('2026-01-07', 95_560);
    days.finish();
    expect(lines).toEqual([
      'day 2026-01-05 done: 3 trade(s), realised net ₹-55.60',
      'day 2026-01-06 done: 0 trade(s), realised net ₹0.00',
      'day 2026-01-07 done: 1 trade(s), realised net ₹955.60',
    ]);
  });
});

describe('log lines', () => {
  it('show money in rupees, like the display', () => {
    expect(rupeeFields({ realisedNet: -95_560, cursorTs: 1_767_589_200_000, openPosition: null })).toEqual({ realisedNet: '-955.60', cursorTs: 1_767_589_200_000, openPosition: null });
    const written: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    stderrLogger.log('info', 'restored from the book', { realisedNet: -95_560 });
    expect(written.join('')).toContain('"realisedNet":"-955.60"');
  });
});

describe('scalper serve over two days', () => {
  it('prints an end-of-day line per date whose figures are the book’s', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scalper-eod-'));
    try {
      const r = runCli(['serve', '--sim-speed', 'max', '--days', '2', '--seed', '3', '--db-dir', dir, '--experiments', '0']);
      expect(r.status, r.stderr).toBe(0);
      for (const [date, next] of [['2026-01-05', '2026-01-06'], ['2026-01-06', '2026-01-07']] as const) {
        const book = JSON.parse(runCli(['trades', '--db-dir', dir, '--from', date, '--to', next, '--limit', '10000', '--json']).stdout) as { total: number; trades: { netPnl: number }[] };
        const net = book.trades.reduce((s, t) => s + Math.round(t.netPnl * 100), 0);
        const line = r.stderr.split('\n').filter((l) => l.startsWith(`day ${date} done:`));
        expect(line).toEqual([`day ${date} done: ${book.total} trade(s), realised net ₹${(net / 100).toFixed(2)}`]);
        expect(book.total).toBeGreaterThan(0);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
