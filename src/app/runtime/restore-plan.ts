/** Works out what to restore after a restart from the committed book and control state: cursor, risk, ids, position. */
import { tradingDate } from '../../core/calendar/exchange-time.js';
import type { KernelRestore, RestoredPosition } from '../../core/kernel.js';
import type { TradingState, TrailStage } from '../../core/model/events.js';
import type { KernelParams } from '../../core/params/kernel-params.js';
import { rebuildDailyRisk } from '../../core/restore/rebuild-daily-risk.js';
import { DailyRisk } from '../../core/risk/daily-risk.js';
import type { BookReader, ControlReader } from './runtime-ports.js';

export interface RestorePlan {
  /** Ticks at or before this time were processed before the restart (0: start from the beginning). */
  readonly cursorTs: number;
  readonly kernel: KernelRestore | null;
}

const MS_PER_DAY = 86_400_000;

/** The number after `prefix` in ids like `2026-01-05#7` or `2026-01-05:42:Entry`, or 0. */
function seqAfter(id: string, prefix: string, sep: string): number {
  if (!id.startsWith(prefix)) return 0;
  const n = Number.parseInt(id.slice(prefix.length).split(sep)[0] ?? '', 10);
  return Number.isFinite(n) ? n : 0;
}

/**
 * The cursor is the later of the saved one and the last committed event, so no tick that produced a
 * committed event is processed twice; the day's risk comes from the book (the truth), not from the
 * saved snapshot, which can lag it by one transaction.
 */
export function planRestore(book: BookReader, control: ControlReader, cursorKey: string, utcOffsetMin: number, p: KernelParams): RestorePlan {
  let cursorTs = Number(control.getState(cursorKey)?.value ?? 0);
  for (const e of book.events({ fromTs: cursorTs })) cursorTs = Math.max(cursorTs, e.ts);
  for (const e of book.otherEvents(cursorTs)) cursorTs = Math.max(cursorTs, e.ts);
  const savedState = control.getState('agent.tradingState')?.value;
  if (cursorTs === 0) {
    // Nothing traded yet, but a kill or pause from before the first tick still holds.
    const held = savedState === 'halted' || savedState === 'reducing';
    return { cursorTs, kernel: held ? { risk: new DailyRisk().snapshot(), tradingState: savedState, tradeSeq: 0, eventSeq: 0, position: null } : null };
  }
  const date = tradingDate(cursorTs, utcOffsetMin);
  const dayStart = Math.floor((cursorTs + utcOffsetMin * 60_000) / MS_PER_DAY) * MS_PER_DAY - utcOffsetMin * 60_000;
  const dayFills = book.events({ fromTs: dayStart, toTs: dayStart + MS_PER_DAY });
  const dayTrades = book.tradesForDate(date);
  const risk = rebuildDailyRisk(date, dayTrades, dayFills, p);
  let tradeSeq = 0;
  let eventSeq = 0;
  for (const f of dayFills) {
    tradeSeq = Math.max(tradeSeq, seqAfter(f.tradeId, `${date}#`, '/'));
    eventSeq = Math.max(eventSeq, seqAfter(f.eventId, `${date}:`, ':'));
  }
  for (const o of book.otherEvents(dayStart)) eventSeq = Math.max(eventSeq, seqAfter(o.eventId, `${date}:`, ':'));
  const open = book.openTrades();
  let position: RestoredPosition | null = null;
  const last = open[open.length - 1];
  if (last !== undefined) {
    for (const f of last.fills) tradeSeq = Math.max(tradeSeq, seqAfter(f.tradeId, `${date}#`, '/'));
    const saved = control.listPositions('auto').find((s) => s.tradeId === last.tradeId);
    const snap = saved === undefined ? undefined : (JSON.parse(saved.snapshotJson) as { stop?: number; stage?: TrailStage; highWaterMark?: number });
    position = {
      tradeId: last.tradeId,
      fills: last.fills,
      ...(snap?.stop === undefined ? {} : { stop: snap.stop }),
      ...(snap?.stage === undefined ? {} : { stage: snap.stage }),
      ...(snap?.highWaterMark === undefined ? {} : { highWaterMark: snap.highWaterMark }),
    };
  }
  // A kill or a pause by the trader survives a crash; only a human resume clears it. The loss limit is
  // in the rebuilt risk of the cursor's date, so the kernel drops it at the next date's first tick.
  const tradingState: TradingState = savedState === 'halted' ? 'halted' : savedState === 'reducing' ? 'reducing' : 'active';
  return { cursorTs, kernel: { risk, tradingState, tradeSeq, eventSeq, position } };
}
