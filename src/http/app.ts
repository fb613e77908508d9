// The Hono app every host serves. Thin: validate, call one service, render.
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { Deps } from '../deps.ts';
import { AppError, isAppError } from '../domain/errors.ts';
import { errorFields } from '../log.ts';
import { requireApiKeyExcept } from './api-auth.ts';
import { BODY_LIMITS, limitBody } from './body-limit.ts';
import type { ClientAddress } from './client-address.ts';
import { STATUS_BY_ERROR, respondWithError } from './errors.ts';
import { ErrorPage } from './inbox/error-page.tsx';
import { requestUi } from './inbox/session.ts';
import { isInboxLocale } from './inbox/i18n/catalog.ts';
import { scriptTextAsset } from './inbox/script-text.ts';
import { INBOX_ME_JS } from './inbox/me-assets.ts';
import { apiDocsRoutes } from './openapi/docs-page.tsx';
import { apiOperations, apiRoutes } from './routes/api.ts';
import { healthRoutes } from './routes/health.ts';
import { inboundRoutes } from './routes/inbound.ts';
import { unsubscribeRoutes } from './routes/unsubscribe.ts';
import { authRoutes } from './routes/auth.tsx';
import { webhookRoutes } from './routes/webhooks.ts';
import { inboxRoutes } from './inbox/routes.tsx';
import { reportsStaticRoutes } from './inbox/reports/routes.tsx';
import { menuStaticRoutes } from './inbox/nav-menu-assets.ts';
import { FAVICON_SVG, INBOX_CSS, INBOX_JS, PUBLIC_CSS } from './inbox/assets.ts';
import { BROADCASTS_JS } from './inbox/broadcast-assets.ts';
import { adminAssetRoutes } from './inbox/admin-assets.tsx';
import { INBOX_TEAM_CSS, INBOX_TEAM_JS } from './inbox/team-assets.ts';
import { THREAD_PAGING_CSS, THREAD_PAGING_JS } from './inbox/thread-paging-assets.ts';

export interface AppEnv {
  Variables: { deps: Deps; clientAddress: ClientAddress };
}

export interface AppOptions {
  /** Where the host learns a request's client address (see client-address.ts); unknown when not given. */
  clientAddress?: ClientAddress;
}

/** The API's description is public (it says what the API takes, not what it holds); everything else under /api takes a key. */
const PUBLIC_API_PATHS = new Set(apiOperations.filter((op) => op.access === 'public').map((op) => op.path));

const formBodyLimit = limitBody(BODY_LIMITS.form, 'forms');
const jsonBodyLimit = limitBody(BODY_LIMITS.json, 'API requests');
const webhookBodyLimit = limitBody(BODY_LIMITS.webhook, 'webhooks');
const replyBodyLimit = limitBody(BODY_LIMITS.reply, 'replies with attachments');

/**
 * Every request body has a limit, applied before any handler reads it. The two large ones are
 * streamed and limited by their routes once the caller is authenticated: /inbound/mime (25 MiB)
 * and the CSV import (BODY_LIMITS.csv).
 */
function bodyLimitFor(path: string): MiddlewareHandler | null {
  if (path === '/inbound/mime' || path === '/api/v1/contacts/import' || path === '/inbox/contacts/import') return null;
  if (path.startsWith('/api/')) return jsonBodyLimit;
  if (path.startsWith('/webhooks/')) return webhookBodyLimit;
  if (/^\/inbox\/c\/[^/]+\/reply$/.test(path)) return replyBodyLimit;
  return formBodyLimit;
}

/** Whether a request comes from a person's browser page (HTML) rather than a program (the API, webhooks, inbound mail). */
function wantsPage(c: Context): boolean {
  if (/^\/(api|webhooks|inbound)(\/|$)/.test(c.req.path)) return false;
  return (c.req.header('accept') ?? '').includes('text/html');
}

