/**
 * Our positions against the broker's position book: each symbol the agent trades must hold the same net
 * quantity at both. A difference is reported, never "fixed": the trader decides.
 */
import type { BrokerPositionRow } from './broker-records.js';

export interface HeldPosition {
  readonly symbol: string;
  readonly exchange: string;
  /** Net quantity we hold: positive long. */
  readonly qty: number;
}

export interface PositionMismatch {
  readonly symbol: string;
  readonly exchange: string;
  readonly ours: number;
  readonly broker: number;
  /** `missing_at_broker`: we hold it, the broker does not; `unknown_to_us`: the broker holds it, we do not; `quantity`: both, not the same. */
  readonly kind: 'missing_at_broker' | 'unknown_to_us' | 'quantity';
}

const key = (s: { symbol: string; exchange: string }): string => `${s.exchange}:${s.symbol}`;

/**
 * Compares the symbols we hold or trade (`traded`: the strikes the agent may trade) with the broker's rows.
 * Broker positions in other symbols are the trader's own business and are not compared.
 */
export function comparePositions(ours: readonly HeldPosition[], broker: readonly BrokerPositionRow[], traded: readonly { symbol: string; exchange: string }[]): PositionMismatch[] {
  const atBroker = new Map<string, number>();
  for (const r of broker) atBroker.set(key(r), (atBroker.get(key(r)) ?? 0) + r.qty);
  const mine = new Map<string, HeldPosition>();
  for (const p of ours) if (p.qty !== 0) mine.set(key(p), p);
  const symbols = new Map<string, { symbol: string; exchange: string }>();
  for (const s of [...ours, ...traded]) symbols.set(key(s), { symbol: s.symbol, exchange: s.exchange });
  const out: PositionMismatch[] = [];
  for (const [k, s] of [...symbols].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const o = mine.get(k)?.qty ?? 0;
    const b = atBroker.get(k) ?? 0;
    if (o === b) continue;
    out.push({ ...s, ours: o, broker: b, kind: b === 0 ? 'missing_at_broker' : o === 0 ? 'unknown_to_us' : 'quantity' });
  }
  return out;
}

/** One line per mismatch, for alarms and logs. */
export function describeMismatch(m: PositionMismatch): string {
  const what = m.kind === 'missing_at_broker' ? 'we hold it, the broker does not' : m.kind === 'unknown_to_us' ? 'the broker holds it, we do not' : 'the quantities differ';
  return `${m.exchange}:${m.symbol}: ours ${m.ours}, broker ${m.broker} (${what})`;
}
