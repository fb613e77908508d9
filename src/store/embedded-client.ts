// The libSQL client for embedded (file:) databases on Node and Deno: one connection, one
// operation at a time, and a connection that a failed statement may have poisoned is
// closed and reopened before anything else runs on it.
//
// Why: the native libsql binding does not reset a statement whose step failed with
// SQLITE_BUSY (another connection held the write lock past the busy timeout). The statement
// stays active, and while a write statement is active SQLite defers the commit of every later
// autocommit statement on that connection: writes succeed, the connection reads them back,
// but nothing is ever committed, and the connection keeps the write lock so nobody else can
// write. SQLite still reports autocommit, so @libsql/client's pool hands the connection out
// again as clean. Closing the connection is the only way to finalize the statement.
//
// Write batches that wait for the connection together are committed together (group commit): a batch
// that arrives while another operation holds the connection joins the next group, every batch of the
// group runs in its own savepoint of one transaction, and each caller is answered after the COMMIT, so
// an answer still means committed. In WAL mode most of a commit's cost is the pages it writes, and
// consecutive inserts touch the same index pages: eight sends committed together write far fewer pages
// than eight commits. A batch may so run before operations other callers queued after its group began
// to gather; each caller's own operations keep their order (every store function awaits its call).
//
// One connection is no loss: every embedded call is synchronous, so a pool of them never ran
// in parallel anyway, and it means every per-connection PRAGMA (foreign keys, busy timeout)
// holds for every statement. The connection keeps its statements prepared (embedded-connection.ts);
// reopening it drops them, the failed one with them.
import {
  createClient,
  LibsqlError,
  type Client,
  type InArgs,
  type InStatement,
  type Replicated,
  type ResultSet,
  type Transaction,
  type TransactionMode,
} from '@libsql/client';
import { configureEmbeddedDatabase, DEFAULT_BUSY_TIMEOUT_MS } from './db.ts';
import { type BatchOutcome, CachedStatementClient, embeddedPath } from './embedded-connection.ts';

type Statements = Array<InStatement | [string, InArgs?]>;

interface WaitingBatch {
  stmts: Statements;
  mode: TransactionMode | undefined;
  resolve: (results: ResultSet[]) => void;
  reject: (error: unknown) => void;
}

/** A bound on one group's transaction (a burst of callers is committed in several). */
const MAX_GROUP_BATCHES = 64;

/**
 * A constraint violation ends its statement (SQLite halts and resets it); argument errors are
 * thrown before SQLite runs. Anything else may leave a statement active: reopen.
 */
function leavesConnectionClean(error: unknown): boolean {
  if (error instanceof LibsqlError) return error.code === 'SQLITE_CONSTRAINT';
  return error instanceof RangeError || error instanceof TypeError;
}

class SelfHealingClient implements Client {
  readonly protocol = 'file';
  readonly #inner: CachedStatementClient;
  readonly #configure: (client: Client) => Promise<void>;
  #tail: Promise<unknown> = Promise.resolve();
  #needsReopen = false;
  /** The write batches waiting for the connection that the next group commit takes; null once it has begun. */
  #gathering: WaitingBatch[] | null = null;

  constructor(inner: CachedStatementClient, configure: (client: Client) => Promise<void>) {
    this.#inner = inner;
    this.#configure = configure;
  }

  get closed(): boolean {
    return this.#inner.closed;
  }

  execute(stmt: InStatement): Promise<ResultSet>;
  execute(sql: string, args?: InArgs): Promise<ResultSet>;
  execute(stmtOrSql: InStatement | string, args?: InArgs): Promise<ResultSet> {
    return this.#exclusive((c) => (typeof stmtOrSql === 'string' ? c.execute(stmtOrSql, args) : c.execute(stmtOrSql)));
  }

