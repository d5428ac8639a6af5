/** User errors: each names the file, the line/column or option and the rule, as one line without a stack trace. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../../src/adapters/data/load-dataset.js';
import { expectDataError, ist, tempDir, writeTemp } from './helpers.js';

const T = ist('2026-01-05', '09:20');

describe('refused files', () => {
  it('unknown columns: names the file, line 1, the columns found and what a tick file needs', () => {
    const path = writeTemp('data.csv', 'a,b\n1,2\n');
    expectDataError(() => loadDataset(path), `${path}:1: columns not recognised: found [a, b]; a tick file needs ts_ms or ts, symbol, and price or ltp`);
  });

  it('unknown NDJSON keys: the same rule, naming the line of the first object', () => {
    const path = writeTemp('data.ndjson', '\n{"t":1,"p":2}\n');
    expectDataError(() => loadDataset(path), `${path}:2: columns not recognised: found [t, p]`);
  });

  it('unsorted timestamps: names the line and the line it goes back behind', () => {
    const path = writeTemp('data.csv', `ts_ms,symbol,price\n${T},NIFTY,1\n${T + 1000},NIFTY,2\n${T + 500},NIFTY,3\n`);
    expectDataError(() => loadDataset(path), `${path}:4: timestamps are not sorted: ${T + 500} is earlier than the time on line 3`);
  });

  it('empty file, blank file, header without rows', () => {
    expectDataError(() => loadDataset(writeTemp('empty.csv', '')), /empty\.csv: file is empty$/);
    expectDataError(() => loadDataset(writeTemp('blank.csv', '\n  \n')), /blank\.csv: file is empty$/);
    expectDataError(() => loadDataset(writeTemp('empty.csv.gz', '')), /empty\.csv\.gz: file is empty$/);
    expectDataError(() => loadDataset(writeTemp('head.csv', 'ts_ms,symbol,price\n')), /head\.csv: no data rows after the header \(line 1\)/);
  });

  it('a value that is not a number: names the line, the column number and its name', () => {
    const path = writeTemp('data.csv', `ts_ms,symbol,price\n${T},NIFTY,25800\n${T + 1},NIFTY,12x.5\n`);
    expectDataError(() => loadDataset(path), `${path}:3: column 3 (price): "12x.5" is not a number`);
    const bid = writeTemp('bid.csv', `ts_ms,symbol,price,bid\n${T},NIFTY,25800,abc\n`);
    expectDataError(() => loadDataset(bid), `${bid}:2: column 4 (bid): "abc" is not a number`);
    const nd = writeTemp('data.ndjson', `{"ts_ms":${T},"symbol":"NIFTY","price":1}\n{"ts_ms":${T + 1},"symbol":"NIFTY","price":"oops"}\n`);
    expectDataError(() => loadDataset(nd), `${nd}:2: column 3 (price): "oops" is not a number`);
  });

  it('malformed rows: wrong field count, bad JSON, epoch seconds, a missing price, a bad ISO time', () => {
    const fields = writeTemp('f.csv', `ts_ms,symbol,price\n${T},NIFTY\n`);
    expectDataError(() => loadDataset(fields), `${fields}:2: found 2 fields, the header has 3`);
    const json = writeTemp('j.ndjson', `{"ts_ms":${T},"symbol":"NIFTY","price":1}\n{oops\n`);
    expectDataError(() => loadDataset(json), `${json}:2: not valid JSON`);
    const secs = writeTemp('s.csv', `ts_ms,symbol,price\n${Math.floor(T / 1000)},NIFTY,1\n`);
    expectDataError(() => loadDataset(secs), `${secs}:2: column 1 (ts_ms):`, 'epoch seconds?');
    const missing = writeTemp('m.csv', `ts_ms,symbol,price\n${T},NIFTY,\n`);
    expectDataError(() => loadDataset(missing), `${missing}:2: column 3 (price): price is missing`);
    const iso = writeTemp('i.csv', 'ts,symbol,price\n2026-01-05T25:00:00+05:30,NIFTY,1\n');
    expectDataError(() => loadDataset(iso), `${iso}:2: column 1 (ts):`, 'is not an ISO-8601 time');
  });

  it('underlying-only data without synthetic options: says to add --synthetic-options iv=0.15', () => {
    const path = writeTemp('spy.csv', `ts_ms,symbol,price\n${Date.parse('2013-10-07T10:00:00-04:00')},SPY,167.41\n`);
    expectDataError(() => loadDataset(path), `${path}: holds only SPY (the underlying) and no CE/PE prices`, '--synthetic-options iv=0.15');
    const bars = writeTemp('spx_1m.csv', `ts_ms,open,high,low,close\n${Date.parse('2021-01-04T10:00:00-05:00')},3700,3701,3699,3700.5\n`);
    expectDataError(() => loadDataset(bars), `${bars}: holds only SPX`, '--synthetic-options iv=0.15');
  });

  it('several plain symbols without options: asks which is the underlying', () => {
    const path = writeTemp('two.csv', `ts_ms,symbol,price\n${T},NIFTY,1\n${T},SENSEX,2\n`);
    expectDataError(() => loadDataset(path, { syntheticOptions: { iv: 0.15 } }), `${path}: 2 symbols [NIFTY, SENSEX] and no option symbols: which is the underlying?`);
  });

  it('nothing in the session: names the session and the offset', () => {
    const path = writeTemp('night.csv', `ts_ms,symbol,price,bid,ask\n${ist('2026-01-05', '20:00')},NIFTY13JAN2625800CE,1,1,1\n${ist('2026-01-05', '20:00')},NIFTY,2,,\n`);
    expectDataError(() => loadDataset(path), 'none of the 2 rows falls in the regular session 09:15–15:30 (UTC offset 330 min');
  });

  it('missing file, options that do not apply, and contradictory options', () => {
    const nowhere = join(tempDir(), 'nope.csv');
    expectDataError(() => loadDataset(nowhere), `${nowhere}: no such file or directory`);
    const path = writeTemp('t.csv', `ts_ms,symbol,price\n${T},NIFTY,1\n`);
    expectDataError(() => loadDataset(path, { strike: 3700 }), `${path}: option strike applies to CE/PE panels, and this file is a tick file`);
    expectDataError(() => loadDataset(path, { syntheticOptions: { iv: 0.15, expiry: '0dte' }, expiry: 'weekly' }), 'options.expiry: "weekly" contradicts options.syntheticOptions expiry "0dte"');
    expectDataError(() => loadDataset(path, { syntheticOptions: { iv: -1 } }), 'options.syntheticOptions iv: must be an annualised volatility in (0, 5], e.g. 0.15, got -1');
    expectDataError(() => loadDataset(path, { utcOffsetMin: 5.5 }), 'options.utcOffsetMin: must be whole minutes in -720..840');
    expectDataError(() => loadDataset(path, { bogus: 1 } as never), 'options: unknown option "bogus"');
  });

  it('a US file spanning a daylight-saving change is refused unless the offset is given', () => {
    const rows = ['2013-11-01T11:00:00-04:00', '2013-11-04T11:00:00-05:00'].map((t, i) => `${Date.parse(t)},SPY,${170 + i}`);
    const path = writeTemp('dst.csv', `ts_ms,symbol,price\n${rows.join('\n')}\n`);
    expectDataError(() => loadDataset(path, { syntheticOptions: { iv: 0.15 } }), 'span a US daylight-saving change (UTC offset -240 then -300 min)');
    expect(loadDataset(path, { syntheticOptions: { iv: 0.15 }, utcOffsetMin: -300 }).dates).toEqual(['2013-11-01', '2013-11-04']);
  });
});
