import type { Deps } from '../deps.ts';
import { apiKeyHash } from '../domain/auth/api-key.ts';
import { AppError } from '../domain/errors.ts';
import { timingSafeEqual } from '../domain/encoding.ts';
import { findApiKeyByHash, touchApiKey, type ApiKeyRow } from '../store/api-keys.ts';

const TOUCH_EVERY_MS = 60_000;

/** Who is calling the API: the key's id, name and role. */
export type ApiPrincipal = Pick<ApiKeyRow, 'id' | 'name' | 'role'>;

const BOOTSTRAP_PRINCIPAL: ApiPrincipal = { id: 'key_bootstrap', name: 'SAMTAL_API_KEY', role: 'admin' };

/**
 * The caller behind a bearer token: a stored (hashed) API key that is neither revoked nor
 * expired, or the SAMTAL_API_KEY from the environment, an admin key that works even where no
 * bootstrap step stored it (Workers). Where it was stored, revoking that row locks it out too.
 * Checked on every request, so a revocation takes effect at once. Anything else is Unauthorized.
 */
export async function authenticateApiKey(deps: Deps, token: string | null): Promise<ApiPrincipal> {
  if (!token) throw new AppError('Unauthorized', 'missing API key: send Authorization: Bearer <API key>');
  const now = deps.clock.now();
  const key = await findApiKeyByHash(deps.db, await apiKeyHash(token));
  if (!key) {
    const bootstrap = deps.config.bootstrapApiKey;
    if (bootstrap && timingSafeEqual(token, bootstrap)) return BOOTSTRAP_PRINCIPAL;
    throw new AppError('Unauthorized', 'invalid API key');
  }
  if (key.revokedAt !== null) throw new AppError('Unauthorized', 'this API key has been revoked');
  if (key.expiresAt !== null && key.expiresAt <= now) throw new AppError('Unauthorized', 'this API key has expired');
  if (!key.lastUsedAt || now - key.lastUsedAt > TOUCH_EVERY_MS) await touchApiKey(deps.db, key.id, now);
  return { id: key.id, name: key.name, role: key.role };
}
