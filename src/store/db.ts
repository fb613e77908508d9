// The drizzle database over any libSQL client: embedded file (Node, Deno), HTTP (Workers, Turso).
import type { Client } from '@libsql/client';
import { LibsqlError } from '@libsql/client/web';
import type { LibSQLDatabase } from 'drizzle-orm/libsql/driver-core';
// The web entry only wraps the client it is given, so it serves every host.
import { drizzle } from 'drizzle-orm/libsql/web';
import * as schema from '../../db/schema.ts';

export type Db = LibSQLDatabase<typeof schema> & { $client: Client };

export function createDb(client: Client): Db {
  return drizzle(client, { schema }) as Db;
}

/** How long an embedded write waits for another connection's lock before SQLITE_BUSY. */
export const DEFAULT_BUSY_TIMEOUT_MS = 5000;

/**
 * Embedded databases (run on every new connection): foreign keys on (per connection; remote libSQL has them on), WAL so
 * readers never wait for the writer, NORMAL sync (durable at each checkpoint, safe
 * against corruption) instead of an fsync per transaction, and a page cache sized for an inbox.
 */
export async function configureEmbeddedDatabase(client: Client, busyTimeoutMs = DEFAULT_BUSY_TIMEOUT_MS): Promise<void> {
  await client.execute('PRAGMA foreign_keys = ON');
  await client.execute('PRAGMA journal_mode = WAL');
  await client.execute('PRAGMA synchronous = NORMAL');
  await client.execute(`PRAGMA busy_timeout = ${Math.max(0, Math.trunc(busyTimeoutMs))}`);
  // The default 2 MiB page cache thrashes on a real inbox; 64 MiB keeps its indexes hot.
  await client.execute('PRAGMA cache_size = -65536');
  await client.execute('PRAGMA temp_store = MEMORY');
  // Checkpoints run from the scheduler tick (checkpointWal), off the request path; SQLite's own, in the commit that
  // crosses the limit, is only the safety net for a WAL that grows faster than ticks come (40 MiB of pages).
  await client.execute(`PRAGMA wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
}

/** Pages in the WAL after which a commit checkpoints by itself (SQLite's default is 1,000: every 4 MiB). */
export const WAL_AUTOCHECKPOINT_PAGES = 10_000;

/**
 * Copies the WAL back into an embedded database without waiting for readers or writers (PASSIVE), so requests never
 * pay for it. Remote databases (libsql://, https://) checkpoint on their own: nothing to do.
 */
export async function checkpointWal(db: Db, databaseUrl: string): Promise<{ walPages: number; checkpointed: number } | null> {
  if (!databaseUrl.startsWith('file:')) return null;
  const result = await db.$client.execute('PRAGMA wal_checkpoint(PASSIVE)');
  const row = result.rows[0];
  return { walPages: Number(row?.[1] ?? 0), checkpointed: Number(row?.[2] ?? 0) };
}

/** Failures of statements or data, not of the database: retrying the same work fails the same way. */
const STATEMENT_ERRORS = new Set(['SQLITE_CONSTRAINT', 'SQLITE_MISMATCH', 'SQLITE_RANGE', 'SQLITE_TOOBIG']);

/** The database failed (busy past the timeout, I/O, closed, unreachable): the same work may succeed later. */
export function isDatabaseFailure(error: unknown): boolean {
  return error instanceof LibsqlError && !STATEMENT_ERRORS.has(error.code);
}
