// Sign-in, sign-out and accepting an invitation.
import { Hono } from 'hono';
import * as v from 'valibot';
import { isAppError } from '../../domain/errors.ts';
import { signIn, signOut } from '../../services/agentAuth.ts';
import { acceptInvite, agentForInvite } from '../../services/agents.ts';
import type { AppEnv } from '../app.ts';
import { InvitePage, LoginPage } from '../inbox/pages.tsx';
import { clearSessionCookie, preAuthCsrf, sessionToken, setSessionCookie, verifyPreAuthCsrf } from '../inbox/session.ts';
import { formText, parseForm } from '../validation.ts';

/** Only our own inbox pages are valid targets after sign-in (no open redirect). */
export function safeNext(next: string | undefined): string {
  return next && /^\/inbox(\/|\?|$)/.test(next) && !next.startsWith('//') ? next : '/inbox';
}

const SignInForm = v.object({ email: formText(), password: formText(), next: v.optional(v.string('expected text, not a file')) });
const PasswordForm = v.object({ password: formText() });

export const authRoutes = new Hono<AppEnv>()
  .get('/login', (c) => {
    c.header('Cache-Control', 'no-store');
    return c.html(<LoginPage csrf={preAuthCsrf(c)} next={safeNext(c.req.query('next'))} />);
  })
  .post('/login', async (c) => {
    await verifyPreAuthCsrf(c);
    const { email, password, next: wanted } = await parseForm(c, SignInForm, 'sign-in');
    const next = safeNext(wanted);
    try {
      const { token } = await signIn(c.var.deps, {
        email,
        password,
        client: c.var.clientAddress(c) ?? 'unknown',
        userAgent: c.req.header('user-agent') ?? null,
      });
      setSessionCookie(c, token);
      return c.redirect(next, 303);
    } catch (error) {
      if (isAppError(error) && (error.name === 'Unauthorized' || error.name === 'TooManyRequests')) {
        return c.html(
          <LoginPage csrf={preAuthCsrf(c)} error={error.message} email={email} next={next} />,
          error.name === 'Unauthorized' ? 401 : 429,
        );
      }
      throw error;
    }
  })
  .post('/logout', async (c) => {
    // Signing out needs no CSRF token beyond SameSite: the worst a forged request does is sign you out.
    await signOut(c.var.deps, sessionToken(c));
    clearSessionCookie(c);
    return c.redirect('/login', 303);
  })
  .get('/invite/:token', async (c) => {
    const agent = await agentForInvite(c.var.deps, c.req.param('token'));
    return c.html(<InvitePage csrf={preAuthCsrf(c)} agent={agent} />);
  })
  .post('/invite/:token', async (c) => {
    await verifyPreAuthCsrf(c);
    const { password } = await parseForm(c, PasswordForm, 'password');
    try {
      await acceptInvite(c.var.deps, c.req.param('token'), password);
    } catch (error) {
      if (isAppError(error) && error.name === 'ValidationFailed') {
        const agent = await agentForInvite(c.var.deps, c.req.param('token'));
        return c.html(<InvitePage csrf={preAuthCsrf(c)} agent={agent} error={error.message + ': at least 12 characters'} />, 422);
      }
      throw error;
    }
    return c.redirect('/login', 303);
  });
