/** Charges rate cards: a strict zod schema for the JSON data, and compilation of its decimal strings to exact rationals. */
import { z } from 'zod';

/** Largest per-order turnover (₹10 crore, in paise) for which every card is guaranteed to compute exactly. */
export const MAX_EXACT_TURNOVER = 10_000_000_000;

const DECIMAL = /^(0|[1-9][0-9]{0,8})(\.[0-9]{1,8})?$/;
const DECIMAL_RULE = 'must be a decimal string such as "0.03503" (digits, optional point, at most 8 decimals; no sign, exponent or spaces)';
const ISO_DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;
const CARD_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Components GST may apply to. */
export const GST_COMPONENTS = ['brokerage', 'exchange', 'sebi', 'ipft'] as const;
export type GstComponent = (typeof GST_COMPONENTS)[number];

/** The rate fields a card may list as unconfirmed. */
export const RATE_FIELDS = [
  'brokeragePerOrder',
  'brokeragePct',
  'sttSellPct',
  'exchangeTxnPct',
  'sebiPerCrore',
  'ipftPerCrore',
  'stampBuyPct',
  'stampSellPct',
  'gstPct',
  'gstOn',
] as const;

const required = (rule: string) => (issue: { input: unknown }) => (issue.input === undefined ? 'is required' : rule);

const decimal = (unit: string) =>
  z
    .string({ error: required(`${DECIMAL_RULE} (${unit}); rates are strings so they stay exact`) })
    .regex(DECIMAL, { error: `${DECIMAL_RULE} (${unit})`, abort: true });

const percent = (what: string) =>
  decimal(`percent of ${what}`).refine((s) => Number(s) <= 100, { error: `must be at most 100 (percent of ${what})` });

function isCalendarDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (m === null) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  return day <= days;
}

/** The JSON shape of one rate card; unknown keys are errors so a typo never silently drops a charge. */
export const rateCardSchema = z
  .object({
    id: z
      .string({ error: required('must be a string') })
      .regex(CARD_ID, { error: 'must be lower-case kebab-case, e.g. "nse-index-options-2024-10"' }),
    exchange: z.enum(['NSE', 'BSE', 'ANY'], { error: required('must be one of NSE, BSE, ANY') }),
    effectiveFrom: z
      .string({ error: required('must be a date string YYYY-MM-DD') })
      .refine(isCalendarDate, { error: 'must be a calendar date YYYY-MM-DD' }),
    source: z.string({ error: required('must be a string') }).min(1, { error: 'must not be empty: say where the rates come from' }),
    brokeragePerOrder: decimal('rupees per executed order').refine((s) => /^[0-9]+(\.[0-9]{1,2})?$/.test(s), {
      error: 'must be whole paise (at most 2 decimals, rupees)',
    }),
    brokeragePct: percent('order turnover, capped at brokeragePerOrder').optional(),
    sttSellPct: percent('sell-side premium turnover'),
    exchangeTxnPct: percent('premium turnover, both sides'),
    sebiPerCrore: decimal('rupees per ₹1 crore of turnover, both sides'),
    ipftPerCrore: decimal("rupees per ₹1 crore of turnover, both sides: the exchange's investor protection fund levy").optional(),
    stampBuyPct: percent('buy-side turnover'),
    stampSellPct: percent('sell-side turnover (state stamp duty before 1 Jul 2020 was levied on both sides)').optional(),
    gstPct: percent('the taxable components listed in gstOn'),
    gstOn: z
      .array(z.enum(GST_COMPONENTS, { error: `must be one of ${GST_COMPONENTS.join(', ')}` }), {
        error: required(`must be an array of ${GST_COMPONENTS.join(', ')}`),
      })
      .refine((xs) => new Set(xs).size === xs.length, { error: 'must not list a component twice' }),
    unconfirmed: z
      .array(
        z
          .object(
            {
              field: z.enum(RATE_FIELDS, { error: `must be one of ${RATE_FIELDS.join(', ')}` }),
              note: z.string({ error: required('must be a string') }).min(1, { error: 'must not be empty: say what could not be confirmed' }),
            },
            { error: 'must be an object { field, note }' },
          )
          .strict(),
        { error: 'must be an array of { field, note }: the rates that could not be confirmed' },
      )
      .refine((xs) => new Set(xs.map((x) => x.field)).size === xs.length, { error: 'must not list a field twice' })
      .optional(),
  })
  .strict()
  .refine((c) => !c.gstOn.includes('ipft') || c.ipftPerCrore !== undefined, {
    error: 'lists ipft but the card has no ipftPerCrore',
    path: ['gstOn'],
  });

export type RateCard = z.infer<typeof rateCardSchema>;

/** An exact rate: value = num / den, den a power of ten; both safe integers. */
export interface Rational {
  readonly num: number;
  readonly den: number;
}

