/**
 * TEST STAND-IN FOR TURSO. Not production code, never deploy it.
 *
 * A small local server that speaks libSQL's "Hrana over HTTP" protocol (what Turso / sqld
 * serve) on top of the embedded libSQL engine, so `@libsql/client/web` and `@libsql/client`
 * with an `http://` URL can run against a local database in tests.
 *
 * Served: GET /v2 and /v3 (200: JSON encoding only; /v3-protobuf answers 404, so clients that
 * probe it fall back), POST /v2/pipeline, /v3/pipeline and /v3/cursor. Stream requests:
 * execute, batch (conditions ok/error/not/and/or, plus is_autocommit on v3), sequence,
 * store_sql, close_sql, get_autocommit (v3), close. `describe` returns an error (the embedded
 * engine does not expose parameter metadata, and we do not make it up).
 *
 * Like sqld, each stream owns its own SQLite connection (foreign_keys = ON) and keeps it across
 * HTTP requests through a baton that changes on every response; streams idle for longer than
 * `streamIdleMs` are closed (an open transaction rolls back) and their batons then answer
 * STREAM_EXPIRED. Error codes follow sqld (e.g. "SQLITE_CONSTRAINT", and "SQLITE_UNKNOWN" for
 * plain SQLITE_ERROR), messages are "SQLite error: <sqlite message>". A statement that hits
 * SQLITE_BUSY (another stream holds the write lock) is retried until `busyTimeoutMs`, which
 * stands in for sqld waiting on the lock. ':memory:' is backed by a temporary file, since the
 * streams need several connections to one database.
 *
 * Known gaps compared with sqld: no protobuf encoding, no check that `execute` holds a single
 * statement or that the arguments match the parameters, `BEGIN TRANSACTION READONLY` does not
 * stop writes, no replication or v1 HTTP API.
 *
 * Script: npx tsx test/support/hrana-server.ts --port 8080 --db file:/tmp/x.db [--auth-token T]
 * prints `listening http://127.0.0.1:PORT` and serves until SIGINT/SIGTERM. When spawning it from
 * code, run `node --import tsx <this file>` (or node_modules/.bin/tsx) and signal that process:
 * an `npx` wrapper does not pass signals on.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'libsql';

export interface HranaServerOptions {
  /** libSQL url of the embedded database: ':memory:' (default), 'file:/path.db' or a plain path. */
  url?: string;
  /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** If set, POST requests must carry `Authorization: Bearer <authToken>`. */
  authToken?: string;
  /** Close streams idle for this long (default 10 s, as sqld). */
  streamIdleMs?: number;
  /** How long a statement waits for another stream's write lock (default 5 s). */
  busyTimeoutMs?: number;
}

export interface HranaServer {
  url: string;
  port: number;
  close(): Promise<void>;
  /** Number of HTTP requests received so far. */
  readonly requests: number;
}

type Value =
  | { type: 'null' }
  | { type: 'integer'; value: string }
  | { type: 'float'; value: number }
  | { type: 'text'; value: string }
  | { type: 'blob'; base64: string };
interface Stmt {
  sql?: string | null;
  sql_id?: number | null;
  args?: Value[];
  named_args?: { name: string; value: Value }[];
  want_rows?: boolean;
}
type Cond =
  | { type: 'ok' | 'error'; step: number }
  | { type: 'not'; cond: Cond }
  | { type: 'and' | 'or'; conds: Cond[] }
  | { type: 'is_autocommit' };
interface Batch {
  steps: { condition?: Cond | null; stmt: Stmt }[];
}
type StreamReq =
  | { type: 'close' | 'get_autocommit' }
  | { type: 'execute'; stmt: Stmt }
  | { type: 'batch'; batch: Batch }
  | { type: 'sequence' | 'describe'; sql?: string | null; sql_id?: number | null }
  | { type: 'store_sql'; sql_id: number; sql: string }
  | { type: 'close_sql'; sql_id: number };
