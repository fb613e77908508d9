import type { Deps } from '../deps.ts';
import { apiKeyDisplayPrefix, apiKeyHash, generateApiKey } from '../domain/auth/api-key.ts';
import { AppError } from '../domain/errors.ts';
import { findApiKeyByName, insertApiKey, type ApiKeyRow } from '../store/api-keys.ts';
import type { ApiKeyRole } from '../domain/vocabulary.ts';

export interface CreatedApiKey {
  row: ApiKeyRow;
  /** The secret itself: shown this once, never stored. */
  key: string;
}

/**
 * Creates a named API key. Only its hash is kept, so this is the one time it is seen. Keys are
 * standard unless made admin (the CLI makes admin keys; admins can create either over the API).
 */
export async function createApiKey(
  deps: Pick<Deps, 'db' | 'ids' | 'clock'>,
  name: string,
  options: { role?: ApiKeyRole; expiresAt?: number | null } = {},
): Promise<CreatedApiKey> {
  const trimmed = name.trim();
  if (!trimmed || trimmed.length > 100) {
    throw new AppError('ValidationFailed', 'invalid API key name', [{ field: 'name', message: 'expected 1 to 100 characters' }]);
  }
  const now = deps.clock.now();
  const expiresAt = options.expiresAt ?? null;
  if (expiresAt !== null && expiresAt <= now) {
    throw new AppError('ValidationFailed', 'the expiry is in the past', [
      { field: 'expires_at', message: 'expected a time in the future' },
    ]);
  }
  if (await findApiKeyByName(deps.db, trimmed)) {
    throw new AppError('Conflict', `an API key named "${trimmed}" already exists`, [
      { field: 'name', message: 'expected a name not used yet' },
    ]);
  }
  const key = generateApiKey();
  const row: ApiKeyRow = {
    id: deps.ids.next('key'),
    name: trimmed,
    keyHash: await apiKeyHash(key),
    prefix: apiKeyDisplayPrefix(key),
    role: options.role ?? 'standard',
    createdAt: now,
    lastUsedAt: null,
    revokedAt: null,
    expiresAt,
  };
  await insertApiKey(deps.db, row);
  return { row, key };
}
