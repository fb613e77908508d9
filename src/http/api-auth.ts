import { createMiddleware } from 'hono/factory';
import { AppError } from '../domain/errors.ts';
import { authenticateApiKey, type ApiPrincipal } from '../services/authenticateApiKey.ts';
import type { AppEnv } from './app.ts';

export interface ApiEnv extends AppEnv {
  Variables: AppEnv['Variables'] & { apiKey: ApiPrincipal };
}

export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match ? match[1]! : null;
}

/** Every /api route: a valid, unrevoked, unexpired API key or 401. */
export const requireApiKey = createMiddleware<ApiEnv>(async (c, next) => {
  c.set('apiKey', await authenticateApiKey(c.var.deps, bearerToken(c.req.header('authorization'))));
  await next();
});

/** requireApiKey for every path but the given public ones. */
export function requireApiKeyExcept(publicPaths: ReadonlySet<string>) {
  return createMiddleware<ApiEnv>((c, next) => (publicPaths.has(c.req.path) ? next() : requireApiKey(c, next)));
}

/** Routes that manage API keys: only admin keys (SAMTAL_API_KEY, CLI-made keys, keys made admin). */
export const requireAdminKey = createMiddleware<ApiEnv>(async (c, next) => {
  if (c.var.apiKey.role !== 'admin') throw new AppError('Forbidden', 'this API key may not manage API keys: use an admin key');
  await next();
});
