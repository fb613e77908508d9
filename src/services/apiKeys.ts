// Listing and revoking API keys (creating them: createApiKey.ts).
import type { Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import { findApiKeyById, findApiKeyByName, listApiKeyRows, markApiKeyRevoked, type ApiKeyRow } from '../store/api-keys.ts';

export function listApiKeys(deps: Pick<Deps, 'db'>): Promise<ApiKeyRow[]> {
  return listApiKeyRows(deps.db);
}

/** Revokes the key with this id (or, for the CLI, this name); revoking twice changes nothing. */
export async function revokeApiKey(
  deps: Pick<Deps, 'db' | 'clock'>,
  idOrName: string,
  options: { byName?: boolean } = {},
): Promise<ApiKeyRow> {
  const key = (await findApiKeyById(deps.db, idOrName)) ?? (options.byName ? await findApiKeyByName(deps.db, idOrName) : undefined);
  if (!key) throw new AppError('NotFound', `no API key ${JSON.stringify(idOrName)}`);
  await markApiKeyRevoked(deps.db, key.id, deps.clock.now());
  return (await findApiKeyById(deps.db, key.id))!;
}
