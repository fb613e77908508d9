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

/** Embedded databases need foreign keys switched on per connection; remote libSQL has them on. */
export async function enableForeignKeys(client: Client): Promise<void> {
  await client.execute('PRAGMA foreign_keys = ON');
}
