/**
 * OpenAlgo's position book and tradebook, normalised for reconciliation: numbers come as numbers or
 * strings depending on the broker's adapter, prices become paise, times exchange-local text becomes epoch ms.
 */
import { epochOfLocal } from '../../core/calendar/exchange-time.js';
import { toMinor } from '../../core/model/money.js';
import { MONTH_CODES } from '../../sim/market/option-symbol.js';
import type { BrokerBooks } from '../../app/app-deps.js';
import { AppError } from '../../app/errors.js';
import type { BrokerPositionRow, BrokerTradeRow } from '../../app/live/broker-records.js';
import { OpenAlgoError, numeric, type OpenAlgoRest } from './openalgo-rest.js';

const MONTHS: readonly string[] = MONTH_CODES;

function num(x: unknown): number | null {
  const p = numeric.safeParse(x);
  return p.success ? p.data : null;
}

const text = (x: unknown): string => (typeof x === 'string' ? x : typeof x === 'number' ? String(x) : '');

function unreadable(endpoint: string, row: number, field: string, value: unknown): OpenAlgoError {
  return new OpenAlgoError('bad_answer', endpoint, `row ${row + 1}: ${field} ${JSON.stringify(value) ?? 'missing'} is not readable`);
}

function rows(answer: Record<string, unknown>, endpoint: string): Record<string, unknown>[] {
  const data = answer.data;
  if (Array.isArray(data)) return data as Record<string, unknown>[];
  if (data === null || data === undefined) return [];
  throw new OpenAlgoError('bad_answer', endpoint, 'data is not a list');
}

/**
 * A tradebook time as epoch ms: "HH:MM:SS" on `date`, "DD-Mon-YYYY HH:MM:SS", or ISO; exchange-local at
 * `utcOffsetMin` when it carries no zone. Null when it cannot be read.
 */
export function tradeTime(value: unknown, date: string, utcOffsetMin: number): number | null {
  const t = text(value).trim();
  let m = /^(\d{1,2}):(\d{2}):(\d{2})$/.exec(t);
  if (m !== null) return epochOfLocal(date, Number(m[1]) * 60 + Number(m[2]), utcOffsetMin) + Number(m[3]) * 1000;
  m = /^(\d{1,2})-([A-Za-z]{3})-(\d{4})[ T](\d{1,2}):(\d{2}):(\d{2})$/.exec(t);
  if (m !== null) {
    const month = MONTHS.indexOf(m[2]!.toUpperCase());
    if (month < 0) return null;
    const day = `${m[3]}-${String(month + 1).padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
    return epochOfLocal(day, Number(m[4]) * 60 + Number(m[5]), utcOffsetMin) + Number(m[6]) * 1000;
  }
  const iso = /Z|[+-]\d{2}:?\d{2}$/.test(t) ? Date.parse(t) : NaN;
  return Number.isFinite(iso) ? iso : null;
}

export async function brokerPositions(rest: OpenAlgoRest): Promise<BrokerPositionRow[]> {
  const answer = await rest.call('positionbook');
  // A row that cannot be read is an error, never skipped: a missing position would read as a mismatch or hide one.
  return rows(answer, 'positionbook').map((r, i) => {
    const qty = num(r.quantity ?? r.netqty);
    if (text(r.symbol) === '') throw unreadable('positionbook', i, 'symbol', r.symbol);
    if (qty === null || !Number.isInteger(qty)) throw unreadable('positionbook', i, 'quantity', r.quantity ?? r.netqty);
    const avg = num(r.average_price) ?? 0;
    const pnl = num(r.pnl);
    return { symbol: text(r.symbol), exchange: text(r.exchange), product: text(r.product), qty, averagePrice: toMinor(avg), pnl: pnl === null ? null : toMinor(pnl) };
  });
}

export async function brokerTrades(rest: OpenAlgoRest, date: string, utcOffsetMin: number): Promise<BrokerTradeRow[]> {
  const answer = await rest.call('tradebook');
  // A fill that cannot be read is an error, never skipped: reconciliation would report it as missed by us.
  return rows(answer, 'tradebook').map((r, i) => {
    const qty = num(r.quantity);
    const price = num(r.average_price ?? r.price);
    const action = text(r.action).toUpperCase();
    if (text(r.symbol) === '') throw unreadable('tradebook', i, 'symbol', r.symbol);
    if (action !== 'BUY' && action !== 'SELL') throw unreadable('tradebook', i, 'action', r.action);
    if (qty === null || !Number.isInteger(qty) || qty <= 0) throw unreadable('tradebook', i, 'quantity', r.quantity);
    if (price === null || price <= 0) throw unreadable('tradebook', i, 'average_price', r.average_price ?? r.price);
    const charges = num(r.charges);
    return { orderId: text(r.orderid), symbol: text(r.symbol), exchange: text(r.exchange), action, qty, price: toMinor(price), ts: tradeTime(r.timestamp ?? r.fill_timestamp, date, utcOffsetMin), charges: charges === null ? null : toMinor(charges) };
  });
}

/** The broker's books for the app: an OpenAlgo that cannot answer is UNAVAILABLE with its reason. */
export function openAlgoBrokerBooks(rest: OpenAlgoRest): BrokerBooks {
  const wrap = async <T>(f: () => Promise<T>): Promise<T> => {
    try {
      return await f();
    } catch (e) {
      if (e instanceof OpenAlgoError) throw new AppError('UNAVAILABLE', e.message, { hint: '`scalper doctor` checks OpenAlgo' });
      throw e;
    }
  };
  return {
    trades: (date, utcOffsetMin) => wrap(() => brokerTrades(rest, date, utcOffsetMin)),
    positions: () => wrap(() => brokerPositions(rest)),
  };
}
