/** Rate-card selection by exchange and trading date. */
import { describe, expect, it } from 'vitest';
import { NoRateCardError, selectRateCard, type DatedCard } from '../../../src/core/charges/charges.js';

const cards: DatedCard[] = [
  { id: 'legacy', exchange: 'ANY', effectiveFrom: '2023-04-01' },
  { id: 'nse-2024', exchange: 'NSE', effectiveFrom: '2024-10-01' },
  { id: 'nse-2025', exchange: 'NSE', effectiveFrom: '2025-04-01' },
  { id: 'bse-2024', exchange: 'BSE', effectiveFrom: '2024-10-01' },
];

describe('selectRateCard', () => {
  it('picks the latest card in force on the date for the exchange', () => {
    expect(selectRateCard(cards, 'NSE', '2024-10-01').id).toBe('nse-2024');
    expect(selectRateCard(cards, 'NSE', '2025-03-31').id).toBe('nse-2024');
    expect(selectRateCard(cards, 'NSE', '2025-04-01').id).toBe('nse-2025');
    expect(selectRateCard(cards, 'BSE', '2026-01-01').id).toBe('bse-2024');
  });

  it('falls back to an ANY card', () => {
    expect(selectRateCard(cards, 'NSE', '2024-09-30').id).toBe('legacy');
    expect(selectRateCard(cards, 'MCX', '2025-01-01').id).toBe('legacy');
  });

  it('prefers the exchange card over ANY on the same date', () => {
    const both: DatedCard[] = [
      { id: 'any', exchange: 'ANY', effectiveFrom: '2024-10-01' },
      { id: 'nse', exchange: 'NSE', effectiveFrom: '2024-10-01' },
    ];
    expect(selectRateCard(both, 'NSE', '2024-12-01').id).toBe('nse');
    expect(selectRateCard([...both].reverse(), 'NSE', '2024-12-01').id).toBe('nse');
  });

  it('errors clearly when no card applies: a NoRateCardError naming the date and the range the cards cover', () => {
    expect(() => selectRateCard(cards, 'NSE', '2020-01-01')).toThrow(NoRateCardError);
    expect(() => selectRateCard(cards, 'NSE', '2020-01-01')).toThrow(
      'no rate card for NSE on 2020-01-01: cards cover NSE from 2023-04-01 (legacy … nse-2025)',
    );
    expect(() => selectRateCard([cards[2] as DatedCard], 'NSE', '2025-03-31')).toThrow(
      'no rate card for NSE on 2025-03-31: cards cover NSE from 2025-04-01 (nse-2025)',
    );
    expect(() => selectRateCard([cards[3] as DatedCard], 'NSE', '2025-01-01')).toThrow(
      'no rate card for NSE on 2025-01-01: no card covers NSE (cards: bse-2024 (BSE from 2024-10-01))',
    );
    expect(() => selectRateCard([], 'NSE', '2025-01-01')).toThrow(/no card covers NSE \(cards: none\)/);
  });

  it('errors on two cards that tie', () => {
    const dup: DatedCard[] = [
      { id: 'a', exchange: 'NSE', effectiveFrom: '2024-10-01' },
      { id: 'b', exchange: 'NSE', effectiveFrom: '2024-10-01' },
    ];
    expect(() => selectRateCard(dup, 'NSE', '2025-01-01')).toThrow(/rate cards a and b both apply/);
  });

  it('rejects a malformed date', () => {
    expect(() => selectRateCard(cards, 'NSE', '2025-1-1')).toThrow(/date must be YYYY-MM-DD/);
  });
});
