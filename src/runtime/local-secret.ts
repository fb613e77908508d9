// On a self-hosted first start without SECRET_KEY, generate one and keep it beside the
// database, so sessions and reply tokens stay valid across restarts.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { randomToken } from '../domain/encoding.ts';

export function dataDirectory(databaseUrl: string): string {
  if (databaseUrl.startsWith('file:')) return dirname(resolve(databaseUrl.slice('file:'.length)));
  return resolve('data');
}

/** Returns the stored secret, creating it (mode 0600) when there is none yet. */
export function ensureLocalSecret(directory: string): { secret: string; created: boolean; path: string } {
  const path = join(directory, 'secret.key');
  if (existsSync(path)) return { secret: readFileSync(path, 'utf8').trim(), created: false, path };
  mkdirSync(directory, { recursive: true });
  const secret = randomToken(48);
  writeFileSync(path, secret + '\n', { mode: 0o600 });
  return { secret, created: true, path };
}
