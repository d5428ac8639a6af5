/** Every card shipped in config/rate-cards loads, and the loader names the file and field of a bad card. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultRateCardDir, findPackageRoot, loadRateCards } from '../../../src/adapters/rate-cards.js';
import { NoRateCardError, selectRateCard } from '../../../src/core/charges/charges.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'rate-cards-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const NSE_CARDS = ['2016-06', '2017-07', '2019-04', '2020-06', '2020-07', '2021-01', '2021-04', '2023-04', '2024-10', '2026-04'];
const BSE_CARDS = ['2016-06', '2017-07', '2019-04', '2020-06', '2020-07', '2021-01', '2021-04', '2023-04', '2023-11', '2024-05', '2024-10', '2026-04'];

describe('shipped rate cards', () => {
  it('all load from config/rate-cards', () => {
    expect(defaultRateCardDir()).toBe(join(findPackageRoot(), 'config', 'rate-cards'));
    const ids = loadRateCards().map((c) => c.id);
    expect(ids).toEqual([
      ...BSE_CARDS.map((m) => `bse-index-options-${m}`),
      'legacy-original',
      ...NSE_CARDS.map((m) => `nse-index-options-${m}`),
    ]);
  });

  it('select by exchange and date as intended', () => {
    const cards = loadRateCards();
    expect(selectRateCard(cards, 'NSE', '2025-06-02').id).toBe('nse-index-options-2024-10');
    expect(selectRateCard(cards, 'BSE', '2025-06-02').id).toBe('bse-index-options-2024-10');
    expect(selectRateCard(cards, 'NSE', '2024-09-30').id).toBe('nse-index-options-2023-04');
    expect(selectRateCard(cards, 'BSE', '2024-05-10').id).toBe('bse-index-options-2023-11');
    expect(selectRateCard(cards, 'BSE', '2024-05-13').id).toBe('bse-index-options-2024-05');
    expect(selectRateCard(cards, 'NSE', '2026-04-01').id).toBe('nse-index-options-2026-04');
    expect(selectRateCard(cards, 'MCX', '2025-06-02').id).toBe('legacy-original');
  });

  it('every date from 2016-06-01 to 2026-12-31 selects exactly one card of the exchange itself, for NSE and for BSE', () => {
    const cards = loadRateCards();
    for (const exchange of ['NSE', 'BSE']) {
      const own = cards.filter((c) => c.exchange === exchange);
      // no ties: no two cards of one exchange start on the same date
      expect(new Set(own.map((c) => c.effectiveFrom)).size).toBe(own.length);
      const seen = new Set<string>();
      let days = 0;
      for (let t = Date.UTC(2016, 5, 1); t <= Date.UTC(2026, 11, 31); t += 86_400_000) {
        const date = new Date(t).toISOString().slice(0, 10);
        const card = selectRateCard(cards, exchange, date);
        expect(card.exchange).toBe(exchange);
        // the one in force: the latest start on or before the date, and no other card starts between
        expect(card.effectiveFrom <= date).toBe(true);
        expect(own.filter((c) => c.effectiveFrom > card.effectiveFrom && c.effectiveFrom <= date)).toEqual([]);
        seen.add(card.id);
        days++;
      }
      expect(days).toBe(3866);
      expect(seen.size).toBe(own.length); // every card is in force on some date
    }
  });

  it('a date before the first card is a NoRateCardError naming the date and the range the cards cover', () => {
    const cards = loadRateCards();
    expect(() => selectRateCard(cards, 'NSE', '2016-05-31')).toThrow(NoRateCardError);
    expect(() => selectRateCard(cards, 'NSE', '2015-03-02')).toThrow(
      'no rate card for NSE on 2015-03-02: cards cover NSE from 2016-06-01 (nse-index-options-2016-06 … nse-index-options-2026-04)',
    );
    expect(() => selectRateCard(cards, 'BSE', '2016-05-31')).toThrow(
      'no rate card for BSE on 2016-05-31: cards cover BSE from 2016-06-01 (bse-index-options-2016-06 … bse-index-options-2026-04)',
    );
  });

  it('each exchange card names its effective date in its source', () => {
    const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    for (const c of loadRateCards().filter((x) => x.exchange !== 'ANY')) {
      const [y, m, d] = c.effectiveFrom.split('-').map(Number) as [number, number, number];
      expect(c.card.source).toContain(`from ${d} ${months[m - 1]} ${y}:`);
    }
  });
});

describe('loadRateCards errors', () => {
  const card = (patch: Record<string, unknown>): string =>
    JSON.stringify({
      id: 'x',
      exchange: 'NSE',
      effectiveFrom: '2024-10-01',
      source: 'test',
      brokeragePerOrder: '20',
      sttSellPct: '0.1',
      exchangeTxnPct: '0.03503',
      sebiPerCrore: '10',
      stampBuyPct: '0.003',
      gstPct: '18',
      gstOn: ['brokerage'],
      ...patch,
    });

  it('names the file and the field', () => {
    const dir = dirWith({ 'x.json': card({ sttSellPct: 0.1 }) });
    expect(() => loadRateCards(dir)).toThrow(/x\.json: invalid rate card: sttSellPct: must be a decimal string/);
  });

  it('names a file that is not JSON', () => {
    const dir = dirWith({ 'x.json': '{ "id": ' });
    expect(() => loadRateCards(dir)).toThrow(/x\.json: not valid JSON/);
  });

  it('requires the id to match the file name', () => {
    const dir = dirWith({ 'y.json': card({}) });
    expect(() => loadRateCards(dir)).toThrow(/y\.json: id: must match the file name/);
  });

  it('refuses an empty directory', () => {
    expect(() => loadRateCards(dirWith({ 'notes.txt': 'hi' }))).toThrow(/no rate cards/);
  });
});
