// One embedded libSQL connection (the native libsql binding) behind the @libsql/client interface, preparing each
// statement once. @libsql/client's own file client prepares every statement again on every call, and a statement on a
// table with triggers (messages: the search-index triggers) costs ~0.4 ms to prepare, ten times its execution. It also
// reads every statement's column list twice per call and builds each row with 2n+1 Object.defineProperty calls.
//
// The native binding resets a statement before each run, so a cached statement can be run again whatever its last
// run did. A statement whose step failed stays active until then (see embedded-client.ts on SQLITE_BUSY): the
// self-healing client reopens the connection after such a failure, and reopening drops this cache with it.
import {
  LibsqlBatchError,
  LibsqlError,
  type Client,
  type InArgs,
  type InStatement,
  type InValue,
  type Replicated,
  type ResultSet,
  type Row,
  type Transaction,
  type TransactionMode,
  type Value,
} from '@libsql/client';
import Database from 'libsql';

type NativeDatabase = InstanceType<typeof Database>;
type NativeStatement = ReturnType<NativeDatabase['prepare']>;
type Statements = Array<InStatement | [string, InArgs?]>;

/** Distinct statement texts kept prepared; the app has a few hundred, generated SQL (IN lists) many more. */
const STATEMENT_CACHE_SIZE = 500;

/** Statements that change the schema: cached column lists (select *) may no longer hold afterwards. */
const SCHEMA_CHANGE = /^\s*(create|alter|drop)\b/i;
const EXPLAIN = /^\s*explain\b/i;

/**
 * Row values sit in a private field, read through index getters on the prototype: only the column names are own,
 * enumerable properties, as in @libsql/client's rows (drizzle reads `row[i]` and `length`, and `Object.keys(row)`).
 */
class RowBase {
  readonly #values: Value[];
  constructor(values: Value[]) {
    this.#values = values;
  }
  get length(): number {
    return this.#values.length;
  }
  static valueAt(row: RowBase, index: number): Value | undefined {
    return row.#values[index];
  }
}

type RowConstructor = new (values: Value[]) => Row;

/** A row class for one column list: index getters, and a named property per column (the first of duplicates). */
function rowClassFor(columns: string[]): RowConstructor {
  const named: [string, number][] = [];
  const taken = new Set<string>(['length', ...columns.map((_, i) => String(i))]);
  columns.forEach((name, i) => {
    if (taken.has(name)) return;
    taken.add(name);
    named.push([name, i]);
  });
  class ShapedRow extends RowBase {
    constructor(values: Value[]) {
      super(values);
      const self = this as unknown as Record<string, Value>;
      for (const [name, i] of named) self[name] = values[i] as Value;
    }
  }
  for (let i = 0; i < columns.length; i++) {
    Object.defineProperty(ShapedRow.prototype, i, {
      get(this: RowBase) {
        return RowBase.valueAt(this, i);
      },
    });
  }
  return ShapedRow as unknown as RowConstructor;
}

interface Prepared {
  stmt: NativeStatement;
  /** Column names and declared types, or null for a statement that returns no rows. */
  columns: string[] | null;
  columnTypes: string[];
  Row: RowConstructor | null;
  /** EXPLAIN statements need a reset after they are read (see #query). */
  explain: boolean;
  /** A schema change: the cached column lists may no longer hold after it runs. */
  changesSchema: boolean;
}

class ResultSetImpl implements ResultSet {
  constructor(
    readonly columns: string[],
    readonly columnTypes: string[],
    readonly rows: Row[],
    readonly rowsAffected: number,
    readonly lastInsertRowid: bigint | undefined,
  ) {}
  toJSON() {
    return {
      columns: this.columns,
      columnTypes: this.columnTypes,
      rows: this.rows.map((row) => Array.prototype.map.call(row, jsonValue)),
      rowsAffected: this.rowsAffected,
      lastInsertRowid: this.lastInsertRowid === undefined ? null : String(this.lastInsertRowid),
    };
  }
}

