import type { Deps } from '../deps.ts';
import { apiKeyHash } from '../domain/api-key.ts';
import { AppError } from '../domain/errors.ts';
import { findActiveApiKeyByHash, touchApiKey, type ApiKeyRow } from '../store/api-keys.ts';

const TOUCH_EVERY_MS = 60_000;

/** The active API key behind a bearer token, or Unauthorized. */
export async function authenticateApiKey(deps: Deps, token: string | null): Promise<ApiKeyRow> {
  if (!token) throw new AppError('Unauthorized', 'missing API key: send Authorization: Bearer <API key>');
  const key = await findActiveApiKeyByHash(deps.db, await apiKeyHash(token));
  if (!key) throw new AppError('Unauthorized', 'invalid or revoked API key');
  const now = deps.clock.now();
  if (!key.lastUsedAt || now - key.lastUsedAt > TOUCH_EVERY_MS) await touchApiKey(deps.db, key.id, now);
  return key;
}
