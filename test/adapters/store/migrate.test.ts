/** Migrations: applied in order and recorded; a history that is not a prefix of the files is refused and left unchanged. */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MigrationError, migrate, migrationChecksum } from '../../../src/adapters/store/migrate.js';
import { BUSY_TIMEOUT_MS, migrationsDir, openDb, openSqlite } from '../../../src/adapters/store/open-db.js';
import { ControlStore } from '../../../src/adapters/store/control-store.js';
import { TradeBook } from '../../../src/adapters/store/trade-book.js';

const root = resolve(import.meta.dirname, '../../..');

let dir: string;
let migrations: string;
let dbPath: string;
let dbs: Database.Database[];

const FILES: Record<string, string> = {
  '0001_accounts.sql': 'CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT NOT NULL);\nINSERT INTO accounts (name) VALUES (\'a\');\n',
  '0002_orders.sql': 'CREATE TABLE orders (id INTEGER PRIMARY KEY, account INTEGER NOT NULL REFERENCES accounts (id));\n',
  '0003_orders_qty.sql': 'ALTER TABLE orders ADD COLUMN qty INTEGER NOT NULL DEFAULT 0;\n',
};

function writeMigrations(names: readonly string[]): void {
  for (const name of names) writeFileSync(join(migrations, name), FILES[name]!);
}

function openTest(): Database.Database {
  const db = openSqlite(dbPath);
  dbs.push(db);
  return db;
}