interface StmtResult {
  cols: { name: string; decltype: string | null }[];
  rows: Value[][];
  affected_row_count: number;
  last_insert_rowid: string | null;
}
interface BatchResult {
  step_results: (StmtResult | null)[];
  step_errors: ({ message: string; code: string } | null)[];
}
type Version = 2 | 3;
interface Stream {
  db: Database.Database | undefined; // undefined once the stream is closed
  sqls: Map<number, string>;
  timer?: NodeJS.Timeout;
}

/** Violates the protocol: answered with HTTP 400 and the stream is dropped (as sqld). */
class ProtocolError extends Error {}
/** Baton of a stream that was closed for inactivity: HTTP 500 with code STREAM_EXPIRED. */
class StreamExpiredError extends Error {}
/** A failed statement: reported inside the pipeline / batch result. */
class StmtError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly rawCode?: number,
  ) {
    super(message);
  }
}

// Primary SQLite result codes by number; sqld reports SQLITE_ERROR (1) as SQLITE_UNKNOWN.
const SQLITE_CODES = (
  'OK UNKNOWN INTERNAL PERM ABORT BUSY LOCKED NOMEM READONLY INTERRUPT IOERR ' +
  'CORRUPT NOTFOUND FULL CANTOPEN PROTOCOL EMPTY SCHEMA TOOBIG CONSTRAINT MISMATCH MISUSE NOLFS ' +
  'AUTH FORMAT RANGE NOTADB'
).split(' ');

function toStmtError(e: unknown): StmtError {
  if (e instanceof StmtError) return e;
  if (e instanceof ProtocolError) throw e;
  const { message = String(e), rawCode } = e as { message?: string; rawCode?: unknown };
  if (typeof rawCode !== 'number') return new StmtError(message, 'UNKNOWN');
  if (rawCode === 0) return new StmtError('SQL string does not contain any statement', 'SQL_NO_STATEMENT');
  if (/syntax error|incomplete input/.test(message)) {
    return new StmtError(`SQL string could not be parsed: ${message}`, 'SQL_PARSE_ERROR');
  }
  const code = `SQLITE_${SQLITE_CODES[rawCode & 0xff] ?? 'UNKNOWN'}`;
  return new StmtError(`SQLite error: ${message}`, code, rawCode);
}

function toSql(v: Value): unknown {
  switch (v?.type) {
    case 'null':
      return null;
    case 'integer':
      return BigInt(v.value);
    case 'float':
      return Number(v.value);
    case 'text':
      return v.value;
    case 'blob':
      return Buffer.from(v.base64, 'base64');
    default:
      throw new ProtocolError(`Invalid value: ${JSON.stringify(v)}`);
  }
}

function fromSql(x: unknown): Value {
  if (x === null || x === undefined) return { type: 'null' };
  if (typeof x === 'bigint') return { type: 'integer', value: x.toString() };
  if (typeof x === 'number') return { type: 'float', value: x }; // integers arrive as bigint
  if (typeof x === 'string') return { type: 'text', value: x };
  if (x instanceof Uint8Array) return { type: 'blob', base64: Buffer.from(x).toString('base64') };
  throw new Error(`Unexpected value from SQLite: ${String(x)}`);
}

function sqlOf(s: Stream, sql: string | null | undefined, sqlId: number | null | undefined): string {
  if (typeof sql === 'string' && sqlId == null) return sql;
  if (sql == null && typeof sqlId === 'number') {
    const stored = s.sqls.get(sqlId);
    if (stored === undefined) throw new ProtocolError(`SQL text ${sqlId} not found`);
    return stored;
  }
  throw new ProtocolError('Exactly one of `sql` and `sql_id` must be given');
}

function conn(s: Stream): Database.Database {
  if (!s.db) throw new ProtocolError('The stream has already been closed');
  return s.db;
}

/**
 * Prepares `stmt` and returns a function that runs it. Running the same prepared statement again
 * resets it, which matters after SQLITE_BUSY: libsql leaves a statement that failed with BUSY
 * active until it is re-run or garbage collected, and an active statement blocks COMMIT.
 */
