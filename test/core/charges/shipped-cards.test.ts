/** Every card shipped in config/rate-cards loads, and the loader names the file and field of a bad card. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultRateCardDir, findPackageRoot, loadRateCards } from '../../../src/adapters/rate-cards.js';
import { selectRateCard } from '../../../src/core/charges/charges.js';

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

describe('shipped rate cards', () => {
  it('all load from config/rate-cards', () => {
    expect(defaultRateCardDir()).toBe(join(findPackageRoot(), 'config', 'rate-cards'));
    const ids = loadRateCards().map((c) => c.id);
    expect(ids).toEqual(['bse-index-options-2024-10', 'legacy-original', 'nse-index-options-2024-10']);
  });

  it('select by exchange and date as intended', () => {
    const cards = loadRateCards();
    expect(selectRateCard(cards, 'NSE', '2025-06-02').id).toBe('nse-index-options-2024-10');
    expect(selectRateCard(cards, 'BSE', '2025-06-02').id).toBe('bse-index-options-2024-10');
    expect(selectRateCard(cards, 'NSE', '2024-09-30').id).toBe('legacy-original');
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
