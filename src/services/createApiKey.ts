import type { Deps } from '../deps.ts';
import { apiKeyDisplayPrefix, apiKeyHash, generateApiKey } from '../domain/api-key.ts';
import { AppError } from '../domain/errors.ts';
import { findApiKeyByName, insertApiKey } from '../store/api-keys.ts';

/** Creates a named API key and returns it; only its hash is kept, so this is the one time it is seen. */
export async function createApiKey(deps: Pick<Deps, 'db' | 'ids' | 'clock'>, name: string): Promise<{ id: string; name: string; key: string }> {
  const trimmed = name.trim();
  if (!trimmed || trimmed.length > 100) {
    throw new AppError('ValidationFailed', 'invalid API key name', [{ field: 'name', message: 'expected 1 to 100 characters' }]);
  }
  if (await findApiKeyByName(deps.db, trimmed)) {
    throw new AppError('Conflict', `an API key named "${trimmed}" already exists`, [{ field: 'name', message: 'expected a name not used yet' }]);
  }
  const key = generateApiKey();
  const id = deps.ids.next('key');
  await insertApiKey(deps.db, {
    id,
    name: trimmed,
    keyHash: await apiKeyHash(key),
    prefix: apiKeyDisplayPrefix(key),
    createdAt: deps.clock.now(),
  });
  return { id, name: trimmed, key };
}
