/** Dated contract terms of an index's options (lot size by expiry, expiry rule by date) and the pure lookups over them: next expiry, lot size, the contract in force on a date. */
import { z } from 'zod';
import { isoDate } from './calendar-schema.js';
import { dateToDayNumber, dayNumberToDate } from './exchange-time.js';
import { weekdayOfDay, type TradingDays } from './trading-days.js';

const lotSizeRowSchema = z.strictObject({
  /** Contracts expiring on or after this date (of the cycle below, if given) have this lot size. */
  firstExpiry: isoDate,
  lotSize: z.int().positive(),
  /** Limits the row to weekly or to monthly contracts (a revision that reached them on different expiries). */
  contracts: z.enum(['weekly', 'monthly']).optional(),
  /** False when the value or date could not be confirmed from the exchange's circular; `source` says what is missing. */
  confirmed: z.boolean(),
  source: z.string().min(1),
});

const expiryRuleRowSchema = z.strictObject({
  from: isoDate,
  /**
   * `expiries`: contracts expiring on or after `from` follow the rule (existing contracts were moved);
   * `trading`: the rule applies from trading date `from` (contracts listed then; earlier expiries keep the previous rule).
   */
  applies: z.enum(['expiries', 'trading']),
  /** `weekly`: every such weekday; `monthly`: the last such weekday of the month only. */
  cycle: z.enum(['weekly', 'monthly']),
  /** 1 = Monday … 5 = Friday. A holiday moves the expiry to the previous trading day. */
  weekday: z.int().min(1).max(5),
  confirmed: z.boolean(),
  source: z.string().min(1),
});

export const contractTermsSchema = z
  .strictObject({
    lotSizes: z.array(lotSizeRowSchema).min(1),
    expiries: z.array(expiryRuleRowSchema).min(1),
  })
  .superRefine((t, ctx) => {
    if (t.lotSizes[0]?.contracts !== undefined) ctx.addIssue({ code: 'custom', path: ['lotSizes', 0, 'contracts'], message: 'the first row must cover every contract (no contracts filter)' });
    t.lotSizes.forEach((row, i) => {
      const prev = t.lotSizes[i - 1];
      if (prev !== undefined && prev.firstExpiry > row.firstExpiry) ctx.addIssue({ code: 'custom', path: ['lotSizes', i, 'firstExpiry'], message: `must not be before ${prev.firstExpiry} (rows in date order)` });
    });
    t.expiries.forEach((row, i) => {
      const prev = t.expiries[i - 1];
      if (prev !== undefined && prev.from >= row.from) ctx.addIssue({ code: 'custom', path: ['expiries', i, 'from'], message: `must be after ${prev.from} (rows in date order, no repeats)` });
    });
    const lotStart = t.lotSizes[0]?.firstExpiry;
    const ruleStart = t.expiries[0]?.from;
    if (lotStart !== undefined && ruleStart !== undefined && lotStart !== ruleStart) {
      ctx.addIssue({ code: 'custom', path: ['lotSizes', 0, 'firstExpiry'], message: `must equal expiries[0].from (${ruleStart}): both tables start on the same date` });
    }
  });

export type ContractTerms = z.output<typeof contractTermsSchema>;
export type ExpiryRule = ContractTerms['expiries'][number];
export type LotSizeRow = ContractTerms['lotSizes'][number];

/** The expiry the nearest contract of a date has, and the rule that made it. */
export interface ExpiryInfo {
  /** YYYY-MM-DD, after any holiday move. */
  readonly expiryDate: string;
  /** The rule's weekday before a holiday moved it. */
  readonly scheduledDate: string;
  /** True for the month's last expiry (the monthly contract). */
  readonly monthly: boolean;
  readonly rule: ExpiryRule;
}

/** What trades on a date: the nearest contract's expiry and lot size, and the rule in force. */
export interface ContractSpec {
  readonly date: string;
  readonly expiryDate: string;
  readonly monthly: boolean;
  readonly lotSize: number;
  readonly cycle: 'weekly' | 'monthly';
  /** 1 = Monday … 5 = Friday. */
  readonly expiryWeekday: number;
  /** False when either table row behind this answer is marked unconfirmed. */
  readonly confirmed: boolean;
}

/** Days to scan ahead for an expiry: a monthly cycle's next last-weekday is at most about five weeks away. */
const SCAN_DAYS = 45;

function isLastWeekdayOfMonth(day: number): boolean {
  return dayNumberToDate(day + 7).slice(0, 7) !== dayNumberToDate(day).slice(0, 7);
}

