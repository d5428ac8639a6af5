/** ControlStore: parameter versions, daily risk, positions, audit log and engine state round-trip and persist. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ControlStore, type ParamsVersionRecord } from '../../../src/adapters/store/control-store.js';

let dir: string;
let stores: ControlStore[];
const open = (): ControlStore => {
  const s = ControlStore.open(join(dir, 'control.sqlite'));
  stores.push(s);
  return s;
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'scalper-'));
  stores = [];
});
afterEach(() => {
  for (const s of stores) s.close();
  rmSync(dir, { recursive: true, force: true });
});

const v1: ParamsVersionRecord = { version: 'p-111', preset: 'nifty_normal', paramsJson: '{"momentumTicks":3}', createdTs: 2_000, source: 'preset' };
const v2: ParamsVersionRecord = { version: 'p-222', preset: 'nifty_normal', paramsJson: '{"momentumTicks":4}', createdTs: 1_000, source: 'tuner' };

describe('ControlStore', () => {
  it('stores a parameter version once (idempotent on version) and lists them oldest first', () => {
    const s = open();
    expect(s.saveParamsVersion(v1)).toBe(true);
    expect(s.saveParamsVersion(v2)).toBe(true);
    expect(s.saveParamsVersion({ ...v1, paramsJson: '{"changed":true}', createdTs: 9 })).toBe(false);
    expect(s.getParamsVersion('p-111')).toStrictEqual(v1);
    expect(s.getParamsVersion('nope')).toBeUndefined();
    expect(s.listParamsVersions()).toStrictEqual([v2, v1]);
  });

  it('keeps one daily risk snapshot per trading date, the latest written', () => {
    const s = open();
    expect(s.getDailyRisk('2026-01-05')).toBeUndefined();
    s.putDailyRisk('2026-01-05', '{"sessionPnl":0}', 10);
    s.putDailyRisk('2026-01-05', '{"sessionPnl":-1500}', 20);
    s.putDailyRisk('2026-01-06', '{"sessionPnl":700}', 30);
    expect(s.getDailyRisk('2026-01-05')).toStrictEqual({ date: '2026-01-05', snapshotJson: '{"sessionPnl":-1500}', updatedTs: 20 });
    expect(s.getDailyRisk('2026-01-06')).toStrictEqual({ date: '2026-01-06', snapshotJson: '{"sessionPnl":700}', updatedTs: 30 });
    expect(() => s.putDailyRisk('05-01-2026', '{}', 1)).toThrow(/CHECK constraint failed: trading_date GLOB/);
  });

  it('upserts, deletes and lists open positions per book', () => {
    const s = open();
    s.putPosition({ book: 'auto', tradeId: 't2', snapshotJson: '{"qty":75}', updatedTs: 1 });
    s.putPosition({ book: 'auto', tradeId: 't1', snapshotJson: '{"qty":75}', updatedTs: 1 });
    s.putPosition({ book: 'manual', tradeId: 't1', snapshotJson: '{"qty":25}', updatedTs: 2 });
    s.putPosition({ book: 'auto', tradeId: 't2', snapshotJson: '{"qty":150}', updatedTs: 3 });
    expect(s.listPositions('auto')).toStrictEqual([
      { book: 'auto', tradeId: 't1', snapshotJson: '{"qty":75}', updatedTs: 1 },
      { book: 'auto', tradeId: 't2', snapshotJson: '{"qty":150}', updatedTs: 3 },
    ]);
    expect(s.listPositions().map((p) => `${p.book}/${p.tradeId}`)).toEqual(['auto/t1', 'auto/t2', 'manual/t1']);
    s.deletePosition('auto', 't1');
    s.deletePosition('auto', 'never-there');
    expect(s.listPositions().map((p) => `${p.book}/${p.tradeId}`)).toEqual(['auto/t2', 'manual/t1']);
    expect(s.listPositions('manual')).toStrictEqual([{ book: 'manual', tradeId: 't1', snapshotJson: '{"qty":25}', updatedTs: 2 }]);
    expect(() => s.putPosition({ book: 'other' as never, tradeId: 'x', snapshotJson: '{}', updatedTs: 0 })).toThrow(/CHECK constraint failed: book IN/);
  });

  it('appends audit entries with increasing sequence numbers and lists the newest first', () => {
    const s = open();
    const a = s.appendAudit({ ts: 100, actor: 'cli', action: 'start', detailJson: '{"mode":"PAPER"}' });
    const b = s.appendAudit({ ts: 200, actor: 'mcp', action: 'pause', detailJson: '{}' });
    const c = s.appendAudit({ ts: 300, actor: 'engine', action: 'halt', detailJson: '{"reason":"daily_max_loss"}' });
    expect(b).toBe(a + 1);
    expect(c).toBe(b + 1);
    expect(s.listAudit(2)).toStrictEqual([
      { seq: c, ts: 300, actor: 'engine', action: 'halt', detailJson: '{"reason":"daily_max_loss"}' },
      { seq: b, ts: 200, actor: 'mcp', action: 'pause', detailJson: '{}' },
    ]);
    expect(s.listAudit(10).map((e) => e.seq)).toEqual([c, b, a]);
    expect(s.listAudit(0)).toEqual([]);
    expect(() => s.listAudit(-1)).toThrow(/limit must be a non-negative integer/);
    expect(() => s.appendAudit({ ts: 1, actor: 'x', action: 'y', detailJson: 'not json' })).toThrow(/json_valid\(detail_json\)/);
  });

  it('gets and sets engine state values', () => {
    const s = open();
    expect(s.getState('sim.cursor')).toBeUndefined();
    s.setState('sim.cursor', '{"day":1}', 5);
    s.setState('sim.cursor', '{"day":2}', 6);
    expect(s.getState('sim.cursor')).toStrictEqual({ value: '{"day":2}', updatedTs: 6 });
  });

  it('keeps everything after the store is closed and opened again', () => {
    const first = open();
    first.saveParamsVersion(v1);
    first.putDailyRisk('2026-01-05', '{}', 1);
    first.putPosition({ book: 'auto', tradeId: 't1', snapshotJson: '{}', updatedTs: 1 });
    first.appendAudit({ ts: 1, actor: 'cli', action: 'start', detailJson: '{}' });
    first.setState('k', 'v', 1);
    first.close();
    const again = open();
    expect(again.getParamsVersion('p-111')).toStrictEqual(v1);
    expect(again.getDailyRisk('2026-01-05')?.updatedTs).toBe(1);
    expect(again.listPositions()).toHaveLength(1);
    expect(again.listAudit(5)).toHaveLength(1);
    expect(again.getState('k')?.value).toBe('v');
  });
});
