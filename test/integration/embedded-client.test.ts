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

  it('a transaction owns the connection until it commits; other operations wait for it', async () => {
    const tx = await client.transaction('write');
    await tx.execute("insert into t values ('in-tx')");
    const outside = client.execute('select count(*) as n from t');
    await tx.commit();
    expect((await outside).rows[0]!.n).toBe(1);
    expect(committed()).toEqual(['in-tx']);
  });
});
