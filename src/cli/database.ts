// Opens the configured database for command-line tools (Node only), with the clock and ids
// the commands' services need. The commands need no other setting, so only the database ones are checked.
import type { Client } from '@libsql/client';
import { loadDatabaseConfig, type Env } from '../config.ts';
import { systemClock, type Deps } from '../deps.ts';
import { systemIds } from '../runtime/create-deps.ts';
import { openLocalBlobStore, openLocalDatabase } from '../runtime/local-database.ts';
import { createDb } from '../store/db.ts';

export interface CliDatabase extends Pick<Deps, 'db' | 'clock' | 'ids' | 'blobs'> {
  client: Client;
  url: string;
}

export async function openDatabase(env: Env): Promise<CliDatabase> {
  const { databaseUrl, databaseAuthToken } = loadDatabaseConfig(env);
  const client = await openLocalDatabase(databaseUrl, databaseAuthToken);
  const blobs = openLocalBlobStore(databaseUrl);
  return { db: createDb(client), client, url: databaseUrl, clock: systemClock, ids: systemIds(), blobs };
}
