/** The end-of-day reconciliation run by itself: once per trading day after the close plus a delay, never on a holiday, kept across a restart, retried after a failure, published either way. */
import { describe, expect, it } from 'vitest';
import { EventBus, type BusEvent } from '../../src/app/events/event-bus.js';
import { EodSchedule, type DayReport } from '../../src/app/live/eod-schedule.js';
import { dateToDayNumber, epochOfLocal } from '../../src/core/calendar/exchange-time.js';

const IST = 330;
const HOLIDAY = dateToDayNumber('2026-01-26');
const at = (date: string, hhmm: string): number => epochOfLocal(date, Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)), IST);

function setup(reconcile: (date: string) => Promise<DayReport>) {
  let now = at('2026-01-05', '15:00');
  const settings = new Map<string, unknown>();
  const store = { setting: <T>(k: string) => settings.get(k) as T | undefined, putSetting: (k: string, v: unknown) => void settings.set(k, v) };
  const events: BusEvent[] = [];
  const bus = new EventBus(() => now);
  bus.subscribe((e) => events.push(e));
  const make = () => new EodSchedule({ reconcile, now: () => now, utcOffsetMin: IST, closeMinute: 15 * 60 + 30, isTradingDay: (d) => d !== HOLIDAY && ((d % 7) + 7) % 7 !== 2 && ((d % 7) + 7) % 7 !== 3, store, events: bus, retryMs: 600_000 });
  return { make, events, set: (t: number) => (now = t) };
}

const report = (date: string, causes: string[]): DayReport => ({ date, ours: { net: '100.00' }, broker: { net: '96.75' }, differences: causes.map((cause) => ({ cause })), unexplained: '0.00' });

describe('the scheduled end-of-day reconciliation', () => {
  it('runs once a trading day, 20 minutes after the close, and a restart does not run the day again', async () => {
    const dates: string[] = [];
    const s = setup((date) => {
      dates.push(date);
      return Promise.resolve(report(date, date === '2026-01-06' ? ['price', 'price', 'missed_fill'] : []));
    });
    const schedule = s.make();
    await schedule.tick();
    s.set(at('2026-01-05', '15:49'));
    await schedule.tick();
    expect(dates).toEqual([]);
    s.set(at('2026-01-05', '15:50'));
    await schedule.tick();
    await schedule.tick();
    expect(dates).toEqual(['2026-01-05']);
    expect(s.events.map((e) => e.type)).toEqual(['reconciliation.done']);
    expect(schedule.last()).toMatchObject({ date: '2026-01-05', ok: true, differences: {}, oursNet: '100.00', brokerNet: '96.75' });
    // A restart the same evening: already done.
    const again = s.make();
    await again.tick();
    expect(dates).toEqual(['2026-01-05']);
    // The next day's differences are an alarm, counted by cause.
    s.set(at('2026-01-06', '23:00'));
    await again.tick();
    expect(s.events.at(-1)).toMatchObject({ type: 'alarm.reconciliation', data: { date: '2026-01-06', ok: true, differences: { price: 2, missed_fill: 1 } } });
    // A holiday and a weekend: nothing.
    for (const date of ['2026-01-26', '2026-01-10']) {
      s.set(at(date, '16:30'));
      await again.tick();
    }
    expect(dates).toEqual(['2026-01-05', '2026-01-06']);
  });

  it('a failed run raises the alarm with the reason and is tried again after the retry wait', async () => {
    let fail = true;
    const s = setup((date) => (fail ? Promise.reject(new Error('OpenAlgo tradebook: cannot reach http://127.0.0.1:5000: ECONNREFUSED')) : Promise.resolve(report(date, []))));
    const schedule = s.make();
    s.set(at('2026-01-07', '16:00'));
    await schedule.tick();
    expect(s.events.at(-1)).toMatchObject({ type: 'alarm.reconciliation', data: { date: '2026-01-07', ok: false, error: expect.stringContaining('ECONNREFUSED') as unknown } });
    fail = false;
    s.set(at('2026-01-07', '16:05'));
    await schedule.tick();
    expect(s.events).toHaveLength(1);
    s.set(at('2026-01-07', '16:10'));
    await schedule.tick();
    expect(s.events.at(-1)).toMatchObject({ type: 'reconciliation.done', data: { date: '2026-01-07', ok: true } });
  });
});
