// Agents signing in and out. Sessions are random tokens in an HttpOnly cookie; only their
// SHA-256 is stored. Failed sign-ins are limited per address and per client address: each
// attempt is counted before the password is checked and given back when it succeeds.
import type { Deps } from '../deps.ts';
import { normalizeEmail } from '../domain/people/email-address.ts';
import { randomToken, sha256Hex } from '../domain/encoding.ts';
import { AppError } from '../domain/errors.ts';
import { hashPassword, verifyPassword } from '../domain/auth/password.ts';
import { findAgentByEmail, updateAgent, type AgentRow } from '../store/agents.ts';
import { clearFailures, releaseAttempt, reserveAttempt } from '../store/login-attempts.ts';
import { deleteSession, findLiveSession, insertSession, touchSession, type SessionRow } from '../store/sessions.ts';

export const SESSION_IDLE_MS = 14 * 24 * 60 * 60 * 1000;
const TOUCH_EVERY_MS = 5 * 60 * 1000;
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_EMAIL = 5;
export const MAX_FAILURES_PER_CLIENT = 20;

// Verified against when the address is unknown, so timing does not tell which addresses exist.
let dummyHash: Promise<string> | undefined;

export interface SignedIn {
  token: string;
  agent: AgentRow;
}

export async function signIn(
  deps: Deps,
  input: { email: string; password: string; client: string; userAgent: string | null },
): Promise<SignedIn> {
  const now = deps.clock.now();
  const email = normalizeEmail(input.email);
  const windowStart = now - LOGIN_WINDOW_MS;
  const emailKey = `email:${email}`;
  const clientKey = `client:${input.client}`;
  const clientAllowed = await reserveAttempt(deps.db, clientKey, MAX_FAILURES_PER_CLIENT, now, windowStart);
  const emailAllowed = clientAllowed && (await reserveAttempt(deps.db, emailKey, MAX_FAILURES_PER_EMAIL, now, windowStart));
  if (!emailAllowed) {
    if (clientAllowed) await releaseAttempt(deps.db, clientKey);
    throw new AppError('TooManyRequests', 'too many failed sign-ins; wait 15 minutes and try again');
  }
  const agent = await findAgentByEmail(deps.db, email);
  dummyHash ??= hashPassword('not-a-password');
  const stored = agent?.passwordHash ?? (await dummyHash);
  const ok = (await verifyPassword(input.password, stored)) && agent !== undefined && agent.active && agent.passwordHash !== null;
  if (!ok) {
    deps.log.warn('auth: failed sign-in', { email });
    throw new AppError('Unauthorized', 'wrong email or password');
  }
  await releaseAttempt(deps.db, clientKey);
  await clearFailures(deps.db, emailKey);
  const token = randomToken(32);
  await insertSession(deps.db, {
    idHash: await sha256Hex(token),
    agentId: agent.id,
    csrfSecret: randomToken(24),
    userAgent: input.userAgent?.slice(0, 300) ?? null,
    createdAt: now,
    lastUsedAt: now,
    expiresAt: now + SESSION_IDLE_MS,
  });
  await updateAgent(deps.db, agent.id, { lastSeenAt: now });
  deps.log.info('auth: signed in', { agentId: agent.id });
  return { token, agent };
}

export interface AgentSession {
  agent: AgentRow;
  session: SessionRow;
}

export async function authenticateSession(deps: Deps, token: string | undefined): Promise<AgentSession | null> {
  if (!token || token.length > 100) return null;
  const now = deps.clock.now();
  const idHash = await sha256Hex(token);
  const found = await findLiveSession(deps.db, idHash, now);
  if (!found) return null;
  if (now - found.session.lastUsedAt > TOUCH_EVERY_MS) await touchSession(deps.db, idHash, now, now + SESSION_IDLE_MS);
  return found;
}

export async function signOut(deps: Deps, token: string | undefined): Promise<void> {
  if (token) await deleteSession(deps.db, await sha256Hex(token));
}