/** One underlying's contract terms over its exchange's trading days. */
export class ContractCalendar {
  private readonly rules: readonly (ExpiryRule & { readonly fromDay: number })[];
  private readonly lots: readonly (LotSizeRow & { readonly fromDay: number })[];
  private readonly startDay: number;

  constructor(
    readonly underlying: string,
    readonly terms: ContractTerms,
    readonly days: TradingDays,
  ) {
    this.rules = terms.expiries.map((r) => ({ ...r, fromDay: dateToDayNumber(r.from) }));
    this.lots = terms.lotSizes.map((r) => ({ ...r, fromDay: dateToDayNumber(r.firstExpiry) }));
    this.startDay = this.rules[0]!.fromDay;
  }

  private checkCovered(day: number): void {
    if (day < this.startDay) {
      throw new RangeError(`${this.underlying}: no contract terms before ${dayNumberToDate(this.startDay)} (the first row of its dated tables), asked for ${dayNumberToDate(day)}`);
    }
  }

  /** The rule a contract expiring on `day` follows, as the market stood on trading day `asOf`. */
  private ruleFor(day: number, asOf: number): ExpiryRule | undefined {
    for (let i = this.rules.length - 1; i >= 0; i--) {
      const r = this.rules[i]!;
      if (r.fromDay <= day && (r.applies === 'expiries' || r.fromDay <= asOf)) return r;
    }
    return undefined;
  }

  /**
   * The nearest expiry on or after `date`: the rule's weekday (every week, or the month's last for a
   * monthly cycle), moved to the previous trading day when it is a holiday.
   */
  nextExpiry(date: string): ExpiryInfo {
    const asOf = dateToDayNumber(date);
    this.checkCovered(asOf);
    for (let day = asOf; day < asOf + SCAN_DAYS; day++) {
      const rule = this.ruleFor(day, asOf);
      if (rule === undefined || weekdayOfDay(day) !== rule.weekday) continue;
      const last = isLastWeekdayOfMonth(day);
      if (rule.cycle === 'monthly' && !last) continue;
      const expiry = this.days.onOrBefore(day);
      if (expiry < asOf) continue;
      return { expiryDate: dayNumberToDate(expiry), scheduledDate: dayNumberToDate(day), monthly: last, rule };
    }
    throw new RangeError(`${this.underlying}: no expiry within ${SCAN_DAYS} days of ${date}: check its expiry rules`);
  }

  /** True when the contracts expiring on `expiryDate` are the month's last (monthly) ones. */
  isMonthlyExpiry(expiryDate: string): boolean {
    const next = this.nextExpiry(expiryDate);
    // A date off the schedule (a quarterly, a symbol from elsewhere) counts as monthly when no scheduled expiry follows in its month.
    return next.expiryDate === expiryDate ? next.monthly : next.expiryDate.slice(0, 7) !== expiryDate.slice(0, 7);
  }

  /** Lot size of the contracts expiring on `expiryDate`. */
  lotSizeForExpiry(expiryDate: string, monthly = this.isMonthlyExpiry(expiryDate)): number {
    return this.lotRowFor(expiryDate, monthly).lotSize;
  }

  private lotRowFor(expiryDate: string, monthly: boolean): LotSizeRow {
    const day = dateToDayNumber(expiryDate);
    this.checkCovered(day);
    const cycle = monthly ? 'monthly' : 'weekly';
    for (let i = this.lots.length - 1; i >= 0; i--) {
      const r = this.lots[i]!;
      if (r.fromDay <= day && (r.contracts === undefined || r.contracts === cycle)) return r;
    }
    throw new RangeError(`${this.underlying}: no lot size for contracts expiring ${expiryDate}`);
  }

  /** The nearest contract on `date`: its expiry, lot size and the rule in force. */
  contractSpecOn(date: string): ContractSpec {
    const info = this.nextExpiry(date);
    const lot = this.lotRowFor(info.expiryDate, info.monthly);
    return {
      date,
      expiryDate: info.expiryDate,
      monthly: info.monthly,
      lotSize: lot.lotSize,
      cycle: info.rule.cycle,
      expiryWeekday: info.rule.weekday,
      confirmed: lot.confirmed && info.rule.confirmed,
    };
  }
}

/** The contract in force on `date` for `underlying`, from a set of calendars by underlying symbol. */
export function contractSpecOn(calendars: ReadonlyMap<string, ContractCalendar>, underlying: string, date: string): ContractSpec {
  const calendar = calendars.get(underlying);
  if (calendar === undefined) throw new RangeError(`no contract terms for ${underlying}; known: ${[...calendars.keys()].join(', ')}`);
  return calendar.contractSpecOn(date);
}