/** A card ready for integer charge computation: rates are fractions of turnover, brokerage in paise. */
export interface CompiledRateCard {
  readonly id: string;
  readonly exchange: RateCard['exchange'];
  readonly effectiveFrom: string;
  readonly card: RateCard;
  /** Flat brokerage per executed order, paise. */
  readonly brokerageFlat: number;
  /** Brokerage as a fraction of turnover (capped at brokerageFlat), or null for flat brokerage. */
  readonly brokerageRate: Rational | null;
  readonly sttSell: Rational;
  readonly exchangeTxn: Rational;
  readonly sebi: Rational;
  /** Investor protection fund levy as a fraction of turnover (0 when the card has none). */
  readonly ipft: Rational;
  readonly stampBuy: Rational;
  /** Stamp duty on the sell side (0 when the card has none). */
  readonly stampSell: Rational;
  /** GST as a fraction of the taxable components. */
  readonly gst: Rational;
  readonly gstOn: ReadonlySet<GstComponent>;
}

/** Thrown for an invalid rate card; `issues` name each field and the rule it breaks. */
export class InvalidRateCardError extends Error {
  constructor(readonly issues: readonly { readonly field: string; readonly message: string }[]) {
    super(`invalid rate card: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`);
    this.name = 'InvalidRateCardError';
  }
}

/** Validates JSON data as a rate card; throws InvalidRateCardError naming the field and the rule. */
export function parseRateCard(json: unknown): RateCard {
  const result = rateCardSchema.safeParse(json);
  if (!result.success) {
    throw new InvalidRateCardError(
      result.error.issues.map((issue) => ({
        field:
          issue.code === 'unrecognized_keys'
            ? [...issue.path, issue.keys.join(', ')].join('.')
            : issue.path.length > 0
              ? issue.path.join('.')
              : '(card)',
        message: issue.code === 'unrecognized_keys' ? 'unknown field(s): not part of a rate card' : issue.message,
      })),
    );
  }
  return result.data;
}

/** Parses a validated decimal string into num / 10^k, with trailing zeros removed. */
export function decimalToRational(s: string): Rational {
  if (!DECIMAL.test(s)) throw new RangeError(`"${s}" ${DECIMAL_RULE}`);
  const [whole = '0', frac = ''] = s.split('.');
  const digits = frac.replace(/0+$/, '');
  let num = Number(whole + digits);
  let den = 10 ** digits.length;
  while (den > 1 && num % 10 === 0) {
    num /= 10;
    den /= 10;
  }
  return { num, den };
}

function scaleDown(r: Rational, by: number): Rational {
  let num = r.num;
  let den = r.den * by;
  while (den > 1 && num % 10 === 0) {
    num /= 10;
    den /= 10;
  }
  return { num, den };
}

function turnoverRate(field: string, r: Rational): Rational {
  // Card-time bound so every charge on up to ₹10 crore turnover is an exact integer product.
  if (!Number.isSafeInteger(r.num * MAX_EXACT_TURNOVER) || !Number.isSafeInteger(r.den)) {
    throw new InvalidRateCardError([
      { field, message: 'has too many significant digits: charges on ₹10 crore turnover would not be exact' },
    ]);
  }
  return r;
}

/** Compiles a validated card: percentages become fractions (÷100), rupees per crore become fractions (÷10^7). */
export function compileRateCard(card: RateCard): CompiledRateCard {
  const pct = (field: string, s: string): Rational => turnoverRate(field, scaleDown(decimalToRational(s), 100));
  const perCrore = (field: string, s: string): Rational => turnoverRate(field, scaleDown(decimalToRational(s), 10_000_000));
  const flat = decimalToRational(card.brokeragePerOrder);
  return {
    id: card.id,
    exchange: card.exchange,
    effectiveFrom: card.effectiveFrom,
    card,
    brokerageFlat: (flat.num * 100) / flat.den,
    brokerageRate: card.brokeragePct === undefined ? null : pct('brokeragePct', card.brokeragePct),
    sttSell: pct('sttSellPct', card.sttSellPct),
    exchangeTxn: pct('exchangeTxnPct', card.exchangeTxnPct),
    sebi: perCrore('sebiPerCrore', card.sebiPerCrore),
    ipft: perCrore('ipftPerCrore', card.ipftPerCrore ?? '0'),
    stampBuy: pct('stampBuyPct', card.stampBuyPct),
    stampSell: pct('stampSellPct', card.stampSellPct ?? '0'),
    gst: pct('gstPct', card.gstPct),
    gstOn: new Set(card.gstOn),
  };
}

/** parseRateCard then compileRateCard. */
export function compileRateCardJson(json: unknown): CompiledRateCard {
  return compileRateCard(parseRateCard(json));
}