function prepareStmt(s: Stream, stmt: Stmt): () => StmtResult {
  const db = conn(s);
  const sql = sqlOf(s, stmt.sql, stmt.sql_id);
  const args = stmt.args ?? [];
  const named = stmt.named_args ?? [];
  if (args.length > 0 && named.length > 0) {
    throw new StmtError('Specifying both positional and named arguments is not supported', 'ARGS_BOTH_POSITIONAL_AND_NAMED');
  }
  // libsql binds a key without its prefix to :key, @key and $key.
  const params = named.length > 0 ? Object.fromEntries(named.map((a) => [a.name.replace(/^[:@$]/, ''), toSql(a.value)])) : args.map(toSql);
  let prepared: Database.Statement;
  try {
    prepared = db.prepare(sql);
  } catch (e) {
    throw toStmtError(e);
  }
  prepared.safeIntegers(true);
  return () => {
    try {
      if (!prepared.reader) {
        const info = prepared.run(params);
        return { cols: [], rows: [], affected_row_count: info.changes, last_insert_rowid: String(info.lastInsertRowid) };
      }
      prepared.raw(true);
      const before = counters(db)[2];
      const rows = prepared.all(params) as unknown[][];
      const [changes, rowid, after] = counters(db);
      const wrote = after !== before; // e.g. INSERT ... RETURNING
      return {
        cols: prepared.columns().map((c) => ({ name: c.name, decltype: c.type ?? null })),
        rows: stmt.want_rows === false ? [] : rows.map((row) => row.map(fromSql)),
        affected_row_count: wrote ? Number(changes) : 0,
        last_insert_rowid: wrote ? String(rowid) : null,
      };
    } catch (e) {
      throw toStmtError(e);
    }
  };
}

