// The Hono app every host serves. Thin: validate, call one service, render.
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { Deps } from '../deps.ts';
import { isAppError } from '../domain/errors.ts';
import { errorFields } from '../log.ts';
import { requireApiKey } from './api-auth.ts';
import { respondWithError } from './errors.ts';
import { apiRoutes } from './routes/api.ts';
import { healthRoutes } from './routes/health.ts';
import { inboundRoutes } from './routes/inbound.ts';
import { unsubscribeRoutes } from './routes/unsubscribe.ts';

export interface AppEnv {
  Variables: { deps: Deps };
}

export function createApp(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', async (c, next) => {
    c.set('deps', deps);
    await next();
  });
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
      },
      referrerPolicy: 'same-origin',
      crossOriginResourcePolicy: 'same-origin',
    }),
  );

  app.route('/', healthRoutes);
  app.route('/', inboundRoutes);
  app.route('/api/v1', apiRoutes);
  app.route('/', unsubscribeRoutes);
  app.all('/api/*', requireApiKey);

  app.get('/', (c) =>
    c.json({
      name: 'Samtal',
      version: deps.config.version,
      docs: 'https://github.com/samtal/samtal#readme',
      health: '/health',
    }),
  );

  app.notFound((c) => c.json({ error: { code: 'NotFound', message: `no route for ${c.req.method} ${c.req.path}` } }, 404));
  app.onError((error, c) => {
    if (isAppError(error)) return respondWithError(c, error);
    deps.log.error('http: unhandled error', { ...errorFields(error), path: c.req.path, method: c.req.method });
    return c.json({ error: { code: 'InternalError', message: 'internal error; it has been logged' } }, 500);
  });
  return app;
}