/** The schema and every row of every table: what "unchanged" is checked against. */
function snapshot(db: Database.Database): unknown {
  const schema = db.prepare<[], { name: string; sql: string | null }>("SELECT name, sql FROM sqlite_schema ORDER BY name").all();
  const tables = schema.filter((s) => s.sql?.startsWith('CREATE TABLE') === true && !s.name.startsWith('sqlite_'));
  return { schema, rows: tables.map((t) => db.prepare(`SELECT * FROM "${t.name}" ORDER BY rowid`).all()) };
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'scalper-'));
  migrations = join(dir, 'migrations');
  mkdirSync(migrations);
  dbPath = join(dir, 'test.sqlite');
  dbs = [];
});
afterEach(() => {
  for (const db of dbs) if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('migrate', () => {
  it('applies the files in order, each recorded with its name, checksum and time, and only once', () => {
    writeMigrations(['0002_orders.sql', '0001_accounts.sql']);
    const db = openTest();
    expect(migrate(db, migrations, () => 42)).toEqual(['0001_accounts.sql', '0002_orders.sql']);
    expect(db.prepare('SELECT id, name, sha256, applied_ts FROM schema_migrations ORDER BY id').all()).toEqual([
      { id: 1, name: '0001_accounts.sql', sha256: migrationChecksum(FILES['0001_accounts.sql']!), applied_ts: 42 },
      { id: 2, name: '0002_orders.sql', sha256: migrationChecksum(FILES['0002_orders.sql']!), applied_ts: 42 },
    ]);
    expect(migrate(db, migrations, () => 43)).toEqual([]);

    writeMigrations(['0003_orders_qty.sql']);
    expect(migrate(db, migrations, () => 44)).toEqual(['0003_orders_qty.sql']);
    expect(db.prepare('SELECT id, applied_ts FROM schema_migrations ORDER BY id').all()).toEqual([
      { id: 1, applied_ts: 42 },
      { id: 2, applied_ts: 42 },
      { id: 3, applied_ts: 44 },
    ]);
    expect(db.prepare('SELECT name FROM accounts').all()).toEqual([{ name: 'a' }]);
  });

  it('does not write to an up-to-date database', () => {
    writeMigrations(['0001_accounts.sql']);
    const db = openTest();
    migrate(db, migrations);
    const before = db.pragma('data_version', { simple: true });
    const other = openTest();
    migrate(other, migrations);
    expect(db.pragma('data_version', { simple: true })).toBe(before);
  });

  it('reads a CRLF checkout of an applied migration as unchanged', () => {
    writeMigrations(['0001_accounts.sql']);
    migrate(openTest(), migrations);
    writeFileSync(join(migrations, '0001_accounts.sql'), FILES['0001_accounts.sql']!.replace(/\n/g, '\r\n'));
    expect(migrate(openTest(), migrations)).toEqual([]);
  });

  it('rolls back a failing migration entirely and keeps the ones before it', () => {
    writeMigrations(['0001_accounts.sql']);
    writeFileSync(join(migrations, '0002_broken.sql'), 'CREATE TABLE half (x INTEGER);\nCREATE TABLE nope (;\n');
    const db = openTest();
    expect(() => migrate(db, migrations)).toThrow(/migration .*0002_broken\.sql failed and was rolled back: .*syntax error/);
    expect(db.prepare('SELECT name FROM schema_migrations').all()).toEqual([{ name: '0001_accounts.sql' }]);
    expect(db.prepare("SELECT name FROM sqlite_schema WHERE name = 'half'").get()).toBeUndefined();
  });

  it.each<[string, () => void, RegExp]>([
    [
      'an applied migration was edited',
      () => writeFileSync(join(migrations, '0002_orders.sql'), `${FILES['0002_orders.sql']!}-- tweak\n`),
      /migration 0002_orders\.sql in .* was edited after it was applied \(sha256 [0-9a-f]{12}… applied, [0-9a-f]{12}… on disk\): never edit an applied migration, add a new one/,
    ],
    [
      'an applied migration was renamed',
      () => renameSync(join(migrations, '0002_orders.sql'), join(migrations, '0002_order_table.sql')),
      /migration 0002 was applied as 0002_orders\.sql but is 0002_order_table\.sql in .*: an applied migration may not be renamed/,
    ],
    [
      'the database has a migration the files do not (the last file was deleted)',
      () => unlinkSync(join(migrations, '0003_orders_qty.sql')),
      /migration 0003_orders_qty\.sql is recorded as applied but .* does not have it/,
    ],
    [
      'an applied file is missing from the middle',
      () => unlinkSync(join(migrations, '0002_orders.sql')),
      /0003_orders_qty\.sql: migrations must be numbered 0001, 0002, … without gaps or repeats; expected 0002 here/,
    ],
  ])('refuses a database when %s, naming the file and the rule, and leaves it unchanged', (_, tamper, message) => {
    writeMigrations(['0001_accounts.sql', '0002_orders.sql', '0003_orders_qty.sql']);
    const db = openTest();
    migrate(db, migrations);
    db.prepare('INSERT INTO orders (account, qty) VALUES (1, 5)').run();
    const before = snapshot(db);
    tamper();
    expect(() => migrate(db, migrations)).toThrow(MigrationError);
    expect(() => migrate(db, migrations)).toThrow(message);
    expect(snapshot(db)).toEqual(before);
  });

  it('refuses a history with a hole in it (a recorded migration deleted from schema_migrations)', () => {
    writeMigrations(['0001_accounts.sql', '0002_orders.sql', '0003_orders_qty.sql']);
    const db = openTest();
    migrate(db, migrations);
    db.prepare('DELETE FROM schema_migrations WHERE id = 2').run();
    const before = snapshot(db);
    expect(() => migrate(db, migrations)).toThrow(/the applied migrations are not a prefix of .*: migration 0002 is missing from schema_migrations \(the next recorded is 0003_orders_qty\.sql\)/);
    expect(snapshot(db)).toEqual(before);
  });

  it('refuses a file not named NNNN_name.sql', () => {
    writeFileSync(join(migrations, '1_init.sql'), 'SELECT 1;');
    expect(() => migrate(openTest(), migrations)).toThrow(/1_init\.sql: a migration file must be named NNNN_name\.sql/);
  });
});

describe('openDb', () => {
  it.each(['book', 'control'] as const)('opens a %s database in WAL mode with foreign keys on, NORMAL sync and a busy timeout, migrated', (kind) => {
    const db = openDb(join(dir, 'sub', 'dir', `${kind}.sqlite`), kind);
    dbs.push(db);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(BUSY_TIMEOUT_MS);
    // Every migration file of the kind, in order, with its checksum.
    const names = readdirSync(migrationsDir(kind)).filter((f) => /^\d{4}_.+\.sql$/.test(f)).sort();
    expect(db.prepare('SELECT id, name, sha256 FROM schema_migrations ORDER BY id').all()).toEqual(
      names.map((name, i) => ({ id: i + 1, name, sha256: migrationChecksum(readFileSync(join(migrationsDir(kind), name), 'utf8')) })),
    );
    expect(db.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
    expect(db.prepare('PRAGMA integrity_check').pluck().get()).toBe('ok');
  });

  it('refuses to open a book or control database whose history does not match the package migrations', () => {
    const bookPath = join(dir, 'auto-trades.sqlite');
    TradeBook.open(bookPath).close();
    const raw = openSqlite(bookPath);
    raw.prepare("UPDATE schema_migrations SET sha256 = 'beef' WHERE id = 1").run();
    raw.close();
    expect(() => TradeBook.open(bookPath)).toThrow(/auto-trades\.sqlite: migration 0001_init\.sql in .*book was edited after it was applied/);

    const controlPath = join(dir, 'control.sqlite');
    ControlStore.open(controlPath).close();
    const rawControl = openSqlite(controlPath);
    // A migration one past the files on disk, as a newer build would have applied.
    const next = readdirSync(migrationsDir('control')).filter((f) => f.endsWith('.sql')).length + 1;
    const future = `${String(next).padStart(4, '0')}_future.sql`;
    rawControl.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?, 0)').run(next, future, 'abc');
    rawControl.close();
    expect(() => ControlStore.open(controlPath)).toThrow(new RegExp(`control\\.sqlite: migration ${future.replace('.', '\\.')} is recorded as applied but .*control does not have it`));
  });

  it('several processes opening the same new database at once apply each migration exactly once', async () => {
    const path = join(dir, 'shared.sqlite');
    const script = `
      import { TradeBook } from ${JSON.stringify(join(root, 'src/adapters/store/trade-book.ts'))};
      TradeBook.open(${JSON.stringify(path)}).close();
    `;
    const codes = await Promise.all(
      [1, 2, 3, 4].map(
        () =>
          new Promise<number | null>((done) => {
            const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, stdio: 'inherit' });
            child.on('exit', (code) => done(code));
          }),
      ),
    );
    expect(codes).toEqual([0, 0, 0, 0]);
    const db = openSqlite(path);
    dbs.push(db);
    expect(db.prepare('SELECT id, name FROM schema_migrations').all()).toEqual([{ id: 1, name: '0001_init.sql' }]);
  });
});
