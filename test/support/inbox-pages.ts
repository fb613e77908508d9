// Signed-in requests to the inbox pages, in-process: an admin and an agent with live sessions, their
// cookies and CSRF tokens, and helpers that send a page request as a browser would.
import { sha256Hex } from '../../src/domain/encoding.ts';
import { createApp } from '../../src/http/app.ts';
import { signIn } from '../../src/services/agentAuth.ts';
import { createAgentWithPassword } from '../../src/services/agents.ts';
import { findLiveSession } from '../../src/store/sessions.ts';
import type { TestContext } from './test-deps.ts';

export interface PageSession {
  agentId: string;
  cookie: string;
  csrf: string;
}

export async function pageSession(t: TestContext, role: 'admin' | 'agent', email = `${role}@acme.example`): Promise<PageSession> {
  const password = `a long ${role} password 42`;
  const agent = await createAgentWithPassword(t.deps, { email, name: role === 'admin' ? 'Ada Admin' : 'Bo Agent', role, password });
  const { token } = await signIn(t.deps, { email, password, client: 'test', userAgent: null });
  const session = await findLiveSession(t.deps.db, await sha256Hex(token), t.clock.now());
  return { agentId: agent.id, cookie: `samtal_session=${token}`, csrf: session!.session.csrfSecret };
}

export interface PageAnswer {
  status: number;
  location: string | null;
  text: string;
  type: string;
}

/** A request as a browser page sends it; `csrf: false` leaves the token out. */
export async function pageRequest(
  t: TestContext,
  session: PageSession | null,
  method: string,
  path: string,
  options: { form?: Record<string, string>; body?: string; headers?: Record<string, string>; csrf?: boolean } = {},
): Promise<PageAnswer> {
  const headers: Record<string, string> = { accept: 'text/html', ...(session ? { cookie: session.cookie } : {}), ...options.headers };
  if (session && method !== 'GET' && options.csrf !== false) {
    if (options.form) options.form = { _csrf: session.csrf, ...options.form };
    else headers['x-csrf-token'] = session.csrf;
  }
  if (options.form) headers['content-type'] = 'application/x-www-form-urlencoded';
  const res = await createApp(t.deps).request(`http://localhost${path}`, {
    method,
    headers,
    ...(options.form ? { body: new URLSearchParams(options.form) } : options.body !== undefined ? { body: options.body } : {}),
  });
  return { status: res.status, location: res.headers.get('location'), text: await res.text(), type: res.headers.get('content-type') ?? '' };
}
