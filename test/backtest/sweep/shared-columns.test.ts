/** The shared tick buffer: packing days into one SharedArrayBuffer and viewing them again gives the same columns. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TickColumns } from '../../../src/sim/market/tick-columns.js';
import { packColumns, viewColumns } from '../../../src/adapters/sweep/shared-columns.js';

const day = (rows: readonly (readonly number[])[]): TickColumns => {
  const col = (k: number): Float64Array => Float64Array.from(rows, (r) => r[k]!);
  return {
    length: rows.length,
    ts: col(0),
    instrument: Int32Array.from(rows, (r) => r[1]!),
    ltp: col(2),
    bid: col(3),
    ask: col(4),
    bidQty: col(5),
    askQty: col(6),
  };
};

const plain = (c: TickColumns): unknown => ({
  length: c.length,
  ts: [...c.ts],
  instrument: [...c.instrument],
  ltp: [...c.ltp],
  bid: [...c.bid],
  ask: [...c.ask],
  bidQty: [...c.bidQty],
  askQty: [...c.askQty],
});

describe('packColumns / viewColumns', () => {
  it('round-trips any days, odd lengths and empty days included (property)', () => {
    const row = fc.tuple(fc.double(), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.double(), fc.double(), fc.double(), fc.double(), fc.double());
    fc.assert(
      fc.property(fc.array(fc.array(row, { maxLength: 9 }), { maxLength: 4 }), (rowsByDay) => {
        const days = rowsByDay.map(day);
        const shared = packColumns(days);
        expect(shared.buffer).toBeInstanceOf(SharedArrayBuffer);
        expect(viewColumns(shared).map(plain)).toEqual(days.map(plain));
      }),
    );
  });

  it('views share the buffer instead of copying it', () => {
    const shared = packColumns([day([[1, 2, 3, 4, 5, 6, 7]])]);
    const [a] = viewColumns(shared);
    const [b] = viewColumns(shared);
    a!.ltp[0] = 99;
    expect(b!.ltp[0]).toBe(99);
    expect(a!.ts.buffer).toBe(shared.buffer);
  });
});
