/** The session clock's entry window is closed on a day the exchange calendar says does not trade. */
import { describe, expect, it } from 'vitest';
import { epochOfLocal } from '../../../src/core/calendar/exchange-time.js';
import { TradingDays } from '../../../src/core/calendar/trading-days.js';
import { toKernelParams } from '../../../src/core/params/kernel-params.js';
import { presetParams } from '../../../src/core/params/presets.js';
import { SessionClock } from '../../../src/core/session/session-clock.js';

const IST = 330;
const p = toKernelParams(presetParams('nifty_normal'));
const noon = (date: string): number => epochOfLocal(date, 12 * 60, IST);

describe('session clock and the trading calendar', () => {
  const days = new TradingDays(new Map([['2022-04-14', 'Mahavir Jayanti']]));
  const clock = new SessionClock(IST, p, (d) => days.isTradingDay(d));

  it('opens the entry window on a trading day', () => {
    clock.advance(noon('2022-04-13'));
    expect(clock.tradingDay).toBe(true);
    expect(clock.inEntryWindow(noon('2022-04-13'))).toBe(true);
  });

  it('keeps it shut on an exchange holiday and a weekend', () => {
    clock.advance(noon('2022-04-14'));
    expect(clock.tradingDay).toBe(false);
    expect(clock.inEntryWindow(noon('2022-04-14'))).toBe(false);
    clock.advance(noon('2022-04-16'));
    expect(clock.inEntryWindow(noon('2022-04-16'))).toBe(false);
  });

  it('treats every day as trading without a calendar (the default)', () => {
    const plain = new SessionClock(IST, p);
    plain.advance(noon('2022-04-14'));
    expect(plain.inEntryWindow(noon('2022-04-14'))).toBe(true);
  });
});
