// Sign-in, sign-out and accepting an invitation.
import { Hono } from 'hono';
import * as v from 'valibot';
import { isAppError } from '../../domain/errors.ts';
import { signIn, signOut } from '../../services/agentAuth.ts';
import { MIN_PASSWORD_LENGTH, acceptInvite, agentForInvite } from '../../services/agents.ts';
import type { AppEnv } from '../app.ts';
import { InvitePage, LoginPage } from '../inbox/pages.tsx';
import { clearSessionCookie, preAuthCsrf, sessionToken, setSessionCookie, verifyPreAuthCsrf, visitorUi } from '../inbox/session.ts';
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
    return c.html(<LoginPage ui={visitorUi(c)} csrf={preAuthCsrf(c)} next={safeNext(c.req.query('next'))} />);
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
        const ui = visitorUi(c);
        const problem = ui.t(error.name === 'Unauthorized' ? 'login.wrongPassword' : 'login.tooManyAttempts');
        return c.html(
          <LoginPage ui={ui} csrf={preAuthCsrf(c)} error={problem} email={email} next={next} />,
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
    return c.html(<InvitePage ui={visitorUi(c)} csrf={preAuthCsrf(c)} agent={agent} minLength={MIN_PASSWORD_LENGTH} />);
  })
  .post('/invite/:token', async (c) => {
    await verifyPreAuthCsrf(c);
    const { password } = await parseForm(c, PasswordForm, 'password');
    try {
      await acceptInvite(c.var.deps, c.req.param('token'), password);
    } catch (error) {
      if (isAppError(error) && error.name === 'ValidationFailed') {
        const agent = await agentForInvite(c.var.deps, c.req.param('token'));
        const ui = visitorUi(c);
        const problem = ui.t('login.passwordTooShort', { min: MIN_PASSWORD_LENGTH });
        return c.html(<InvitePage ui={ui} csrf={preAuthCsrf(c)} agent={agent} minLength={MIN_PASSWORD_LENGTH} error={problem} />, 422);
      }
      throw error;
    }
    return c.redirect('/login', 303);
  });