function jsonValue(value: unknown): unknown {
  if (typeof value === 'bigint') return String(value);
  if (value instanceof ArrayBuffer) return Buffer.from(value).toString('base64');
  return value;
}

const MIN_INTEGER = -9223372036854775808n;
const MAX_INTEGER = 9223372036854775807n;

/** An argument as the binding takes it, with @libsql/client's checks (intMode "number"). */
function toSql(value: InValue | undefined): unknown {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError('Only finite numbers (not Infinity or NaN) can be passed as arguments');
    return value;
  }
  if (typeof value === 'bigint') {
    if (value < MIN_INTEGER || value > MAX_INTEGER) {
      throw new RangeError('bigint is too large to be represented as a 64-bit integer and passed as argument');
    }
    return value;
  }
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof ArrayBuffer) return Buffer.from(value);
  if (value instanceof Date) return value.valueOf();
  if (value === undefined) throw new TypeError('undefined cannot be passed as argument to the database');
  return value;
}

function argsToSql(args: InArgs | undefined): unknown[] | Record<string, unknown> {
  if (args === undefined) return [];
  if (Array.isArray(args)) return args.map(toSql);
  const named: Record<string, unknown> = {};
  for (const name in args) {
    const key = name[0] === '@' || name[0] === '$' || name[0] === ':' ? name.slice(1) : name;
    named[key] = toSql(args[name]);
  }
  return named;
}

/** A value as @libsql/client returns it: integers as numbers (safe ones only), blobs as ArrayBuffers. */
function fromSql(value: unknown): Value {
  if (typeof value === 'bigint') {
    if (value < -9007199254740991n || value > 9007199254740991n) {
      throw new RangeError('Received integer which cannot be safely represented as a JavaScript number');
    }
    return Number(value);
  }
  if (value instanceof Uint8Array) {
    const { buffer, byteOffset, byteLength } = value;
    return byteOffset === 0 && byteLength === buffer.byteLength
      ? (buffer as ArrayBuffer)
      : (buffer.slice(byteOffset, byteOffset + byteLength) as ArrayBuffer);
  }
  return value as Value;
}

const ERROR_CODES = [
  'SQLITE_OK',
  'SQLITE_ERROR',
  'SQLITE_INTERNAL',
  'SQLITE_PERM',
  'SQLITE_ABORT',
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
  'SQLITE_NOMEM',
  'SQLITE_READONLY',
  'SQLITE_INTERRUPT',
  'SQLITE_IOERR',
  'SQLITE_CORRUPT',
  'SQLITE_NOTFOUND',
  'SQLITE_FULL',
  'SQLITE_CANTOPEN',
  'SQLITE_PROTOCOL',
  'SQLITE_EMPTY',
  'SQLITE_SCHEMA',
  'SQLITE_TOOBIG',
  'SQLITE_CONSTRAINT',
  'SQLITE_MISMATCH',
  'SQLITE_MISUSE',
  'SQLITE_NOLFS',
  'SQLITE_AUTH',
  'SQLITE_FORMAT',
  'SQLITE_RANGE',
  'SQLITE_NOTADB',
  'SQLITE_NOTICE',
  'SQLITE_WARNING',
];

/** The binding's SqliteError as the LibsqlError @libsql/client throws (base code, extended code, raw code). */
function libsqlError(error: unknown): unknown {
  if (!(error instanceof Database.SqliteError)) return error;
  const { rawCode, code: extendedCode } = error as unknown as { rawCode?: number; code: string };
  const base = rawCode === undefined ? 'SQLITE_UNKNOWN' : (ERROR_CODES[rawCode & 0xff] ?? `SQLITE_UNKNOWN_${rawCode & 0xff}`);
  return new LibsqlError(error.message, base, extendedCode, rawCode, error);
}

