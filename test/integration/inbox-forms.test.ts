// Inbox and sign-in forms are validated by valibot schemas: a bad field answers 400 naming it, and nothing changes.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/domain/encoding.ts';
import { createApp } from '../../src/http/app.ts';
import type { ErrorBody } from '../../src/http/errors.ts';
import { signIn } from '../../src/services/agentAuth.ts';
import { createAgentWithPassword, listAgents } from '../../src/services/agents.ts';
import { findAgentByEmail } from '../../src/store/agents.ts';
import { findLiveSession } from '../../src/store/sessions.ts';
import { apiClient, type ApiClient } from '../support/api-client.ts';
import { createTestContext, type TestContext } from '../support/test-deps.ts';

let t: TestContext;
let api: ApiClient;
let headers: Record<string, string>;

beforeEach(async () => {
  t = await createTestContext();
  api = await apiClient(t);
  const password = 'a long admin password';
  await createAgentWithPassword(t.deps, { email: 'admin@acme.example', name: 'Admin', role: 'admin', password });
  await createAgentWithPassword(t.deps, { email: 'bo@acme.example', name: 'Bo', role: 'agent', password: 'a long agent password' });
  const { token } = await signIn(t.deps, { email: 'admin@acme.example', password, client: 'test', userAgent: null });
  const session = await findLiveSession(t.deps.db, await sha256Hex(token), t.clock.now());
  headers = { cookie: `samtal_session=${token}`, 'x-csrf-token': session!.session.csrfSecret };
});
afterEach(() => t.cleanup());

async function post(path: string, body: URLSearchParams | FormData) {
  const res = await createApp(t.deps).request(`http://localhost${path}`, {
    method: 'POST',
    headers: body instanceof URLSearchParams ? { ...headers, 'content-type': 'application/x-www-form-urlencoded' } : headers,
    body,
  });
  const text = await res.text();
  return { status: res.status, body: (res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : null) as ErrorBody | null };
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields);

async function conversation(): Promise<string> {
  const sent = await api.json('POST', '/api/v1/messages', { to: 'ana@example.com', subject: 'Hello', text: 'Hello Ana' });
  return sent.body.conversation_id;
}

describe('inbox forms', () => {
  it('active=maybe answers 400 naming active, and the agent stays active', async () => {
    const bo = (await findAgentByEmail(t.deps.db, 'bo@acme.example'))!;
    const res = await post(`/inbox/agents/${bo.id}/active`, form({ active: 'maybe' }));
    expect(res.status).toBe(400);
    expect(res.body!.error.issues).toEqual([{ field: 'active', message: 'expected true or false' }]);
    expect((await findAgentByEmail(t.deps.db, 'bo@acme.example'))!.active).toBe(true);
  });

  it('an invitation with role=owner answers 400 naming role and invites nobody', async () => {
    const res = await post('/inbox/agents', form({ email: 'cy@acme.example', name: 'Cy', role: 'owner' }));
    expect(res.status).toBe(400);
    expect(res.body!.error.issues).toEqual([{ field: 'role', message: 'expected agent or admin' }]);
    expect((await listAgents(t.deps)).map((a) => a.email)).not.toContain('cy@acme.example');
  });

  it('a reply with status_after=archived answers 400 naming status_after and sends nothing', async () => {
    const id = await conversation();
    const res = await post(`/inbox/c/${id}/reply`, form({ text: 'Thanks!', status_after: 'archived' }));
    expect(res.status).toBe(400);
    expect(res.body!.error.issues).toEqual([{ field: 'status_after', message: 'expected pending, open or closed' }]);
    expect((await api.json('GET', `/api/v1/conversations/${id}`)).body.messages).toHaveLength(1);
  });

  it('a snooze for=abc answers 400 naming for; a blank until with a number of seconds snoozes', async () => {
    const id = await conversation();
    const bad = await post(`/inbox/c/${id}/snooze`, form({ for: 'abc' }));
    expect(bad.status).toBe(400);
    expect(bad.body!.error.issues).toEqual([{ field: 'for', message: 'expected a number of seconds' }]);
    expect((await api.json('GET', `/api/v1/conversations/${id}`)).body.status).not.toBe('snoozed');

    expect((await post(`/inbox/c/${id}/snooze`, form({ until: '', for: '3600' }))).status).toBe(303);
    expect((await api.json('GET', `/api/v1/conversations/${id}`)).body).toMatchObject({
      status: 'snoozed',
      snoozed_until: new Date(t.clock.now() + 3600_000).toISOString(),
    });
  });

  it('a file where text belongs answers 400 naming the field', async () => {
    const id = await conversation();
    const body = new FormData();
    body.set('text', new File(['a note'], 'note.txt', { type: 'text/plain' }));
    const res = await post(`/inbox/c/${id}/note`, body);
    expect(res.status).toBe(400);
    expect(res.body!.error.issues).toEqual([{ field: 'text', message: 'expected text, not a file' }]);
  });

  it('a status form without status answers 400 naming status', async () => {
    const id = await conversation();
    const res = await post(`/inbox/c/${id}/status`, form({}));
    expect(res.status).toBe(400);
    expect(res.body!.error.issues).toEqual([{ field: 'status', message: 'expected open, pending or closed' }]);
  });
});
