// Inputs that used to crash a handler (500) answer 400 naming the field.
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.ts';
import { signIn } from '../../src/services/agentAuth.ts';
import { createAgentWithPassword } from '../../src/services/agents.ts';
import { findLiveSession } from '../../src/store/sessions.ts';
import { sha256Hex } from '../../src/domain/encoding.ts';
import { useApiContext } from '../support/contexts.ts';

const { t, api } = useApiContext();

type ErrorBody = { error: { code: string; message: string; issues?: { field: string; message: string }[] } };

function expectFieldError(res: { status: number; body: ErrorBody }, field: string) {
  expect(res.status).toBe(400);
  expect(res.body.error.code).toBe('ValidationFailed');
  expect(res.body.error.issues?.map((i) => i.field)).toContain(field);
}

describe('template data that is not plain JSON values', () => {
  const data = { company_name: { toString: 'x' } };

  it.each([
    ['POST /api/v1/messages', '/api/v1/messages'],
    ['POST /api/v1/messages/preview', '/api/v1/messages/preview'],
  ])('%s with {"company_name":{"toString":"x"}} answers 400 naming data.company_name.toString', async (_name, path) => {
    const res = await api.json('POST', path, { to: 'ana@example.com', template: 'welcome', data });
    expectFieldError(res, 'data.company_name.toString');
    expect(res.body.error.message).toContain('built-in JavaScript property name');
  });

  it('names a reserved key in bulk recipient data, and refuses data nested too deep', async () => {
    const bulk = await api.json('POST', '/api/v1/messages/bulk', {
      template: 'welcome',
      recipients: [{ to: 'ana@example.com', data: { x: { valueOf: 1 } } }],
    });
    expectFieldError(bulk, 'recipients.0.data.x.valueOf');
    let deep: unknown = 'bottom';
    for (let i = 0; i < 10; i++) deep = { level: deep };
    const res = await api.json('POST', '/api/v1/messages/preview', { to: 'ana@example.com', template: 'welcome', data: deep });
    expect(res.status).toBe(400);
    expect(res.body.error.issues[0].message).toBe('expected at most 8 levels of nesting');
  });

  it('refuses the same in contact attributes, which templates see as contact.attributes', async () => {
    const res = await api.json('POST', '/api/v1/contacts', { email: 'ana@example.com', attributes: { company: { toString: 'x' } } });
    expectFieldError(res, 'attributes.company.toString');
  });

  it('still renders ordinary nested data', async () => {
    const res = await api.json('POST', '/api/v1/messages/preview', {
      to: 'ana@example.com',
      template: 'welcome',
      data: { company_name: 'Acme', extra: { list: [1, 'two', null, true] } },
    });
    expect(res.status).toBe(200);
    expect(res.body.text).toContain('Acme');
  });
});

describe('attribute names in contact filters', () => {
  it.each(['%00', 'a%22b', '', 'x'.repeat(65)])('GET /api/v1/contacts?attributes.%s=1 answers 400 naming the attribute', async (name) => {
    await api.json('POST', '/api/v1/contacts', { email: 'ana@example.com', attributes: { plan: 'pro' } });
    const res = await api.json('GET', `/api/v1/contacts?attributes.${name}=1`);
    expectFieldError(res, `attributes.${decodeURIComponent(name)}`);
    expect(res.body.error.message).toContain('expected an attribute name');
  });

  it('still filters by an ordinary attribute', async () => {
    await api.json('POST', '/api/v1/contacts', { email: 'ana@example.com', attributes: { plan: 'pro' } });
    const res = await api.json('GET', '/api/v1/contacts?attributes.plan=pro');
    expect(res.body.data).toHaveLength(1);
  });
});

describe('deeply nested JSON bodies', () => {
  it.each([
    ['an array 100,000 deep', '['.repeat(100_000) + ']'.repeat(100_000), ''],
    [
      'attributes 100,000 deep',
      '{"email":"a@example.com","attributes":{"a":' + '['.repeat(100_000) + ']'.repeat(100_000) + '}}',
      'attributes.a.0.0',
    ],
  ])('%s answers 400 naming where it gets too deep', async (_name, body, fieldStart) => {
    const res = await api.request('POST', '/api/v1/contacts', body, { 'content-type': 'application/json' });
    const json = (await res.json()) as ErrorBody;
    expect(res.status).toBe(400);
    expect(json.error.issues![0]!.message).toBe('expected at most 32 levels of nesting');
    expect(json.error.issues![0]!.field.startsWith(fieldStart)).toBe(true);
  });

  it('allows ordinary nesting', async () => {
    const res = await api.json('POST', '/api/v1/contacts', { email: 'ana@example.com', attributes: { a: { b: { c: [1, [2]] } } } });
    expect(res.status).toBe(201);
  });
});

describe('inbox reply form', () => {
  it('seen_up_to=abc answers 400 naming seen_up_to and sends nothing', async () => {
    const sent = await api.json('POST', '/api/v1/messages', { to: 'ana@example.com', subject: 'Hello', text: 'Hello Ana' });
    await createAgentWithPassword(t.deps, { email: 'agent@acme.example', name: 'Agent', role: 'agent', password: 'a long agent password' });
    const { token } = await signIn(t.deps, {
      email: 'agent@acme.example',
      password: 'a long agent password',
      client: 'test',
      userAgent: null,
    });
    const session = await findLiveSession(t.deps.db, await sha256Hex(token), t.clock.now());
    const res = await createApp(t.deps).request(`http://localhost/inbox/c/${sent.body.conversation_id}/reply`, {
      method: 'POST',
      headers: {
        cookie: `samtal_session=${token}`,
        'x-csrf-token': session!.session.csrfSecret,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ text: 'Thanks!', seen_up_to: 'abc' }).toString(),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.issues).toEqual([{ field: 'seen_up_to', message: 'expected a message time in milliseconds (a whole number)' }]);
    const thread = await api.json('GET', `/api/v1/conversations/${sent.body.conversation_id}`);
    expect(thread.body.messages).toHaveLength(1);
  });
});