function batchError(error: unknown, index: number): unknown {
  if (error instanceof LibsqlBatchError || !(error instanceof LibsqlError)) return error;
  const cause = error.cause instanceof Error ? error.cause : undefined;
  return new LibsqlBatchError(error.message.replace(`${error.code}: `, ''), index, error.code, error.extendedCode, error.rawCode, cause);
}

function beginFor(mode: TransactionMode): string {
  if (mode === 'write') return 'BEGIN IMMEDIATE';
  if (mode === 'read') return 'BEGIN TRANSACTION READONLY';
  if (mode === 'deferred') return 'BEGIN DEFERRED';
  throw new RangeError('Unknown transaction mode, supported values are "write", "read" and "deferred"');
}

function normalize(stmt: InStatement | [string, InArgs?] | string): { sql: string; args?: InArgs | undefined } {
  if (typeof stmt === 'string') return { sql: stmt };
  if (Array.isArray(stmt)) return { sql: stmt[0], args: stmt[1] };
  return stmt;
}

/** The connection itself: one native database handle and its prepared statements. */
class Connection {
  readonly #path: string;
  #db: NativeDatabase;
  readonly #cache = new Map<string, Prepared>();

  constructor(path: string) {
    this.#path = path;
    this.#db = new Database(path);
  }

  get open(): boolean {
    return this.#db.open;
  }

  get inTransaction(): boolean {
    return this.#db.open && this.#db.inTransaction;
  }

  /** Drops every prepared statement with the handle they belong to, and opens a new one. */
  reopen(): void {
    this.close();
    this.#db = new Database(this.#path);
  }

  close(): void {
    this.#cache.clear();
    if (this.#db.open) this.#db.close();
  }

  run(stmt: InStatement | [string, InArgs?] | string): ResultSet {
    const { sql, args } = normalize(stmt);
    const bound = argsToSql(args);
    try {
      const prepared = this.#prepared(sql);
      const result = prepared.columns ? this.#query(prepared, bound) : this.#write(prepared, bound);
      if (prepared.changesSchema) this.#cache.clear();
      return result;
    } catch (error) {
      throw libsqlError(error);
    }
  }

  exec(sql: string): void {
    try {
      this.#db.exec(sql);
    } catch (error) {
      throw libsqlError(error);
    } finally {
      this.#cache.clear();
    }
  }

  #query(prepared: Prepared, args: unknown[] | Record<string, unknown>): ResultSet {
    const raw = prepared.stmt.all(args) as unknown[][];
    // The binding leaves an EXPLAIN statement busy after reading all its rows (a plain select is reset at its end), and
    // a busy statement keeps the connection in a read: checkpoints then fail with SQLITE_LOCKED. get() runs it once
    // more and resets it.
    if (prepared.explain) prepared.stmt.get(args);
    const Shaped = prepared.Row!;
    const rows = new Array<Row>(raw.length);
    for (let r = 0; r < raw.length; r++) {
      const values = raw[r]!;
      for (let i = 0; i < values.length; i++) values[i] = fromSql(values[i]);
      rows[r] = new Shaped(values as Value[]);
    }
    return new ResultSetImpl(prepared.columns!, prepared.columnTypes, rows, 0, undefined);
  }

  #write(prepared: Prepared, args: unknown[] | Record<string, unknown>): ResultSet {
    const info = prepared.stmt.run(args) as { changes: number; lastInsertRowid: number | bigint };
    return new ResultSetImpl([], [], [], info.changes, BigInt(info.lastInsertRowid));
  }

  #prepared(sql: string): Prepared {
    const cached = this.#cache.get(sql);
    // Evicted oldest first (a hot statement evicted is prepared again once; reordering on every hit cost more).
    if (cached) return cached;
    const stmt = this.#db.prepare(sql);
    stmt.safeIntegers(true);
    let prepared: Prepared = {
      stmt,
      columns: null,
      columnTypes: [],
      Row: null,
      explain: EXPLAIN.test(sql),
      changesSchema: SCHEMA_CHANGE.test(sql),
    };
    if (stmt.reader) {
      stmt.raw(true);
      const described = stmt.columns() as { name: string; type: string | null }[];
      const columns = described.map((c) => c.name);
      prepared = { ...prepared, columns, columnTypes: described.map((c) => c.type ?? ''), Row: rowClassFor(columns) };
    }
    if (this.#cache.size >= STATEMENT_CACHE_SIZE) this.#cache.delete(this.#cache.keys().next().value!);
    this.#cache.set(sql, prepared);
    return prepared;
  }
}