  batch(stmts: Statements, mode?: TransactionMode): Promise<ResultSet[]> {
    if (mode === 'read') return this.#exclusive((c) => c.batch(stmts, mode));
    return new Promise((resolve, reject) => {
      const waiting = { stmts, mode, resolve, reject };
      if (this.#gathering && this.#gathering.length < MAX_GROUP_BATCHES) {
        this.#gathering.push(waiting);
        return;
      }
      const group = [waiting];
      this.#gathering = group;
      this.#exclusive((c) => {
        if (this.#gathering === group) this.#gathering = null;
        return this.#commitGroup(c, group);
      }).catch(() => undefined);
    });
  }

  /** Runs a group's batches (one alone as a plain batch) and answers each caller; throws what failed them all. */
  async #commitGroup(client: CachedStatementClient, group: WaitingBatch[]): Promise<void> {
    let outcomes: BatchOutcome[];
    try {
      const [only] = group;
      outcomes =
        group.length === 1
          ? [{ ok: true, results: await client.batch(only!.stmts, only!.mode) }]
          : await client.batchGroup(
              group.map((b) => b.stmts),
              leavesConnectionClean,
            );
    } catch (error) {
      for (const waiting of group) waiting.reject(error);
      throw error;
    }
    outcomes.forEach((outcome, i) => {
      if (outcome.ok) group[i]!.resolve(outcome.results);
      else group[i]!.reject(outcome.error);
    });
  }

  migrate(stmts: InStatement[]): Promise<ResultSet[]> {
    return this.#exclusive((c) => c.migrate(stmts));
  }

  executeMultiple(sql: string): Promise<void> {
    return this.#exclusive((c) => c.executeMultiple(sql));
  }

  sync(): Promise<Replicated> {
    return this.#exclusive((c) => c.sync());
  }

  /** The transaction owns the connection until it commits, rolls back or closes. */
  async transaction(mode?: TransactionMode): Promise<Transaction> {
    const release = await this.#lock();
    try {
      const tx = await this.#guarded((c) => c.transaction(mode));
      const guarded = <T>(run: () => Promise<T>) => this.#guarded(run, { reopenNow: false });
      return new GuardedTransaction(tx, guarded, async () => {
        try {
          if (this.#needsReopen) await this.#reopen();
        } finally {
          release();
        }
      });
    } catch (error) {
      release();
      throw error;
    }
  }

  close(): void {
    this.#inner.close();
  }

  reconnect(): void {
    this.#needsReopen = true;
  }

  /** Resolves once every earlier operation has finished, with the function that lets the next one run. */
  #lock(): Promise<() => void> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const acquired = this.#tail.then(() => release);
    this.#tail = acquired.then(() => held);
    return acquired;
  }

  async #exclusive<T>(run: (client: CachedStatementClient) => Promise<T>): Promise<T> {
    const release = await this.#lock();
    try {
      return await this.#guarded(run);
    } finally {
      release();
    }
  }

  async #guarded<T>(run: (client: CachedStatementClient) => Promise<T>, { reopenNow = true } = {}): Promise<T> {
    if (this.#needsReopen) await this.#reopen();
    try {
      return await run(this.#inner);
    } catch (error) {
      if (!leavesConnectionClean(error)) {
        this.#needsReopen = true;
        // Close the poisoned connection at once (inside a transaction: when it settles).
        if (reopenNow) await this.#reopen().catch(() => undefined);
      }
      throw error;
    }
  }

  async #reopen(): Promise<void> {
    this.#needsReopen = true;
    await this.#inner.reconnect();
    await this.#configure(this.#inner);
    this.#needsReopen = false;
  }
}

class GuardedTransaction implements Transaction {
  readonly #tx: Transaction;
  readonly #guarded: <T>(run: () => Promise<T>) => Promise<T>;
  readonly #settle: () => Promise<void>;
  #settled = false;

  constructor(tx: Transaction, guarded: <T>(run: () => Promise<T>) => Promise<T>, settle: () => Promise<void>) {
    this.#tx = tx;
    this.#guarded = guarded;
    this.#settle = settle;
  }

  get closed(): boolean {
    return this.#tx.closed;
  }

  execute(stmt: InStatement): Promise<ResultSet> {
    return this.#guarded(() => this.#tx.execute(stmt));
  }

  batch(stmts: InStatement[]): Promise<ResultSet[]> {
    return this.#guarded(() => this.#tx.batch(stmts));
  }

  executeMultiple(sql: string): Promise<void> {
    return this.#guarded(() => this.#tx.executeMultiple(sql));
  }

  async commit(): Promise<void> {
    try {
      await this.#guarded(() => this.#tx.commit());
    } finally {
      await this.#end();
    }
  }

  async rollback(): Promise<void> {
    try {
      await this.#guarded(() => this.#tx.rollback());
    } finally {
      await this.#end();
    }
  }

  close(): void {
    this.#tx.close();
    void this.#end();
  }

  async #end(): Promise<void> {
    if (this.#settled) return;
    this.#settled = true;
    await this.#settle();
  }
}

export interface DatabaseClientOptions {
  authToken?: string | undefined;
  /** How long a write waits for another connection's lock before failing (embedded only). */
  busyTimeoutMs?: number;
}

/**
 * The client for a DATABASE_URL on Node and Deno: `file:` through the self-healing client,
 * `:memory:` (one connection that cannot be reopened) and remote URLs as they are.
 */
export async function openDatabaseClient(url: string, options: DatabaseClientOptions = {}): Promise<Client> {
  const configure = (client: Client) => configureEmbeddedDatabase(client, options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS);
  if (!url.startsWith('file:')) {
    const client = createClient({ url, ...(options.authToken ? { authToken: options.authToken } : {}) });
    if (url === ':memory:') await configure(client);
    return client;
  }
  const inner = new CachedStatementClient(embeddedPath(url));
  try {
    await configure(inner);
  } catch (error) {
    inner.close();
    throw error;
  }
  return new SelfHealingClient(inner, configure);
}