function counters(db: Database.Database): [bigint, bigint, bigint] {
  const stmt = db.prepare('SELECT changes(), last_insert_rowid(), total_changes()');
  return (stmt.safeIntegers(true).raw(true).all() as [bigint, bigint, bigint][])[0]!;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startHranaServer(opts: HranaServerOptions = {}): Promise<HranaServer> {
  const { authToken, streamIdleMs = 10_000, busyTimeoutMs = 5_000 } = opts;
  const url = opts.url ?? ':memory:';
  const tempDir = url === ':memory:' || url === 'file::memory:' ? mkdtempSync(join(tmpdir(), 'hrana-')) : undefined;
  const dbPath = tempDir ? join(tempDir, 'memory.db') : filePath(url);
  const setup = new Database(dbPath);
  setup.exec('PRAGMA journal_mode = WAL'); // readers do not block the writer, as in sqld
  setup.close();

  const streams = new Map<string, Stream>(); // current baton -> idle stream
  const live = new Set<Stream>(); // every open stream, idle or busy
  const expired = new Set<string>();
  let requests = 0;

  function closeStream(s: Stream): void {
    clearTimeout(s.timer);
    live.delete(s);
    try {
      // Roll back explicitly: libsql keeps the connection (and its locks) alive until the
      // statements prepared on it are garbage collected, so close() alone may not end a transaction.
      if (s.db?.inTransaction) s.db.exec('ROLLBACK');
      s.db?.close();
    } finally {
      s.db = undefined;
    }
  }

  function connect(): Database.Database {
    const db = new Database(dbPath);
    db.exec('PRAGMA foreign_keys = ON');
    return db;
  }

  function acquire(baton: unknown): Stream {
    if (baton === null || baton === undefined) {
      const s: Stream = { db: connect(), sqls: new Map() };
      live.add(s);
      return s;
    }
    const s = typeof baton === 'string' ? streams.get(baton) : undefined;
    if (!s) {
      if (expired.has(baton as string)) throw new StreamExpiredError('The stream has expired due to inactivity');
      throw new ProtocolError('The baton is invalid (unknown, already used or closed)');
    }
    streams.delete(baton as string);
    clearTimeout(s.timer);
    return s;
  }

  function release(s: Stream): string | null {
    if (!s.db) return null;
    const baton = randomBytes(24).toString('base64url');
    streams.set(baton, s);
    s.timer = setTimeout(() => {
      streams.delete(baton);
      closeStream(s);
      expired.add(baton);
      setTimeout(() => expired.delete(baton), 300_000).unref();
    }, streamIdleMs);
    s.timer.unref();
    return baton;
  }

  /** Executes a statement, waiting (asynchronously) while another stream holds the write lock. */
  async function execute(s: Stream, stmt: Stmt): Promise<StmtResult> {
    const run = prepareStmt(s, stmt);
    const deadline = Date.now() + busyTimeoutMs;
    for (;;) {
      try {
        return run();
      } catch (e) {
        if (!(e instanceof StmtError && e.code === 'SQLITE_BUSY')) throw e;
        if (e.rawCode === 5 /* not e.g. BUSY_SNAPSHOT */ && Date.now() < deadline) {
          await sleep(10); // let the stream holding the lock make progress
          continue;
        }
        // Giving up leaves the statement active, which would block every later COMMIT on this
        // connection: swap in a fresh connection (rolling back an open transaction, and saying so).
        const inTx = conn(s).inTransaction;
        closeStream(s);
        s.db = connect();
        live.add(s);
        throw new StmtError(`${e.message}${inTx ? ' (the transaction was rolled back)' : ''}`, e.code);
      }
    }
  }

  async function runBatch(s: Stream, batch: Batch, version: Version): Promise<BatchResult> {
    const result: BatchResult = { step_results: [], step_errors: [] };
    const holds = (c: Cond): boolean => {
      switch (c.type) {
        case 'ok':
          return result.step_results[c.step] != null;
        case 'error':
          return result.step_errors[c.step] != null;
        case 'not':
          return !holds(c.cond);
        case 'and':
          return c.conds.every(holds);
        case 'or':
          return c.conds.some(holds);
        case 'is_autocommit':
          if (version < 3) throw new ProtocolError('The `is_autocommit` condition needs Hrana 3');
          return !conn(s).inTransaction;
        default:
          throw new ProtocolError(`Invalid batch condition: ${JSON.stringify(c)}`);
      }
    };
    for (const [i, step] of (batch?.steps ?? []).entries()) {
      result.step_results.push(null);
      result.step_errors.push(null);
      if (step.condition != null && !holds(step.condition)) continue;
      try {
        result.step_results[i] = await execute(s, step.stmt);
      } catch (e) {
        const { message, code } = toStmtError(e);
        result.step_errors[i] = { message, code };
      }
    }
    return result;
  }

  async function handleRequest(s: Stream, req: StreamReq, version: Version): Promise<object> {
    const ok = (response: object) => ({ type: 'ok', response });
    try {
      switch (req?.type) {
        case 'close':
          closeStream(s);
          return ok({ type: 'close' });
        case 'execute':
          return ok({ type: 'execute', result: await execute(s, req.stmt) });
        case 'batch':
          return ok({ type: 'batch', result: await runBatch(s, req.batch, version) });
        case 'sequence': {
          const sql = sqlOf(s, req.sql, req.sql_id);
          try {
            conn(s).exec(sql);
          } catch (e) {
            throw toStmtError(e);
          }
          return ok({ type: 'sequence' });
        }
        case 'describe':
          throw new StmtError('`describe` is not supported by this test server', 'NOT_SUPPORTED');
        case 'store_sql':
          if (s.sqls.has(req.sql_id)) throw new ProtocolError(`SQL text ${req.sql_id} is already stored`);
          s.sqls.set(req.sql_id, req.sql);
          return ok({ type: 'store_sql' });
        case 'close_sql':
          s.sqls.delete(req.sql_id);
          return ok({ type: 'close_sql' });
        case 'get_autocommit':
          if (version < 3) throw new ProtocolError('The `get_autocommit` request needs Hrana 3');
          return ok({ type: 'get_autocommit', is_autocommit: !conn(s).inTransaction });
        default:
          throw new ProtocolError(`Unknown stream request: ${JSON.stringify(req)}`);
      }
    } catch (e) {
      if (e instanceof StmtError) return { type: 'error', error: { message: e.message, code: e.code } };
      throw e;
    }
  }

  /** Runs `fn` on the stream named by `baton`; a protocol violation drops the stream. */
  async function withStream<T>(baton: unknown, fn: (s: Stream) => Promise<T>): Promise<T & { baton: string | null; base_url: null }> {
    const s = acquire(baton);
    try {
      const out = await fn(s);
      return { ...out, baton: release(s), base_url: null };
    } catch (e) {
      closeStream(s);
      throw e;
    }
  }

  const routes: Record<string, { version: Version; cursor: boolean }> = {
    '/v2/pipeline': { version: 2, cursor: false },
    '/v3/pipeline': { version: 3, cursor: false },
    '/v3/cursor': { version: 3, cursor: true },
  };

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    requests++;
    const path = (req.url ?? '/').split('?')[0]!;
    if (req.method === 'GET' && ['/', '/health', '/v2', '/v3'].includes(path)) {
      return send(res, 200, 'text/plain', 'Hrana over HTTP (v2, v3 JSON): local test stand-in for Turso\n');
    }
    const route = req.method === 'POST' ? routes[path] : undefined;
    if (!route) return send(res, 404, 'text/plain', 'Not found\n');
    if (authToken !== undefined && req.headers.authorization !== `Bearer ${authToken}`) {
      return send(res, 401, 'text/plain', 'Unauthorized: missing or wrong bearer token\n');
    }
    let body: { baton?: unknown; requests?: StreamReq[]; batch?: Batch };
    try {
      body = JSON.parse(await readBody(req));
      if (typeof body !== 'object' || body === null) throw new Error('not an object');
    } catch {
      return send(res, 400, 'text/plain', 'Could not parse the JSON request body\n');
    }
    try {
      if (route.cursor) {
        const { baton, base_url, entries } = await withStream(body.baton, async (s) => ({
          entries: cursorEntries(await runBatch(s, body.batch as Batch, route.version)),
        }));
        const lines = [{ baton, base_url }, ...entries].map((line) => `${JSON.stringify(line)}\n`);
        return send(res, 200, 'text/plain', lines.join(''));
      }
      if (!Array.isArray(body.requests)) throw new ProtocolError('`requests` must be an array');
      const resp = await withStream(body.baton, async (s) => {
        const results: object[] = [];
        for (const r of body.requests!) results.push(await handleRequest(s, r, route.version));
        return { results };
      });
      return send(res, 200, 'application/json', JSON.stringify(resp));
    } catch (e) {
      if (e instanceof ProtocolError) return send(res, 400, 'text/plain', `${e.message}\n`);
      if (e instanceof StreamExpiredError) {
        return send(res, 500, 'application/json', JSON.stringify({ message: e.message, code: 'STREAM_EXPIRED' }));
      }
      throw e;
    }
  }

  const server = createServer((req, res) => {
    handleHttp(req, res).catch((e: unknown) => {
      if (!res.headersSent) send(res, 500, 'text/plain', `Internal error: ${String(e)}\n`);
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    get requests() {
      return requests;
    },
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      for (const s of live) closeStream(s);
      streams.clear();
      if (tempDir) rmSync(tempDir, { recursive: true, force: true });
    },
  };
}

/** The batch result as the entries of a v3 cursor. */
function cursorEntries(r: BatchResult): object[] {
  return r.step_results.flatMap((res, step): object[] => {
    const error = r.step_errors[step];
    if (error) return [{ type: 'step_error', step, error }];
    if (!res) return [];
    return [
      { type: 'step_begin', step, cols: res.cols },
      ...res.rows.map((row) => ({ type: 'row', row })),
      { type: 'step_end', affected_row_count: res.affected_row_count, last_insert_rowid: res.last_insert_rowid },
    ];
  });
}

function filePath(url: string): string {
  if (!url.startsWith('file:')) return url; // plain path
  const rest = url.slice('file:'.length).split('?')[0]!;
  return rest.startsWith('/') ? fileURLToPath(`file:${rest}`) : rest; // file:/abs, file:///abs, file:rel
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

// Script mode: print the URL, serve until killed.
function isMain(): boolean {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}
if (isMain()) {
  const { values } = parseArgs({
    options: { port: { type: 'string' }, db: { type: 'string' }, 'auth-token': { type: 'string' } },
  });
  const server = await startHranaServer({
    port: values.port === undefined ? 0 : Number(values.port),
    url: values.db ?? ':memory:',
    authToken: values['auth-token'],
  });
  console.log(`listening ${server.url}`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
