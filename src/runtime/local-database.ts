// The database of the Node and Deno hosts and the CLI: for a file: URL its directory is
// created first, then the client is opened (self-healing for embedded files, see embedded-client.ts).
// Blobs go in blobs/ beside the database file (data/blobs by default, and for a remote database).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@libsql/client';
import type { BlobStore } from '../store/blob-store.ts';
import { openDatabaseClient } from '../store/embedded-client.ts';
import { createFileBlobStore } from '../store/file-blob-store.ts';
import { dataDirectory } from './local-secret.ts';

export function openLocalBlobStore(databaseUrl: string): BlobStore {
  return createFileBlobStore(join(dataDirectory(databaseUrl), 'blobs'));
}

export async function openLocalDatabase(url: string, authToken: string | undefined): Promise<Client> {
  if (url.startsWith('file:')) mkdirSync(dataDirectory(url), { recursive: true });
  return openDatabaseClient(url, { authToken });
}
