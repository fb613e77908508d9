import { Hono } from 'hono';
import type { AppEnv } from '../app.ts';
import { checkHealth } from '../../services/checkHealth.ts';

export const healthRoutes = new Hono<AppEnv>().get('/health', async (c) => {
  const health = await checkHealth(c.var.deps);
  c.header('Cache-Control', 'no-store');
  return c.json(health, health.db === 'ok' ? 200 : 503);
});
