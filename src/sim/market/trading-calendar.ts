/** The simulator's calendar of one underlying: exchange trading days (weekends and listed holidays skipped) and each date's nearest contract (expiry, lot size) from the dated contract tables. */
import type { ContractCalendar } from '../../core/calendar/contract-terms.js';

/** What a simulated date trades: the nearest expiry, the whole sessions left to it, and the contract's lot size. */
export interface DayContract {
  readonly expiryDate: string;
  /** Trading days after the date up to and including the expiry day (0 on expiry day). */
  readonly sessionsAfterToday: number;
  readonly lotSize: number;
}

/** The contract of `date`; `lotSize` overrides the table's lot when given. */
export function dayContract(calendar: ContractCalendar, date: string, lotSize?: number): DayContract {
  const spec = calendar.contractSpecOn(date);
  return {
    expiryDate: spec.expiryDate,
    sessionsAfterToday: calendar.days.sessionsAfter(date, spec.expiryDate),
    lotSize: lotSize ?? spec.lotSize,
  };
}
