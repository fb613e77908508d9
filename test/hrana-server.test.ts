// Tests for the Hrana-over-HTTP test server (a local stand-in for Turso), driven through the real
// @libsql clients and, for the parts those clients do not reach (v3 JSON, cursors, expiry), raw HTTP.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient as createNodeClient, LibsqlError, type Client, type Config } from '@libsql/client';
import { createClient as createWebClient } from '@libsql/client/web';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHranaServer, type HranaServer } from './support/hrana-server.ts';

// biome-ignore lint/suspicious/noExplicitAny: raw protocol bodies, checked field by field
type Json = any;

const clientFactories = [
  ['@libsql/client/web', createWebClient],
  ['@libsql/client with an http url', createNodeClient],
] as const;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Awaits a promise that must reject with a LibsqlError and returns the error. */
async function failure(promise: Promise<unknown>): Promise<LibsqlError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LibsqlError);
  return error as LibsqlError;
}

function tempDbUrl(dirs: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'hrana-test-'));
  dirs.push(dir);
  return `file:${join(dir, 'test.db')}`;
}

async function post(base: string, path: string, body: unknown): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${base}/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const isJson = res.headers.get('content-type') === 'application/json';
  return { status: res.status, body: isJson ? await res.json() : await res.text() };
}

describe.each(clientFactories)('Hrana test server through %s', (_name, createClient) => {
  const dirs: string[] = [];
  const clients: Client[] = [];
  let server: HranaServer;
  let client: Client;
  const open = (config: Partial<Config> = {}): Client => {
    const c = createClient({ url: server.url, ...config });
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    server = await startHranaServer({ url: tempDbUrl(dirs) });
    client = open();
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await server.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('speaks HTTP to the server', async () => {
    expect(client.protocol).toBe('http');
    const before = server.requests;
    expect((await client.execute('SELECT 1 AS one')).rows[0]?.one).toBe(1);
    expect(server.requests).toBeGreaterThan(before);
  });

  it('round-trips integer, bigint, float, text, blob and null arguments', async () => {
    await client.execute('CREATE TABLE vals (id INTEGER PRIMARY KEY, i INTEGER, big INTEGER, f REAL, t TEXT, b BLOB, n TEXT)');
    const big = 9_007_199_254_740_993n; // not representable as a JS number
    const blob = new Uint8Array([0, 1, 2, 127, 128, 254, 255]);
    const text = 'hällo ✓ "quoted" \'single\' \n newline';
    const inserted = await client.execute({
      sql: 'INSERT INTO vals (i, big, f, t, b, n) VALUES (?, ?, ?, ?, ?, ?)',
      args: [42, big, 1.5, text, blob, null],
    });
    expect(inserted.rowsAffected).toBe(1);
    expect(typeof inserted.lastInsertRowid).toBe('bigint');

    const sql = 'SELECT i, big, f, t, b, n, typeof(i), typeof(big), typeof(f), typeof(t), typeof(b), typeof(n) FROM vals WHERE id = ?';
    const rs = await open({ intMode: 'bigint' }).execute({ sql, args: [inserted.lastInsertRowid!] });
    const row = rs.rows[0]!;
    expect(rs.columns.slice(0, 6)).toEqual(['i', 'big', 'f', 't', 'b', 'n']);
    expect(rs.columnTypes.slice(0, 6)).toEqual(['INTEGER', 'INTEGER', 'REAL', 'TEXT', 'BLOB', 'TEXT']);
    expect([row[0], row[1], row[2], row[3], row[5]]).toEqual([42n, big, 1.5, text, null]);
    expect(new Uint8Array(row[4] as ArrayBuffer)).toEqual(blob);
    expect(Array.from({ length: 6 }, (_, k) => row[6 + k])).toEqual(['integer', 'integer', 'real', 'text', 'blob', 'null']);

    // The default intMode ('number') gets plain numbers.
    expect((await client.execute({ sql: 'SELECT i FROM vals WHERE id = ?', args: [inserted.lastInsertRowid!] })).rows[0]?.i).toBe(42);
  });

  it('binds named arguments, with or without their prefix', async () => {
    const rs = await client.execute({
      sql: 'SELECT :a AS a, @b AS b, $c AS c, :d AS d, :e AS e',
      args: { a: 7, '@b': 'x', c: null, d: true, ':e': 2.25 },
    });
    const row = rs.rows[0]!;
    expect([row.a, row.b, row.c, row.d, row.e]).toEqual([7, 'x', null, 1, 2.25]);
  });

  it('runs batch([...], "write") atomically', async () => {
    await client.execute('CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)');
    const insert = (name: string) => ({ sql: 'INSERT INTO items (name) VALUES (?)', args: [name] });
    const ok = await client.batch([insert('a'), insert('a2'), 'SELECT count(*) AS n FROM items'], 'write');
    expect(ok.map((r) => r.rowsAffected).slice(0, 2)).toEqual([1, 1]);
    expect(ok[2]?.rows[0]?.n).toBe(2);

    const err = await failure(client.batch([insert('b'), insert('c'), insert('a'), insert('d')], 'write'));
    expect(err.code).toBe('SQLITE_CONSTRAINT');
    expect(err.message).toMatch(/UNIQUE constraint failed: items\.name/);
    const names = await client.execute('SELECT name FROM items ORDER BY id');
    expect(names.rows.map((r) => r.name)).toEqual(['a', 'a2']); // b and c were rolled back

    const read = await client.batch(['SELECT count(*) AS n FROM items'], 'read');
    expect(read[0]?.rows[0]?.n).toBe(2);
  });

  it('keeps an interactive transaction across requests and commits it', async () => {
    await client.execute('CREATE TABLE accounts (id INTEGER PRIMARY KEY, balance INTEGER NOT NULL)');
    const before = server.requests;
    const tx = await client.transaction('write');
    await tx.execute({ sql: 'INSERT INTO accounts (id, balance) VALUES (?, ?)', args: [1, 100] });
    await tx.execute('UPDATE accounts SET balance = balance - 30 WHERE id = 1');
    await failure(tx.execute('UPDATE accounts SET balance = NULL WHERE id = 1')); // fails, tx stays open
    expect((await tx.execute('SELECT balance FROM accounts WHERE id = 1')).rows[0]?.balance).toBe(70);
    // Another stream does not see the uncommitted row.
    expect((await client.execute('SELECT count(*) AS n FROM accounts')).rows[0]?.n).toBe(0);
    await tx.commit();
    expect(server.requests - before).toBeGreaterThanOrEqual(5); // one HTTP request per call
    expect((await client.execute('SELECT balance FROM accounts WHERE id = 1')).rows[0]?.balance).toBe(70);
  });

  it('rolls back an interactive transaction', async () => {
    const tx = await client.transaction('write');
    await tx.batch(['UPDATE accounts SET balance = 0 WHERE id = 1', 'INSERT INTO accounts (id, balance) VALUES (2, 5)']);
    expect((await tx.execute('SELECT sum(balance) AS s FROM accounts')).rows[0]?.s).toBe(5);
    await tx.rollback();
    const rs = await client.execute('SELECT id, balance FROM accounts ORDER BY id');
    expect(rs.rows.map((r) => [r.id, r.balance])).toEqual([[1, 70]]);
  });

  it('makes a second writer wait for the first one instead of failing with SQLITE_BUSY', async () => {
    const tx1 = await client.transaction('write');
    await tx1.execute('UPDATE accounts SET balance = balance + 1 WHERE id = 1');
    const tx2 = await client.transaction('write');
    let done = false;
    const second = tx2.execute('UPDATE accounts SET balance = balance * 2 WHERE id = 1').then(() => (done = true));
    await sleep(150);
    expect(done).toBe(false); // still waiting for the write lock
    await tx1.commit();
    await second;
    await tx2.commit();
    expect((await client.execute('SELECT balance FROM accounts WHERE id = 1')).rows[0]?.balance).toBe(142);
  });

  it('runs executeMultiple and stops at the first failing statement', async () => {
    await client.executeMultiple(`
      CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);
      INSERT INTO notes (body) VALUES ('one');
      INSERT INTO notes (body) VALUES ('two; with a semicolon');
    `);
    const err = await failure(
      client.executeMultiple("INSERT INTO notes (body) VALUES ('three'); SELEC nope; INSERT INTO notes (body) VALUES ('four');"),
    );
    expect(err.message).toMatch(/syntax error/);
    const rs = await client.execute('SELECT body FROM notes ORDER BY id');
    expect(rs.rows.map((r) => r.body)).toEqual(['one', 'two; with a semicolon', 'three']);
  });

  it('enforces foreign keys', async () => {
    await client.executeMultiple(`
      CREATE TABLE parents (id INTEGER PRIMARY KEY);
      CREATE TABLE children (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parents(id));
    `);
    expect((await client.execute('PRAGMA foreign_keys')).rows[0]?.[0]).toBe(1);
    const err = await failure(client.execute({ sql: 'INSERT INTO children (parent_id) VALUES (?)', args: [999] }));
    expect(err.code).toBe('SQLITE_CONSTRAINT');
    expect(err.message).toMatch(/FOREIGN KEY constraint failed/);
    await client.execute('INSERT INTO parents (id) VALUES (1)');
    await client.execute({ sql: 'INSERT INTO children (parent_id) VALUES (?)', args: [1] });
    await failure(client.batch(['INSERT INTO parents (id) VALUES (2)', 'INSERT INTO children (parent_id) VALUES (3)'], 'write'));
    expect((await client.execute('SELECT count(*) AS n FROM parents')).rows[0]?.n).toBe(1);
  });

  it('reports bad SQL with the SQLite message', async () => {
    const syntax = await failure(client.execute('SELEC 1'));
    expect(syntax.message).toMatch(/near "SELEC": syntax error/);
    const missing = await failure(client.execute('SELECT * FROM no_such_table'));
    expect(missing.message).toMatch(/no such table: no_such_table/);
    expect(missing.code).toBe('SQLITE_UNKNOWN'); // what sqld reports for a plain SQLITE_ERROR
  });

  it('supports client.migrate(), which rebuilds tables with foreign keys switched off', async () => {
    expect(typeof client.migrate).toBe('function');
    await client.executeMultiple(`
      CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT);
      CREATE TABLE books (id INTEGER PRIMARY KEY, author_id INTEGER NOT NULL REFERENCES authors(id));
      INSERT INTO authors VALUES (1, 'Ann');
      INSERT INTO books VALUES (1, 1);
    `);
    // With foreign keys on, the referenced table cannot be dropped...
    await failure(client.execute('DROP TABLE authors'));
    // ...but a drizzle-style table rebuild inside migrate() works.
    await client.migrate([
      "CREATE TABLE __new_authors (id INTEGER PRIMARY KEY, name TEXT NOT NULL DEFAULT '')",
      'INSERT INTO __new_authors (id, name) SELECT id, name FROM authors',
      'DROP TABLE authors',
      'ALTER TABLE __new_authors RENAME TO authors',
    ]);
    expect((await client.execute('PRAGMA foreign_key_check')).rows).toEqual([]);
    expect((await client.execute('SELECT name FROM authors')).rows[0]?.name).toBe('Ann');
    await failure(client.execute('INSERT INTO books (author_id) VALUES (42)')); // still enforced
    // A failing migration is rolled back as a whole.
    await failure(client.migrate(['CREATE TABLE half_done (id INTEGER)', 'CREATE TABLE authors (id INTEGER)']));
    expect((await client.execute("SELECT count(*) AS n FROM sqlite_master WHERE name = 'half_done'")).rows[0]?.n).toBe(0);
  });

  it('reports an expired transaction stream as STREAM_EXPIRED', async () => {
    const quick = await startHranaServer({ streamIdleMs: 100 });
    const c = createClient({ url: quick.url });
    try {
      await c.execute('CREATE TABLE t (x INTEGER)');
      const tx = await c.transaction('write');
      await tx.execute('INSERT INTO t VALUES (1)');
      await sleep(400);
      const err = await failure(tx.execute('INSERT INTO t VALUES (2)'));
      expect(err.code).toBe('STREAM_EXPIRED');
      expect((await c.execute('SELECT count(*) AS n FROM t')).rows[0]?.n).toBe(0); // rolled back
    } finally {
      c.close();
      await quick.close();
    }
  });

  it('gives up with SQLITE_BUSY after busyTimeoutMs and stays usable', async () => {
    const impatient = await startHranaServer({ busyTimeoutMs: 50 });
    const c = createClient({ url: impatient.url });
    try {
      await c.execute('CREATE TABLE t (x INTEGER)');
      const holder = await c.transaction('write');
      await holder.execute('INSERT INTO t VALUES (1)');
      const waiter = await c.transaction('deferred');
      await waiter.execute('SELECT count(*) FROM t'); // BEGIN DEFERRED + a read
      const err = await failure(waiter.execute('INSERT INTO t VALUES (2)'));
      expect(err.code).toBe('SQLITE_BUSY');
      expect(err.message).toMatch(/database is locked \(the transaction was rolled back\)/);
      waiter.close();
      expect((await failure(c.execute('INSERT INTO t VALUES (3)'))).code).toBe('SQLITE_BUSY');
      await holder.commit(); // not blocked by the abandoned statements
      await c.execute('INSERT INTO t VALUES (4)');
      expect((await c.execute('SELECT x FROM t ORDER BY x')).rows.map((r) => r.x)).toEqual([1, 4]);
    } finally {
      c.close();
      await impatient.close();
    }
  });

  it('requires the auth token when one is set', async () => {
    const secured = await startHranaServer({ authToken: 'sekret' });
    try {
      const anonymous = createClient({ url: secured.url });
      const wrong = createClient({ url: secured.url, authToken: 'nope' });
      const right = createClient({ url: secured.url, authToken: 'sekret' });
      expect((await failure(anonymous.execute('SELECT 1'))).message).toMatch(/401/);
      expect((await failure(wrong.execute('SELECT 1'))).message).toMatch(/401/);
      expect((await right.execute('SELECT 1 AS one')).rows[0]?.one).toBe(1);
      for (const c of [anonymous, wrong, right]) c.close();
    } finally {
      await secured.close();
    }
  });
});

describe('Hrana test server protocol details (raw HTTP)', () => {
  let server: HranaServer;
  beforeAll(async () => {
    server = await startHranaServer({});
  });
  afterAll(async () => {
    await server.close();
  });

  it('answers the version probes: v2 and v3 JSON yes, v3-protobuf no', async () => {
    const status = async (path: string) => (await fetch(`${server.url}/${path}`)).status;
    expect([await status('v2'), await status('v3'), await status('v3-protobuf')]).toEqual([200, 200, 404]);
  });

  it('keeps state by baton on v3, with get_autocommit and is_autocommit conditions', async () => {
    const first = await post(server.url, 'v3/pipeline', {
      baton: null,
      requests: [
        { type: 'execute', stmt: { sql: 'CREATE TABLE kv (k TEXT PRIMARY KEY, v)' } },
        { type: 'execute', stmt: { sql: 'BEGIN' } },
        { type: 'get_autocommit' },
      ],
    });
    expect(first.status).toBe(200);
    expect(first.body.results[2]).toEqual({ type: 'ok', response: { type: 'get_autocommit', is_autocommit: false } });
    const baton: string = first.body.baton;
    expect(typeof baton).toBe('string');

    const second = await post(server.url, 'v3/pipeline', {
      baton,
      requests: [
        { type: 'store_sql', sql_id: 1, sql: 'INSERT INTO kv VALUES (?, ?)' },
        {
          type: 'batch',
          batch: {
            steps: [
              {
                stmt: {
                  sql_id: 1,
                  args: [
                    { type: 'text', value: 'a' },
                    { type: 'integer', value: '9007199254740993' },
                  ],
                },
              },
              { condition: { type: 'is_autocommit' }, stmt: { sql: 'SELECT 1' } },
              { stmt: { sql_id: 1, args: [{ type: 'text', value: 'a' }, { type: 'null' }] } },
              { condition: { type: 'error', step: 2 }, stmt: { sql: 'SELECT k, v FROM kv' } },
            ],
          },
        },
        { type: 'execute', stmt: { sql: 'ROLLBACK' } },
        { type: 'get_autocommit' },
        { type: 'close' },
      ],
    });
    expect(second.status).toBe(200);
    expect(second.body.baton).toBeNull();
    const { step_results, step_errors } = second.body.results[1].response.result;
    expect(step_results[0]).toMatchObject({ affected_row_count: 1, last_insert_rowid: '1' });
    expect([step_results[1], step_errors[1]]).toEqual([null, null]); // skipped: inside a transaction
    expect(step_errors[2]).toMatchObject({ code: 'SQLITE_CONSTRAINT', message: expect.stringMatching(/UNIQUE/) });
    expect(step_results[3].cols).toEqual([
      { name: 'k', decltype: 'TEXT' },
      { name: 'v', decltype: null },
    ]);
    expect(step_results[3].rows).toEqual([
      [
        { type: 'text', value: 'a' },
        { type: 'integer', value: '9007199254740993' },
      ],
    ]);
    expect(second.body.results[3].response.is_autocommit).toBe(true);

    // A used baton is refused.
    expect((await post(server.url, 'v3/pipeline', { baton, requests: [] })).status).toBe(400);
  });

  it('refuses v3-only requests on v2', async () => {
    expect((await post(server.url, 'v2/pipeline', { baton: null, requests: [{ type: 'get_autocommit' }] })).status).toBe(400);
  });

  it('streams batch results from v3/cursor', async () => {
    const res = await fetch(`${server.url}/v3/cursor`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        baton: null,
        batch: {
          steps: [
            { stmt: { sql: 'SELECT 1 AS x UNION ALL SELECT 2.5' } },
            { stmt: { sql: 'SELECT * FROM missing' } },
            { condition: { type: 'ok', step: 1 }, stmt: { sql: 'SELECT 3' } },
          ],
        },
      }),
    });
    const lines = (await res.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Json);
    expect(typeof lines[0].baton).toBe('string');
    expect(lines.slice(1).map((e) => e.type)).toEqual(['step_begin', 'row', 'row', 'step_end', 'step_error']);
    expect(lines[2].row).toEqual([{ type: 'integer', value: '1' }]);
    expect(lines[3].row).toEqual([{ type: 'float', value: 2.5 }]);
    expect(lines[5]).toMatchObject({ step: 1, error: { code: 'SQLITE_UNKNOWN', message: 'SQLite error: no such table: missing' } });
  });

  it('runs as a script that prints its URL and serves until killed', async () => {
    const dirs: string[] = [];
    const dbUrl = tempDbUrl(dirs);
    const script = fileURLToPath(new URL('./support/hrana-server.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', script, '--port', '0', '--db', dbUrl], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const match = /^listening (http:\/\/127\.0\.0\.1:\d+)$/m.exec(out);
          if (match) resolve(match[1]!);
        });
        child.once('exit', (code) => reject(new Error(`server exited early with ${code}: ${out}`)));
      });
      const c = createNodeClient({ url });
      await c.execute('CREATE TABLE script_check (x)');
      await c.execute({ sql: 'INSERT INTO script_check VALUES (?)', args: ['ok'] });
      expect((await c.execute('SELECT x FROM script_check')).rows[0]?.x).toBe('ok');
      c.close();
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    // The data went to the file given with --db.
    const local = createNodeClient({ url: dbUrl });
    try {
      expect((await local.execute('SELECT x FROM script_check')).rows[0]?.x).toBe('ok');
    } finally {
      local.close();
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    }
  });
});
