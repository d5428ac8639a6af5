/** Bad input on every command, tried as a new user would: each is refused with exit code 2 and one line naming the flag or field and the rule, and leaves the database directory empty. */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scalper } from './in-process.js';

const root = mkdtempSync(join(tmpdir(), 'scalper-bad-input-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Fixture files the bad inputs point at. */
const FILE = join(root, 'a-file');
writeFileSync(FILE, 'not a directory\n');
const BINARY = join(root, 'binary.csv');
writeFileSync(BINARY, Buffer.from([0, 1, 2, 0xff, 0xfe, 0x1b, 0x5b, 0x32, 0x4a, 10, 0, 0xff, 10]));
const INDEX = 'ts,symbol,price\n2022-04-13T09:15:00,NIFTY,17527.65\n';
const HUGE_PRICE = join(root, 'huge-price.csv');
writeFileSync(HUGE_PRICE, `${INDEX}2022-04-13T09:15:10,NIFTY,1e308\n`);
const JUNK_PRICE = join(root, 'junk-price.csv');
writeFileSync(JUNK_PRICE, `${INDEX}2022-04-13T09:15:10,NIFTY,\u0001\u0002${'z'.repeat(300)}\n`);
const PARAMS_ARRAY = join(root, 'params-array.json');
writeFileSync(PARAMS_ARRAY, '[1, 2]');
const PARAMS_BAD = join(root, 'params-bad.json');
writeFileSync(PARAMS_BAD, '{"momentumTicks": 1}');
const PARAMS_UNKNOWN = join(root, 'params-unknown.json');
writeFileSync(PARAMS_UNKNOWN, '{"nope": 1}');
const NOT_JSON = join(root, 'not-json.json');
writeFileSync(NOT_JSON, '{"events": [');

/** A manual-trades batch of one ENTRY with `change` applied. */
function manual(name: string, change: Record<string, unknown>): string {
  const event = {
    eventId: 'e1', tradeId: 't1', type: 'ENTRY', source: 'scalping', ts: '2026-01-05T10:30:00+05:30',
    underlying: 'NIFTY', exchange: 'NFO', symbol: 'NIFTY06JAN2626000PE', side: 'PE', qty: 65, price: 120.5, ...change,
  };
  const path = join(root, `${name}.json`);
  writeFileSync(path, JSON.stringify({ events: [event] }));
  return path;
}

const SIM = 'sim:NIFTY:7:2026-01-05:1';

/** [arguments, what the message must name (flag, field or file), and a part of the rule]. */
const CASES: readonly [readonly string[], string, RegExp][] = [
  // The issue's examples of "internal error".
  [['sweep', '--data', SIM, '--grid', 'momentumTicks=1,2'], '--grid momentumTicks', /at least 2 ticks/],
  [['serve', '--preset', 'nope'], '--preset', /must be one of/],
  [['backtest', '--data', 'sim:FOO:7:2026-01-05:5'], '--data', /UNDERLYING must be one of NIFTY, SENSEX/],
  [['backtest', '--data', SIM, '--db-dir', FILE], '--db-dir', /is a file, not a directory/],
  [['experiments', 'list', '--db-dir', FILE], '--db-dir', /is a file, not a directory/],
  [['serve', '--db-dir', join(FILE, 'sub')], '--db-dir', /a part of the path is a file/],
  [['experiments', 'add', '--title', 'abc', '--dataset', SIM, '--overrides', '@/nonexistent.json'], '--overrides', /cannot read \/nonexistent.json/],
  [['manual-trades', manual('seconds', { ts: 1_767_589_200 })], 'events.0.ts', /looks like seconds/],
  // Negative numbers, with or without "=".
  [['backtest', '--sim', '--days', '-1'], '--days', />=1/],
  [['backtest', '--sim', '--days=-1'], '--days', />=1/],
  [['serve', '--days', '-1'], '--days', /must be 1\.\.250/],
  [['serve', '--seed', '-1'], '--seed', /0\.\.4294967295/],
  [['serve', '--feed', 'kite'], '--feed', /must be sim or openalgo/],
  [['serve', '--mode', 'paper'], '--mode', /applies with --feed openalgo/],
  [['serve', '--feed', 'openalgo', '--mode', 'live'], '--mode', /live trading is not armed: only a trader arms it/],
  [['serve', '--feed', 'openalgo', '--mode', 'analyzer'], 'OPENALGO_API_KEY', /is not set/],
  [['serve', '--feed', 'openalgo', '--mode', 'sandbox'], '--mode', /must be paper, analyzer or live/],
  [['serve', '--feed', 'openalgo', '--days', '3'], '--days', /does not apply with --feed openalgo/],
  [['arm-live', 'arm', '--minutes', '0'], '--minutes', /must be 1\.\.375, got 0/],
  [['arm-live', 'arm'], '--minutes', /is required/],
  [['arm-live', 'status', '--minutes', '5'], '--minutes', /applies to `arm-live arm` and `arm-live approve`/],
  [['serve', '--status-every', '1.5'], '--status-every', /must be a whole number/],
  [['serve', '--status-every', '90000'], '--status-every', /0\.\.86400/],
  [['backtest', '--sim', '--latency-ms', '-5'], '--latency-ms', />=0/],
  [['trades', '--limit', '-3'], '--limit', /whole number ≥ 0/],
  [['sweep', '--data', SIM, '--random', 'momentumTicks=3:9', '--samples', '-4'], '--samples', /1\.\.10000,/],
  // Values out of range or of the wrong kind.
  [['backtest', '--sim', '--days', 'two'], '--days', /whole number/],
  [['backtest', '--sim', '--days', '300'], '--days', /<=250/],
  [['backtest', '--sim', '--seed', '99999999999'], '--seed', /<=4294967295/],
  [['backtest', '--sim', '--preset', 'yolo'], '--preset', /expected one of/],
  [['backtest', '--sim', '--underlying', 'BANKNIFTY'], '--underlying', /NIFTY/],
  [['backtest', '--sim', '--start-date', '2026-02-30'], '--start-date', /real calendar date/],
  [['backtest', '--sim', '--start-date', '1999-01-04'], '--start-date', /contract tables begin/],
  [['backtest', '--sim', '--start-date', '2016-03-01'], '--start-date', /no rate card for NSE/],
  [['backtest', '--sim', '--slippage-prob', '2'], '--slippage-prob', /<=1/],
  [['backtest', '--sim', '--lot-size', '0'], '--lot-size', />=1/],
  [['backtest', '--sim', '--rate-card', 'nope'], '--rate-card', /no rate card has the id/],
  [['backtest', '--sim', '--params', '/nonexistent.json'], '--params', /cannot read/],
  [['backtest', '--sim', '--params', PARAMS_ARRAY], '--params', /JSON object/],
  [['backtest', '--sim', '--params', BINARY], '--params', /not valid JSON/],
  [['backtest', '--sim', '--params', PARAMS_BAD], '--params momentumTicks', /at least 2 ticks/],
  [['backtest', '--data', SIM, '--params', PARAMS_UNKNOWN], '--params', /unknown parameter\(s\): nope/],
  [['backtest', '--data', SIM, '--capital', '0'], '--capital', />0/],
  [['backtest', '--data', SIM, '--from', '2026-13-01'], '--from', /real calendar date/],
  [['backtest', '--data', SIM, '--from', '2027-01-01'], '--from', /no dates of/],
  [['backtest', '--data', 'sim:NIFTY:7:2026-01-05:3', '--from', '2026-01-07', '--to', '2026-01-05'], '--from', /must not be after to \(2026-01-05\)/],
  [['backtest', '--data', 'sim:NIFTY:7:2026-01-05'], '--data', /sim:UNDERLYING:SEED:START:DAYS/],
  [['backtest', '--data', 'sim:NIFTY:7:2026-01-05:0'], '--data', /DAYS must be a whole number 1\.\.250/],
  [['backtest', '--data', 'sim:NIFTY:7:1990-01-01:5'], '--data START', /contract tables begin/],
  [['backtest', '--data', '/nonexistent.csv'], '/nonexistent.csv', /no such file/],
  [['backtest', '--data', ''], '--data', /must name a data file/],
  // One seed: a sim: dataset's seed is the seed of its fills.
  [['backtest', '--data', SIM, '--seed', '3'], '--seed', /must be 7, the seed of/],
  [['sweep', '--data', SIM, '--grid', 'momentumTicks=3,4', '--seed', '3'], '--seed', /must be 7, the seed of/],
  // Flags that do not apply.
  [['backtest', '--sim', '--from', '2026-01-01'], '--from', /applies to --data backtests/],
  [['backtest', '--sim', '--to', '2026-01-09'], '--to', /applies to --data backtests/],
  [['backtest', '--sim', '--strike', '3700'], '--strike', /applies to --data backtests/],
  [['backtest', '--sim', '--db-dir', root], '--db-dir', /applies to --data backtests/],
  [['backtest', '--data', SIM, '--underlying', 'NIFTY'], '--underlying', /applies to --sim backtests/],
  [['backtest', '--data', SIM, '--days', '3'], '--days', /applies to --sim backtests/],
  [['backtest', '--data', SIM, '--columns', 'a=b'], '--columns', /not to a simulated dataset/],
  [['sweep', '--data', SIM, '--grid', 'momentumTicks=3,4', '--samples', '5'], '--samples', /only a --random sweep/],
  [['serve', '--recordings-max-gb', '5'], '--recordings-max-gb', /applies with --record/],
  [['trades', '--bucket', '3'], '--bucket', /belongs to `scalper analytics`/],
  [['analytics', '--limit', '5'], '--limit', /belongs to `scalper trades`/],
  [['experiments', 'list', '--title', 'x'], '--title', /does not apply to `scalper experiments list`/],
  [['experiments', 'add', '--title', 'abc', '--dataset', SIM, '--status', 'pending'], '--status', /does not apply/],
  // The parser's own refusals, rephrased.
  [['backtest', '--sim', '--bogus'], '--bogus', /unknown flag for `scalper backtest`/],
  [['backtest', '--sim', '--days'], '--days', /needs a value/],
  [['backtest', '--sim', '--json=yes'], '--json', /takes no value/],
  [['serve', 'extra'], '(arguments)', /unexpected argument "extra"/],
  [['backtest'], '--sim', /give --sim .* or --data/],
  [['backtest', '--sim', '--data', SIM], '--sim', /not both/],
  [['frobnicate'], 'COMMAND', /unknown command "frobnicate"/],
  // serve.
  [['serve', '--sim-speed', '0'], '--sim-speed', /> 0 or "max"/],
  [['serve', '--sim-speed', 'fast'], '--sim-speed', /must be a number/],
  [['serve', '--queue-capacity', '1'], '--queue-capacity', /2\.\.10000000/],
  [['serve', '--experiments', '100'], '--experiments', /0\.\.16/],
  [['serve', '--start-date', '2026-02-30'], '--start-date', /real calendar date/],
  [['serve', '--start-date', '2016-03-01'], '--start-date', /no rate card for NSE/],
  [['serve', '--record', '--recordings-max-gb', '0'], '--recordings-max-gb', /> 0/],
  // sweep.
  [['sweep', '--grid', 'momentumTicks=3,4'], '--data', /is required/],
  [['sweep', '--data', SIM], '--grid', /exactly one of --grid or --random/],
  [['sweep', '--data', SIM, '--grid', 'nope=1,2'], '--grid nope', /unknown parameter/],
  [['sweep', '--data', SIM, '--grid', 'momentumTicks=3:9:0'], '--grid momentumTicks', /step must be greater than 0/],
  [['sweep', '--data', SIM, '--grid', 'momentumTicks=3,4;momentumTicks=5'], '--grid momentumTicks', /given twice/],
  [['sweep', '--data', SIM, '--random', 'momentumTicks=9:3'], '--random momentumTicks', /must not exceed max/],
  [['sweep', '--data', SIM, '--grid', 'momentumTicks=3,4', '--workers', '1000'], '--workers', /1\.\.64/],
  // import.
  [['import', BINARY, '--out', join(root, 'out')], BINARY, /not a text file/],
  [['import', HUGE_PRICE, '--out', join(root, 'out')], `${HUGE_PRICE}:3: column 3 (price)`, /at most 10000000, got 1e308/],
  [['import', HUGE_PRICE], '--out', /is required/],
  // Data files: a few escaped characters, the file, line and column.
  [['backtest', '--data', HUGE_PRICE, '--synthetic-options', 'iv=0.15'], `${HUGE_PRICE}:3: column 3 (price)`, /at most 10000000, got 1e308/],
  [['backtest', '--data', JUNK_PRICE, '--synthetic-options', 'iv=0.15'], `${JUNK_PRICE}:3: column 3 (price)`, /"\\u0001\\u0002z{20,40}…" is not a number/],
  [['backtest', '--data', BINARY], `${BINARY}:1`, /not a text file: the first line holds binary bytes \("\\u0000\\u0001\\u0002\\ufffd/],
  // manual-trades: the instruments and a sane time window.
  [['manual-trades', manual('banknifty', { symbol: 'BANKNIFTY06JAN2652000PE' })], 'events.0.symbol', /must be NIFTY \+ expiry DDMMMYY/],
  [['manual-trades', manual('side', { side: 'CE' })], 'events.0.side', /must be PE, as the symbol/],
  [['manual-trades', manual('bse', { exchange: 'BSE' })], 'events.0.exchange', /must be NFO or NSE for NIFTY/],
  [['manual-trades', manual('future', { ts: '2099-01-05T10:30:00+05:30' })], 'events.0.ts', /must not be in the future/],
  [['manual-trades', manual('unknown', { underlying: 'BANKNIFTY', symbol: 'BANKNIFTY06JAN2652000PE' })], 'events.0.underlying', /NIFTY, SENSEX/],
  [['manual-trades', manual('price', { price: 1e308 })], 'events.0.price', /at most 10000000/],
  [['manual-trades', NOT_JSON], 'FILE', /not valid JSON/],
  [['manual-trades', BINARY], 'FILE', /not valid JSON/],
  [['manual-trades', '/nonexistent.json'], 'FILE', /cannot read/],
  [['manual-trades'], 'FILE', /give one file/],
  // experiments.
  [['experiments'], 'SUBCOMMAND', /must be add, list/],
  [['experiments', 'add', '--title', 'ab', '--dataset', SIM], '--title', />=3 characters/],
  [['experiments', 'add', '--title', 'abc'], '--dataset', /expected string/],
  [['experiments', 'add', '--title', 'abc', '--dataset', SIM, '--overrides', '{"momentumTicks":1}'], '--overrides momentumTicks', /at least 2 ticks/],
  [['experiments', 'add', '--title', 'abc', '--dataset', SIM, '--overrides', 'nope'], '--overrides', /must be a JSON object/],
  [['experiments', 'add', '--title', 'abc', '--dataset', SIM, '--quick-fraction', '2'], '--quick-fraction', /<1/],
  [['experiments', 'add', '--title', 'abc', '--dataset', 'sim:NIFTY:7:2026-01-05:x'], '--dataset', /DAYS must be/],
  [['experiments', 'list', '--status', 'nope'], '--status', /expected one of/],
  [['experiments', 'list', '--limit', '0'], '--limit', />=1/],
  [['experiments', 'show', 'abc'], 'ID', /whole number ≥ 1/],
  [['experiments', 'leaderboard', '--limit', '-1'], '--limit', />=1/],
  [['experiments', 'meta'], '--dataset', /is required/],
  // Book queries (on an empty directory the database is named first).
  [['analytics'], '--db-dir', /no scalper database/],
  [['params', '--bogus'], '--bogus', /unknown flag for `scalper params`/],
];

describe('every bad input', () => {
  it.each(CASES)('%j is refused with exit 2 naming %s, and the database directory stays empty', async (args, field, rule) => {
    const dbDir = mkdtempSync(join(root, 'db-'));
    const r = await scalper(args, { dbDir });
    expect(r.code, r.stderr).toBe(2);
    const [first, ...more] = r.stderr.trimEnd().split('\n');
    expect(first).toMatch(/^scalper: /);
    expect(first).toContain(field);
    expect(first).toMatch(rule);
    // One line (and perhaps a hint): never a stack trace, never "internal error", never a raw control byte.
    expect(more.every((l) => l.startsWith('hint: '))).toBe(true);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    // eslint-disable-next-line no-control-regex
    expect(r.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\ufffd]/);
    expect(r.stdout).toBe('');
    expect(readdirSync(dbDir)).toEqual([]);
  });

  it('with --json also prints the error as JSON on stdout: the code, the message and each field with its rule', async () => {
    const r = await scalper(['backtest', '--sim', '--days', '-1', '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toEqual({
      error: { code: 'INVALID_INPUT', message: '--days: Too small: expected number to be >=1', issues: [{ field: '--days', rule: 'Too small: expected number to be >=1' }] },
    });
  });

  it('$SCALPER_DB_DIR naming a file is refused naming the variable', async () => {
    const r = await scalper(['experiments', 'list'], { dbDir: FILE });
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toBe(`scalper: SCALPER_DB_DIR: ${FILE} is a file, not a directory (give a directory for the databases)\n`);
  });

  it.each([
    [['--from', '2026-02-30'], '--from', /must be a real date/],
    [['--from', 'yesterday'], '--from', /epoch ms or ISO-8601/],
    [['--from', '2026-01-06', '--to', '2026-01-05'], '--to', /must be after from/],
    [['--book', 'both'], '--book', /expected one of "auto"\|"manual"/],
    [['--side', 'XX'], '--side', /expected one of "CE"\|"PE"/],
    [['--interval-min', '0'], '--interval-min', />=1/],
  ])('analytics %j on a book is refused naming %s, and writes nothing', async (flags, field, rule) => {
    const dir = mkdtempSync(join(root, 'book-'));
    expect((await scalper(['manual-trades', manual('ok', {}), '--db-dir', dir])).code).toBe(0);
    const before = readdirSync(dir).sort();
    const r = await scalper(['analytics', '--book', 'manual', ...flags, '--db-dir', dir]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^scalper: ${field}: `));
    expect(r.stderr).toMatch(rule);
    expect(readdirSync(dir).sort()).toEqual(before);
  });

  it('a missing database directory is not created by a refused command', async () => {
    const missing = join(root, 'never-created');
    for (const args of [['backtest', '--data', SIM, '--seed', '3'], ['experiments', 'add', '--title', 'ab', '--dataset', SIM], ['manual-trades', manual('bse2', { exchange: 'BSE' })]]) {
      expect((await scalper(args, { dbDir: missing })).code).toBe(2);
    }
    expect(() => readdirSync(missing)).toThrow(/ENOENT/);
  });
});
