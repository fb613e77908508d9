// Opens the configured database for command-line tools (Node only).
import { mkdirSync } from 'node:fs';
import { createClient, type Client } from '@libsql/client';
import { loadDatabaseConfig, type Env } from '../config.ts';
import { dataDirectory } from '../runtime/local-secret.ts';
import { createDb, configureEmbeddedDatabase, type Db } from '../store/db.ts';

export async function openDatabase(env: Env): Promise<{ db: Db; client: Client; url: string }> {
  const { databaseUrl, databaseAuthToken } = loadDatabaseConfig(env);
  const local = databaseUrl.startsWith('file:') || databaseUrl === ':memory:';
  if (databaseUrl.startsWith('file:')) mkdirSync(dataDirectory(databaseUrl), { recursive: true });
  const client = createClient({ url: databaseUrl, ...(databaseAuthToken ? { authToken: databaseAuthToken } : {}) });
  if (local) await configureEmbeddedDatabase(client);
  return { db: createDb(client), client, url: databaseUrl };
}