export type BatchOutcome = { ok: true; results: ResultSet[] } | { ok: false; error: unknown };

function closedError(what: 'client' | 'transaction'): LibsqlError {
  return what === 'client'
    ? new LibsqlError('The client is closed', 'CLIENT_CLOSED')
    : new LibsqlError('The transaction is closed', 'TRANSACTION_CLOSED');
}

/** Runs statements in order inside a transaction the connection already began. */
function runAll(connection: Connection, stmts: Statements): ResultSet[] {
  const results: ResultSet[] = [];
  for (let i = 0; i < stmts.length; i++) {
    try {
      if (!connection.inTransaction) throw new LibsqlBatchError('The transaction has been rolled back', i, 'TRANSACTION_CLOSED');
      results.push(connection.run(stmts[i]!));
    } catch (error) {
      throw batchError(error, i);
    }
  }
  return results;
}

/**
 * A single-connection client with a statement cache. It does not queue: the caller (the self-healing client) lets one
 * operation or transaction at a time through.
 */
export class CachedStatementClient implements Client {
  readonly protocol = 'file';
  readonly #connection: Connection;
  closed = false;

  constructor(path: string) {
    this.#connection = new Connection(path);
  }

  async execute(stmtOrSql: InStatement | string, args?: InArgs): Promise<ResultSet> {
    this.#checkOpen();
    try {
      return this.#connection.run(typeof stmtOrSql === 'string' ? { sql: stmtOrSql, args } : stmtOrSql);
    } finally {
      this.#rollbackIfOpen();
    }
  }

  async batch(stmts: Statements, mode: TransactionMode = 'deferred'): Promise<ResultSet[]> {
    this.#checkOpen();
    const connection = this.#connection;
    connection.run(beginFor(mode));
    try {
      const results = runAll(connection, stmts);
      connection.run('COMMIT');
      return results;
    } finally {
      this.#rollbackIfOpen();
    }
  }

  /**
   * Several callers' batches in one write transaction (group commit), each in a savepoint of its own: a batch that
   * fails with an error `isolated` accepts is undone alone and reported as its outcome; any other error (or a failed
   * commit) fails them all. Nothing is committed before COMMIT, so no outcome may be reported before this returns.
   */
  async batchGroup(batches: Statements[], isolated: (error: unknown) => boolean): Promise<BatchOutcome[]> {
    this.#checkOpen();
    const connection = this.#connection;
    connection.run(beginFor('write'));
    try {
      const outcomes = batches.map((stmts): BatchOutcome => {
        connection.run('SAVEPOINT group_member');
        try {
          const results = runAll(connection, stmts);
          connection.run('RELEASE group_member');
          return { ok: true, results };
        } catch (error) {
          if (!isolated(error)) throw error;
          connection.run('ROLLBACK TO group_member');
          connection.run('RELEASE group_member');
          return { ok: false, error };
        }
      });
      connection.run('COMMIT');
      return outcomes;
    } finally {
      this.#rollbackIfOpen();
    }
  }

  async migrate(stmts: InStatement[]): Promise<ResultSet[]> {
    this.#checkOpen();
    const connection = this.#connection;
    connection.run('PRAGMA foreign_keys=off');
    try {
      connection.run(beginFor('deferred'));
      const results = runAll(connection, stmts);
      connection.run('COMMIT');
      return results;
    } finally {
      this.#rollbackIfOpen();
      connection.run('PRAGMA foreign_keys=on');
    }
  }

