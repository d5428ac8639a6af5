/** Schema of config/instruments.json (underlyings, their dated contract terms and simulation settings); errors name the field path and the rule. */
import { z } from 'zod';
import { formatIssues } from '../../core/calendar/calendar-schema.js';
import { ContractCalendar, contractTermsSchema } from '../../core/calendar/contract-terms.js';
import { parseHhMm } from '../../core/calendar/exchange-time.js';
import { holidayCalendarOf, tradingDaysOf, type HolidayFile } from '../../core/calendar/holiday-calendar.js';

/** A major-unit price step that converts to a whole, positive number of minor units (0.05 → 5 paise). */
const majorStep = z
  .number()
  .positive()
  .refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-9, { message: 'must be a whole number of paise (at most 2 decimals)' });

const hhMm = z.string().refine(
  (s) => {
    try {
      parseHhMm(s);
      return true;
    } catch {
      return false;
    }
  },
  { message: 'must be HH:MM (24h)' },
);

const simSettingsSchema = z.strictObject({
  /** Index level of the first simulated day's open, points. */
  startPrice: z.number().positive(),
  /** Annualised volatility of the diffusion before regimes, over 252 trading days. */
  annualVolatility: z.number().positive().max(2),
  /** At-the-money implied volatility the options are priced with, before smile and noise. */
  impliedVolatility: z.number().positive().max(3),
  riskFreeRate: z.number().min(0).max(0.5).default(0.065),
  strikesEachSide: z.int().min(1).max(40),
  /** Bid/ask spread of a liquid option in calm conditions, in option ticks. */
  typicalSpreadTicks: z.int().min(1).max(50),
  indexTicksPerSecond: z.number().positive().max(50),
  /** Mean tick rate of a near-ATM option; far strikes tick less. */
  optionTicksPerSecond: z.number().positive().max(50),
});

const underlyingSchema = z
  .strictObject({
    symbol: z.string().regex(/^[A-Z][A-Z0-9]*$/, { message: 'must be upper-case letters and digits' }),
    exchange: z.string().min(1),
    optionExchange: z.string().min(1),
    utcOffsetMin: z.int().min(-720).max(840),
    indexTickSize: majorStep,
    optionTickSize: majorStep,
    strikeStep: majorStep,
    /** Lot sizes by expiry and expiry rules by date, each row with its source (config/instruments.json). */
    contracts: contractTermsSchema,
    session: z.strictObject({ open: hhMm, close: hhMm }),
    source: z.string().optional(),
    sim: simSettingsSchema,
  })
  .superRefine((u, ctx) => {
    const open = safeMinutes(u.session.open);
    const close = safeMinutes(u.session.close);
    if (open !== undefined && close !== undefined && close <= open) {
      ctx.addIssue({ code: 'custom', path: ['session', 'close'], message: 'must be after session.open' });
    }
  });

export const simConfigSchema = z
  .strictObject({
    version: z.literal(1),
    note: z.string().optional(),
    underlyings: z.array(underlyingSchema).min(1),
  })
  .superRefine((c, ctx) => {
    const seen = new Set<string>();
    c.underlyings.forEach((u, i) => {
      if (seen.has(u.symbol)) ctx.addIssue({ code: 'custom', path: ['underlyings', i, 'symbol'], message: `duplicate symbol ${u.symbol}` });
      seen.add(u.symbol);
    });
  });

/** The instruments file plus the exchange holiday file (config/exchange-holidays.json) it is simulated with. */
export type SimConfig = z.output<typeof simConfigSchema> & { readonly holidays: HolidayFile };
export type UnderlyingConfig = SimConfig['underlyings'][number];
export type SimSettings = UnderlyingConfig['sim'];

function safeMinutes(text: string): number | undefined {
  try {
    return parseHhMm(text);
  } catch {
    return undefined;
  }
}

/** Validates parsed JSON against the holiday file; throws an Error listing each bad field as `path: rule`. */
export function parseSimConfig(json: unknown, holidays: HolidayFile): SimConfig {
  const result = simConfigSchema.safeParse(json);
  if (!result.success) throw new Error(`invalid instruments config: ${formatIssues(result.error)}`);
  const missing = result.data.underlyings.flatMap((u, i) =>
    holidayCalendarOf(holidays, u.exchange) === undefined ? [`underlyings[${i}].exchange: no holiday calendar lists ${u.exchange}`] : [],
  );
  if (missing.length > 0) throw new Error(`invalid instruments config: ${missing.join('; ')}`);
  return { ...result.data, holidays };
}

/** The underlying named `symbol`; throws listing the known symbols when it is missing. */
export function findUnderlying(config: SimConfig, symbol: string): UnderlyingConfig {
  const found = config.underlyings.find((u) => u.symbol === symbol);
  if (found === undefined) {
    throw new Error(`unknown underlying ${symbol}; config has ${config.underlyings.map((u) => u.symbol).join(', ')}`);
  }
  return found;
}

/** The underlying's contract terms over its exchange's trading days (holidays from the holiday file). */
export function contractCalendarOf(config: SimConfig, symbol: string): ContractCalendar {
  const u = findUnderlying(config, symbol);
  return new ContractCalendar(u.symbol, u.contracts, tradingDaysOf(config.holidays, u.exchange));
}
