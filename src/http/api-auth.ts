import { createMiddleware } from 'hono/factory';
import { authenticateApiKey } from '../services/authenticateApiKey.ts';
import type { AppEnv } from './app.ts';

export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match ? match[1]! : null;
}

/** Every /api route: a valid, unrevoked API key or 401. */
export const requireApiKey = createMiddleware<AppEnv>(async (c, next) => {
  await authenticateApiKey(c.var.deps, bearerToken(c.req.header('authorization')));
  await next();
});