export function createApp(deps: Deps, options: AppOptions = {}): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const clientAddress = options.clientAddress ?? (() => undefined);
  app.use('*', async (c, next) => {
    c.set('deps', deps);
    c.set('clientAddress', clientAddress);
    await next();
  });
  app.use('*', async (c, next) => {
    const limit = bodyLimitFor(c.req.path);
    return limit ? limit(c, next) : next();
  });
  const strictHeaders = secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      frameSrc: ["'self'"],
      connectSrc: ["'self'"],
      frameAncestors: ["'none'"],
      formAction: ["'self'"],
      baseUri: ["'none'"],
      objectSrc: ["'none'"],
    },
    referrerPolicy: 'same-origin',
    crossOriginResourcePolicy: 'same-origin',
  });
  // The sanitized-HTML viewer sets its own, stricter policy (sandbox, no scripts at all).
  app.use('*', (c, next) => (/^\/inbox\/m\/[^/]+\/html$/.test(c.req.path) ? next() : strictHeaders(c, next)));

  app.route('/', healthRoutes);
  app.route('/', inboundRoutes);
  // Before every /api route, matched or not: an unknown /api path without a key is 401, not 404.
  app.use('/api/*', requireApiKeyExcept(PUBLIC_API_PATHS));
  app.route('/api/v1', apiRoutes);
  app.route('/', apiDocsRoutes);
  app.route('/', unsubscribeRoutes);
  app.route('/', authRoutes);
  app.route('/', webhookRoutes);
  app.route('/inbox', inboxRoutes);
  app.route('/', adminAssetRoutes);
  app.route('/static', reportsStaticRoutes);
  app.route('/static', menuStaticRoutes);
  app.get('/static/inbox.css', (c) =>
    c.body(INBOX_CSS, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=3600' }),
  );
  app.get('/static/public.css', (c) =>
    c.body(PUBLIC_CSS, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=3600' }),
  );
  app.get('/static/inbox-text/:file', (c) => {
    const locale = /^([a-z]{2})\.js$/.exec(c.req.param('file'))?.[1];
    if (!isInboxLocale(locale)) throw new AppError('NotFound', `no inbox text for ${c.req.param('file')}`);
    return c.body(scriptTextAsset(locale), 200, {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'public, max-age=3600',
    });
  });
  app.get('/static/inbox-me.js', (c) =>
    c.body(INBOX_ME_JS, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=3600' }),
  );
  app.get('/static/inbox.js', (c) =>
    c.body(INBOX_JS, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=3600' }),
  );
  app.get('/static/broadcasts.js', (c) =>
    c.body(BROADCASTS_JS, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=3600' }),
  );
  app.get('/static/thread-paging.js', (c) =>
    c.body(THREAD_PAGING_JS, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=3600' }),
  );
  app.get('/static/thread-paging.css', (c) =>
    c.body(THREAD_PAGING_CSS, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=3600' }),
  );
  app.get('/static/inbox-team.css', (c) =>
    c.body(INBOX_TEAM_CSS, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=3600' }),
  );
  app.get('/static/inbox-team.js', (c) =>
    c.body(INBOX_TEAM_JS, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=3600' }),
  );

  // Browsers ask for /favicon.ico on every page; an SVG answers it (Chromium, Firefox and Safari take one).
  app.get('/favicon.ico', (c) => c.body(FAVICON_SVG, 200, { 'content-type': 'image/svg+xml', 'cache-control': 'public, max-age=86400' }));

  app.get('/', (c) => c.redirect('/inbox', 302));

  // A person on a mistyped page gets a page; programs (the API, webhooks, inbound) keep JSON.
  app.notFound((c) => {
    if (wantsPage(c)) return c.html(ErrorPage({ error: new AppError('NotFound', `no page at ${c.req.path}`), ui: requestUi(c) }), 404);
    return c.json({ error: { code: 'NotFound', message: `no route for ${c.req.method} ${c.req.path}` } }, 404);
  });
  app.onError((error, c) => {
    if (isAppError(error)) {
      if (wantsPage(c)) return c.html(ErrorPage({ error, ui: requestUi(c) }), STATUS_BY_ERROR[error.name]);
      return respondWithError(c, error);
    }
    deps.log.error('http: unhandled error', { ...errorFields(error), path: c.req.path, method: c.req.method });
    return c.json({ error: { code: 'InternalError', message: 'internal error; it has been logged' } }, 500);
  });
  return app;
}
