// The drizzle database over any libSQL client: embedded file (Node, Deno), HTTP (Workers, Turso).
import type { Client } from '@libsql/client';
import type { LibSQLDatabase } from 'drizzle-orm/libsql/driver-core';
// The web entry only wraps the client it is given, so it serves every host.
import { drizzle } from 'drizzle-orm/libsql/web';
import * as schema from '../../db/schema.ts';

export type Db = LibSQLDatabase<typeof schema> & { $client: Client };

export function createDb(client: Client): Db {
  return drizzle(client, { schema }) as Db;
}

/**
 * Embedded databases: foreign keys on (per connection; remote libSQL has them on), WAL so
 * readers never wait for the writer, NORMAL sync (durable at each checkpoint, safe
 * against corruption) instead of an fsync per transaction, and a page cache sized for an inbox.
 */
export async function configureEmbeddedDatabase(client: Client): Promise<void> {
  await client.execute('PRAGMA foreign_keys = ON');
  await client.execute('PRAGMA journal_mode = WAL');
  await client.execute('PRAGMA synchronous = NORMAL');
  await client.execute('PRAGMA busy_timeout = 5000');
  // The default 2 MiB page cache thrashes on a real inbox; 64 MiB keeps its indexes hot.
  await client.execute('PRAGMA cache_size = -65536');
  await client.execute('PRAGMA temp_store = MEMORY');
}
