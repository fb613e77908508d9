import type { Deps } from '../deps.ts';
import { apiKeyHash } from '../domain/api-key.ts';
import { AppError } from '../domain/errors.ts';
import { timingSafeEqual } from '../domain/encoding.ts';
import { findActiveApiKeyByHash, touchApiKey, type ApiKeyRow } from '../store/api-keys.ts';

const TOUCH_EVERY_MS = 60_000;

/** The active API key behind a bearer token, or Unauthorized. */
export type ApiPrincipal = Pick<ApiKeyRow, 'id' | 'name'>;

const BOOTSTRAP_PRINCIPAL: ApiPrincipal = { id: 'key_bootstrap', name: 'SAMTAL_API_KEY' };

/**
 * The caller behind a bearer token: a stored (hashed, unrevoked) API key, or the
 * SAMTAL_API_KEY from the environment, which works even where no bootstrap step ran
 * (Workers). Anything else is Unauthorized.
 */
export async function authenticateApiKey(deps: Deps, token: string | null): Promise<ApiPrincipal> {
  if (!token) throw new AppError('Unauthorized', 'missing API key: send Authorization: Bearer <API key>');
  const bootstrap = deps.config.bootstrapApiKey;
  if (bootstrap && timingSafeEqual(token, bootstrap)) return BOOTSTRAP_PRINCIPAL;
  const key = await findActiveApiKeyByHash(deps.db, await apiKeyHash(token));
  if (!key) throw new AppError('Unauthorized', 'invalid or revoked API key');
  const now = deps.clock.now();
  if (!key.lastUsedAt || now - key.lastUsedAt > TOUCH_EVERY_MS) await touchApiKey(deps.db, key.id, now);
  return key;
}
