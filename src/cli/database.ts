// Opens the configured database for command-line tools (Node only).
import { mkdirSync } from 'node:fs';
import type { Client } from '@libsql/client';
import { loadDatabaseConfig, type Env } from '../config.ts';
import { dataDirectory } from '../runtime/local-secret.ts';
import { createDb, type Db } from '../store/db.ts';
import { openDatabaseClient } from '../store/embedded-client.ts';

export async function openDatabase(env: Env): Promise<{ db: Db; client: Client; url: string }> {
  const { databaseUrl, databaseAuthToken } = loadDatabaseConfig(env);
  if (databaseUrl.startsWith('file:')) mkdirSync(dataDirectory(databaseUrl), { recursive: true });
  const client = await openDatabaseClient(databaseUrl, { authToken: databaseAuthToken });
  return { db: createDb(client), client, url: databaseUrl };
}
