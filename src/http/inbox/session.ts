// Inbox sessions and CSRF protection.
// - Session: random token in an HttpOnly, SameSite=Lax cookie, Secure except on localhost;
//   "__Host-" prefixed when Secure, so no subdomain can set or read it.
// - CSRF: every state-changing request carries the session's CSRF token (form field _csrf
//   or X-CSRF-Token header) and, when the browser sends one, an Origin matching ours.
//   Before sign-in, a double-submit cookie protects the login and invitation forms.
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { randomToken, timingSafeEqual } from '../../domain/encoding.ts';
import { AppError } from '../../domain/errors.ts';
import { SESSION_IDLE_MS, authenticateSession, type AgentSession } from '../../services/agentAuth.ts';
import { negotiateUiLocale } from '../../domain/inbox/ui-locale.ts';
import type { AppEnv } from '../app.ts';
import { INBOX_LOCALES, type Ui, uiFor } from './i18n/catalog.ts';
import type { PageContext } from './layout.tsx';

export interface InboxEnv extends AppEnv {
  Variables: AppEnv['Variables'] & { session: AgentSession };
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export function isSecureContext(c: Context): boolean {
  return !LOCAL_HOSTS.has(new URL(c.req.url).hostname);
}

function sessionCookieName(c: Context): string {
  return isSecureContext(c) ? '__Host-samtal_session' : 'samtal_session';
}

function preAuthCookieName(c: Context): string {
  return isSecureContext(c) ? '__Host-samtal_csrf' : 'samtal_csrf';
}

export function setSessionCookie(c: Context, token: string): void {
  setCookie(c, sessionCookieName(c), token, {
    httpOnly: true,
    secure: isSecureContext(c),
    sameSite: 'Lax',
    path: '/',
    maxAge: Math.floor(SESSION_IDLE_MS / 1000),
  });
}

export function sessionToken(c: Context): string | undefined {
  return getCookie(c, sessionCookieName(c));
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, sessionCookieName(c), { path: '/', secure: isSecureContext(c) });
}

/** The double-submit token for forms shown before sign-in; set when missing. */
export function preAuthCsrf(c: Context): string {
  const existing = getCookie(c, preAuthCookieName(c));
  if (existing && existing.length >= 20) return existing;
  const token = randomToken(24);
  setCookie(c, preAuthCookieName(c), token, { httpOnly: true, secure: isSecureContext(c), sameSite: 'Strict', path: '/' });
  return token;
}

function assertSameOrigin(c: Context): void {
  const origin = c.req.header('origin');
  if (origin && origin !== 'null' && origin !== new URL(c.req.url).origin) {
    throw new AppError('Forbidden', 'cross-site request refused');
  }
}

async function submittedCsrf(c: Context): Promise<string> {
  const header = c.req.header('x-csrf-token');
  if (header) return header;
  const type = c.req.header('content-type') ?? '';
  if (type.includes('form')) {
    const body = await c.req.parseBody();
    return typeof body._csrf === 'string' ? body._csrf : '';
  }
  return '';
}

export async function verifyPreAuthCsrf(c: Context): Promise<void> {
  assertSameOrigin(c);
  const expected = getCookie(c, preAuthCookieName(c)) ?? '';
  const given = await submittedCsrf(c);
  if (!expected || !timingSafeEqual(given, expected)) throw new AppError('Forbidden', 'the form expired; reload the page and try again');
}

/** Every /inbox request: a live session, and for anything but GET/HEAD a valid CSRF token. */
export const requireSession = createMiddleware<InboxEnv>(async (c, next) => {
  const found = await authenticateSession(c.var.deps, sessionToken(c));
  if (!found) {
    // A page's own fetches (polls, the fresh CSRF token) ask for JSON: they get 401, not the login page.
    const wantsJson = (c.req.header('accept') ?? '').includes('application/json') || c.req.path.endsWith('/poll');
    if (c.req.method === 'GET' && !wantsJson) {
      return c.redirect(`/login?next=${encodeURIComponent(c.req.path + (new URL(c.req.url).search || ''))}`, 303);
    }
    throw new AppError('Unauthorized', 'sign in first');
  }
  if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
    assertSameOrigin(c);
    if (!timingSafeEqual(await submittedCsrf(c), found.session.csrfSecret))
      throw new AppError('Forbidden', 'invalid CSRF token; reload the page and try again');
  }
  c.set('session', found);
  c.header('Cache-Control', 'no-store');
  await next();
});

/** The language and zone of a visitor who has not signed in: the browser's language, UTC. */
export function visitorUi(c: Context): Ui {
  return uiFor(negotiateUiLocale(null, c.req.header('accept-language'), INBOX_LOCALES), 'UTC');
}

/** The language of a page about a request that may or may not be signed in (an error page): the agent's, else the browser's. */
export function requestUi(c: Context): Ui {
  const session = (c as Context<InboxEnv>).get('session') as AgentSession | undefined;
  if (!session) return visitorUi(c);
  const locale = negotiateUiLocale(session.agent.locale, c.req.header('accept-language'), INBOX_LOCALES);
  return uiFor(locale, session.agent.timeZone ?? 'UTC');
}

/** What every signed-in page needs: the agent, the CSRF token, and the agent's language and time zone. */
export function pageContext(c: Context<InboxEnv>): PageContext {
  const agent = c.var.session.agent;
  const locale = negotiateUiLocale(agent.locale, c.req.header('accept-language'), INBOX_LOCALES);
  return { agent, csrf: c.var.session.session.csrfSecret, ...uiFor(locale, agent.timeZone ?? 'UTC') };
}

/** Pages only admins may use; `what` completes "only admins can …" in the refusal. */
export function requireAdmin(what: string) {
  return createMiddleware<InboxEnv>(async (c, next) => {
    if (c.var.session.agent.role !== 'admin') throw new AppError('Forbidden', `only admins can ${what}`);
    await next();
  });
}
