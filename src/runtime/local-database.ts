// The database of the Node and Deno hosts and the CLI: for a file: URL its directory is
// created first, then the client is opened (self-healing for embedded files, see embedded-client.ts).
import { mkdirSync } from 'node:fs';
import type { Client } from '@libsql/client';
import { openDatabaseClient } from '../store/embedded-client.ts';
import { dataDirectory } from './local-secret.ts';

export async function openLocalDatabase(url: string, authToken: string | undefined): Promise<Client> {
  if (url.startsWith('file:')) mkdirSync(dataDirectory(url), { recursive: true });
  return openDatabaseClient(url, { authToken });
}
