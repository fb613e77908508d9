// The embedded client on a real database file, with a second connection as the fault.
import Database from 'libsql';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@libsql/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabaseClient } from '../../src/store/embedded-client.ts';

let dir: string;
let path: string;
let client: Client;
let other: InstanceType<typeof Database>;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'samtal-client-'));
  path = join(dir, 'db.sqlite');
  client = await openDatabaseClient(`file:${path}`, { busyTimeoutMs: 30 });
  await client.execute('create table t (v text primary key)');
  other = new Database(path);
});
afterEach(() => {
  if (other.inTransaction) other.exec('ROLLBACK');
  other.close();
  client.close();
  rmSync(dir, { recursive: true, force: true });
});

const committed = () => (other.prepare('select v from t order by v').all() as { v: string }[]).map((r) => r.v);

describe('openDatabaseClient (embedded)', () => {
  it.each([
    ['a plain insert', (c: Client) => c.execute("insert into t values ('locked')")],
    ['an insert returning rows', (c: Client) => c.execute("insert into t values ('locked') returning v")],
    ['a write transaction', (c: Client) => c.batch([], 'write')],
  ])('after %s fails with SQLITE_BUSY, later writes are committed and the lock is not kept', async (_what, write) => {
    other.exec('BEGIN EXCLUSIVE');
    await expect(write(client)).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
    other.exec('COMMIT');

    await client.execute("insert into t values ('after')");
    await client.batch(["insert into t values ('batched')"]);
    expect(committed()).toEqual(['after', 'batched']);
    other.exec("insert into t values ('other')");
    expect((await client.execute('select count(*) as n from t')).rows[0]!.n).toBe(3);
  });

  it('every operation, however many run at once, sees the per-connection settings', async () => {
    const answers = await Promise.all(Array.from({ length: 8 }, () => client.execute('pragma busy_timeout')));
    expect(answers.map((a) => a.rows[0]![0])).toEqual(Array(8).fill(30));
  });

  it('write batches waiting together are committed in one transaction, each answered once it is committed', async () => {
    await client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
    const writes = Array.from({ length: 8 }, (_, i) => client.batch([`insert into t values ('g${i}')`], 'write'));
    await Promise.all(writes);
    expect(committed()).toEqual(Array.from({ length: 8 }, (_, i) => `g${i}`));
    // One commit writes the table's and its key's page once; eight commits would write them eight times.
    const frames = Number((await client.execute('PRAGMA wal_checkpoint(PASSIVE)')).rows[0]![1]);
    expect(frames).toBeGreaterThan(0);
    expect(frames).toBeLessThanOrEqual(4);
  });

  it('a batch of a group that breaks a constraint fails alone, undone entirely; the others are committed', async () => {
    await client.execute("insert into t values ('taken')");
    const outcomes = await Promise.allSettled([
      client.batch(["insert into t values ('a')"]),
      client.batch(["insert into t values ('b')", "insert into t values ('taken')"]),
      client.batch(["insert into t values ('c')"]),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toMatchObject({ code: 'SQLITE_CONSTRAINT', statementIndex: 1 });
    expect(committed()).toEqual(['a', 'c', 'taken']);
  });

  it('when the group cannot begin (SQLITE_BUSY), every batch in it fails, and later writes are committed', async () => {
    other.exec('BEGIN EXCLUSIVE');
    const outcomes = await Promise.allSettled([client.batch(["insert into t values ('x')"]), client.batch(["insert into t values ('y')"])]);
    other.exec('COMMIT');
    expect(outcomes.map((o) => (o.status === 'rejected' ? (o.reason as { code: string }).code : 'committed'))).toEqual([
      'SQLITE_BUSY',
      'SQLITE_BUSY',
    ]);
    await Promise.all([client.batch(["insert into t values ('after')"]), client.batch(["insert into t values ('batched')"])]);
    expect(committed()).toEqual(['after', 'batched']);
  });

  it('a transaction owns the connection until it commits; other operations wait for it', async () => {
    const tx = await client.transaction('write');
    await tx.execute("insert into t values ('in-tx')");
    const outside = client.execute('select count(*) as n from t');
    await tx.commit();
    expect((await outside).rows[0]!.n).toBe(1);
    expect(committed()).toEqual(['in-tx']);
  });
});
