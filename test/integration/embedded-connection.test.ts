// The embedded client's statement cache and rows, on a real database file (a second connection as the fault).
import Database from 'libsql';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@libsql/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabaseClient } from '../../src/store/embedded-client.ts';
import { embeddedPath } from '../../src/store/embedded-connection.ts';

let dir: string;
let path: string;
let client: Client;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'samtal-connection-'));
  path = join(dir, 'db.sqlite');
  client = await openDatabaseClient(`file:${path}`, { busyTimeoutMs: 30 });
  await client.execute('create table t (id integer primary key, v text, b blob)');
});
afterEach(() => {
  vi.restoreAllMocks();
  client.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the embedded connection', () => {
  it('leaves no statement busy after an EXPLAIN, so a checkpoint right after it succeeds', async () => {
    await client.execute("insert into t (v) values ('x')");
    const plan = await client.execute({ sql: 'explain query plan select v from t where id = ?', args: [1] });
    expect(plan.rows.map((r) => String(r.detail))).toEqual([expect.stringContaining('USING INTEGER PRIMARY KEY')]);
    const busy = await client.execute("select sql from sqlite_stmt where busy and sql not like '%sqlite_stmt%'");
    expect(busy.rows.map((r) => r.sql)).toEqual([]);
    const checkpoint = await client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
    expect(checkpoint.rows[0]![0]).toBe(0);
  });

  it('prepares a statement once, however often it runs, in or out of a batch or transaction', async () => {
    const prepare = vi.spyOn(Database.prototype, 'prepare');
    for (let i = 0; i < 5; i++) await client.execute({ sql: 'insert into t (v) values (?)', args: [`v${i}`] });
    await client.batch([{ sql: 'insert into t (v) values (?)', args: ['batched'] }], 'write');
    const tx = await client.transaction('write');
    await tx.execute({ sql: 'insert into t (v) values (?)', args: ['in-tx'] });
    await tx.commit();
    for (let i = 0; i < 3; i++) await client.execute('select count(*) as n from t');
    const inserts = prepare.mock.calls.filter(([sql]) => sql === 'insert into t (v) values (?)');
    expect(inserts).toHaveLength(1);
    expect(prepare.mock.calls.filter(([sql]) => sql === 'select count(*) as n from t')).toHaveLength(1);
    expect((await client.execute('select count(*) as n from t')).rows[0]!.n).toBe(7);
  });

  it('gives rows by name (own, enumerable) and by index (not enumerable), the first of duplicate names winning', async () => {
    await client.execute({ sql: 'insert into t (id, v, b) values (?, ?, ?)', args: [1, 'one', new Uint8Array([1, 2, 3])] });
    const result = await client.execute('select t.id, t.v, t.b, u.v as v2, u.id from t join t as u on u.id = t.id');
    const row = result.rows[0]!;
    expect(Object.keys(row)).toEqual(['id', 'v', 'b', 'v2']);
    expect(Array.prototype.slice.call(row)).toHaveLength(5);
    expect([row[0], row[1], row[3], row[4], row.length]).toEqual([1, 'one', 'one', 1, 5]);
    expect(row.id).toBe(1);
    expect(new Uint8Array(row.b as ArrayBuffer)).toEqual(new Uint8Array([1, 2, 3]));
    expect(result.columns).toEqual(['id', 'v', 'b', 'v2', 'id']);
    expect(JSON.parse(JSON.stringify(row))).toEqual({ id: 1, v: 'one', b: {}, v2: 'one' });
    expect(result.toJSON().rows[0]).toEqual([1, 'one', 'AQID', 'one', 1]);
  });

  it('reports rows affected and the last rowid of writes, and refuses integers JavaScript cannot hold', async () => {
    const insert = await client.execute({ sql: 'insert into t (id, v) values (?, ?)', args: [42, 'small'] });
    expect([insert.rowsAffected, insert.lastInsertRowid]).toEqual([1, 42n]);
    await client.execute({ sql: 'update t set id = ?', args: [9007199254740993n] });
    expect((await client.execute("update t set v = 'x'")).rowsAffected).toBe(1);
    await expect(client.execute('select id from t')).rejects.toThrow(RangeError);
  });

  it('sees a changed table after a schema change (select * is prepared again)', async () => {
    await client.execute("insert into t (v) values ('a')");
    expect((await client.execute('select * from t')).columns).toEqual(['id', 'v', 'b']);
    await client.execute('alter table t add column w text');
    const after = await client.execute('select * from t');
    expect(after.columns).toEqual(['id', 'v', 'b', 'w']);
    expect(Object.keys(after.rows[0]!)).toEqual(['id', 'v', 'b', 'w']);
  });

  it('after the same cached insert fails with SQLITE_BUSY, it runs again and every later write commits', async () => {
    const other = new Database(path);
    try {
      const insert = { sql: 'insert into t (v) values (?)', args: ['first'] };
      await client.execute(insert);
      other.exec('BEGIN EXCLUSIVE');
      await expect(client.execute({ ...insert, args: ['locked'] })).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
      other.exec('COMMIT');
      await client.execute({ ...insert, args: ['again'] });
      await client.execute("insert into t (v) values ('other')");
      const committed = other.prepare('select v from t order by id').all() as { v: string }[];
      expect(committed.map((r) => r.v)).toEqual(['first', 'again', 'other']);
    } finally {
      other.close();
    }
  });

  it('a failed statement in a batch rolls the batch back and names its index', async () => {
    await expect(
      client.batch(["insert into t (id, v) values (1, 'a')", "insert into t (id, v) values (1, 'dup')"], 'write'),
    ).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT', statementIndex: 1 });
    expect((await client.execute('select count(*) as n from t')).rows[0]!.n).toBe(0);
    await client.execute("insert into t (id, v) values (1, 'a')");
    expect((await client.execute('select v from t')).rows.map((r) => r.v)).toEqual(['a']);
  });
});

describe('embeddedPath', () => {
  it.each([
    ['file:./data/samtal.db', './data/samtal.db'],
    ['file:/var/lib/samtal.db', '/var/lib/samtal.db'],
    ['file:///var/lib/samtal.db', '/var/lib/samtal.db'],
    ['file://localhost/var/lib/my%20db.db', '/var/lib/my db.db'],
  ])('%s names %s', (url, expected) => {
    expect(embeddedPath(url)).toBe(expected);
  });

  it.each([
    ['file://example.com/x.db', /Invalid host/],
    ['file:x.db?mode=ro', /query parameters/],
  ])('refuses %s', (url, message) => {
    expect(() => embeddedPath(url)).toThrow(message);
  });
});
