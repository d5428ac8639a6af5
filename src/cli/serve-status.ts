/** What `scalper serve` prints while it runs: the status line (fitted to the terminal's width) and an end-of-day line per trading date. */
import { formatMajor } from '../core/model/money.js';
export { rupeeFields } from '../app/logs/log-fields.js';
import type { AgentStatus } from '../app/runtime/agent-manager.js';
import { clock } from './format.js';

/** `text` cut to `width` columns (an ellipsis marks the cut), so a terminal never wraps it. */
export function fitLine(text: string, width: number): string {
  const chars = [...text];
  return chars.length <= width ? text : `${chars.slice(0, Math.max(0, width - 1)).join('')}…`;
}

/** The status line: the most useful figures first, so a narrow terminal cuts the least useful. */
export function statusLine(s: AgentStatus): string {
  const p = s.position;
  const stuck = p?.exitStuck === true ? ` EXIT STUCK (${p.exitAttempts} rejections)` : '';
  const pos = p === null ? 'flat' : `${p.side} ${p.qty}@${p.avgEntry} stop ${p.stop} ${p.stage} open ₹${p.unrealisedNet}${stuck}`;
  const when = `${s.tradingDate ?? '—'} ${s.simTime === null ? '' : clock(s.simTime)}`.trim();
  const dropped = s.queue.droppedNonTrade > 0 ? ` (${s.queue.droppedNonTrade} dropped)` : '';
  // The trading state is shown only when it is not the usual one (entries paused, halted, …).
  const base = s.tradingState === null || s.tradingState === 'active' ? s.state : `${s.state}/${s.tradingState}`;
  const locked = s.locks.length === 0 ? base : `${base} locks ${s.locks.length}`;
  // Alarms in force (an exit stuck is shown with the position).
  const alarms = s.alarms.filter((a) => a.kind !== 'exit_stuck').map((a) => a.kind);
  const state = alarms.length === 0 ? locked : `${locked} ALARM ${alarms.join(',')}`;
  // Paper is the usual mode; any other leads the line, unmistakably.
  const mode = s.mode === 'live' ? 'LIVE ' : s.mode === 'analyzer' ? 'ANALYZER ' : '';
  return `${mode}${when} ${state} trades ${s.today.trades} net ₹${s.today.realisedNet} | ${pos} | q ${s.queue.pending}${dropped} | ${s.feed?.underlying ?? ''} ${s.feed?.speed ?? ''}`.trim();
}

/** Counts each trading date's closed trades and prints "day D done: …" once the feed has moved past D. */
export class DayLines {
  private readonly days = new Map<string, { trades: number; net: number }>();
  private readonly printed = new Set<string>();
  private current: string | null = null;

  constructor(private readonly print: (line: string) => void) {}

  /** The figures already in the book for `date` (a restart resumes mid-day). */
  seed(date: string, trades: number, netPaise: number): void {
    this.days.set(date, { trades, net: netPaise });
    this.current = date;
  }

  /** A trade closed on `date` (net in paise). */
  trade(date: string, netPaise: number): void {
    this.reach(date);
    const d = this.days.get(date) ?? { trades: 0, net: 0 };
    this.days.set(date, { trades: d.trades + 1, net: d.net + netPaise });
  }

  /** The feed is on `date`: every earlier date is done. */
  reach(date: string): void {
    if (!this.days.has(date)) this.days.set(date, { trades: 0, net: 0 });
    if (this.current !== null && date <= this.current) return;
    this.current = date;
    this.flush((d) => d < date);
  }

  /** The run ended after its last day: that day is done too. */
  finish(): void {
    this.flush(() => true);
  }

  private flush(done: (date: string) => boolean): void {
    for (const date of [...this.days.keys()].sort()) {
      if (!done(date) || this.printed.has(date)) continue;
      const d = this.days.get(date)!;
      this.printed.add(date);
      this.print(`day ${date} done: ${d.trades} trade(s), realised net ₹${formatMajor(d.net)}`);
    }
  }
}