  async transaction(mode: TransactionMode = 'write'): Promise<Transaction> {
    this.#checkOpen();
    this.#connection.run(beginFor(mode));
    return new CachedStatementTransaction(this.#connection);
  }

  async executeMultiple(sql: string): Promise<void> {
    this.#checkOpen();
    try {
      this.#connection.exec(sql);
    } finally {
      this.#rollbackIfOpen();
    }
  }

  async sync(): Promise<Replicated> {
    throw new LibsqlError('sync is only for embedded replicas, which this client does not open', 'SYNC_NOT_SUPPORTED');
  }

  async reconnect(): Promise<void> {
    this.#connection.reopen();
    this.closed = false;
  }

  close(): void {
    this.closed = true;
    this.#connection.close();
  }

  #checkOpen(): void {
    if (this.closed || !this.#connection.open) throw closedError('client');
  }

  /** An operation that fails leaves no transaction open for the next one (as @libsql/client's pool rolls back). */
  #rollbackIfOpen(): void {
    if (!this.#connection.inTransaction) return;
    try {
      this.#connection.run('ROLLBACK');
    } catch {
      this.#connection.reopen();
    }
  }
}

class CachedStatementTransaction implements Transaction {
  #connection: Connection | null;

  constructor(connection: Connection) {
    this.#connection = connection;
  }

  get closed(): boolean {
    return this.#connection === null || !this.#connection.inTransaction;
  }

  async execute(stmt: InStatement): Promise<ResultSet> {
    return this.#open().run(stmt);
  }

  async batch(stmts: InStatement[]): Promise<ResultSet[]> {
    const results: ResultSet[] = [];
    for (let i = 0; i < stmts.length; i++) {
      try {
        results.push(this.#open().run(stmts[i]!));
      } catch (error) {
        throw batchError(error, i);
      }
    }
    return results;
  }

  async executeMultiple(sql: string): Promise<void> {
    this.#open().exec(sql);
  }

  async commit(): Promise<void> {
    try {
      this.#open().run('COMMIT');
    } finally {
      this.#connection = null;
    }
  }

  async rollback(): Promise<void> {
    const connection = this.#connection;
    this.#connection = null;
    if (connection?.inTransaction) connection.run('ROLLBACK');
  }

  close(): void {
    const connection = this.#connection;
    this.#connection = null;
    if (connection?.inTransaction) connection.run('ROLLBACK');
  }

  #open(): Connection {
    if (this.closed) throw closedError('transaction');
    return this.#connection!;
  }
}

/** The database file a `file:` URL names (file:PATH, file:/ABS, file:///ABS, file://localhost/ABS). */
export function embeddedPath(url: string): string {
  if (!url.startsWith('file:')) throw new RangeError(`expected a file: URL, got ${JSON.stringify(url)}`);
  let rest = url.slice('file:'.length);
  if (rest.includes('?') || rest.includes('#')) {
    throw new LibsqlError(`file: URLs with query parameters are not supported: ${JSON.stringify(url)}`, 'URL_INVALID');
  }
  if (rest.startsWith('//')) {
    const slash = rest.indexOf('/', 2);
    const host = rest.slice(2, slash === -1 ? undefined : slash).toLowerCase();
    if (host !== '' && host !== 'localhost') {
      throw new LibsqlError(
        `Invalid host in file URL: ${JSON.stringify(host)}; use file:/absolute/path or file:///absolute/path`,
        'URL_INVALID',
      );
    }
    rest = slash === -1 ? '' : rest.slice(slash);
  }
  const path = decodeURIComponent(rest);
  if (path === '') throw new LibsqlError(`file: URL without a path: ${JSON.stringify(url)}`, 'URL_INVALID');
  return path;
}
