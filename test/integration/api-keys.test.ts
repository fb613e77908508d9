// API keys: admins list, create and revoke them; revoked and expired keys are refused at once.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.ts';
import { bootstrap } from '../../src/services/bootstrap.ts';
import { createApiKey } from '../../src/services/createApiKey.ts';
import { createTestContext, type TestContext } from '../support/test-deps.ts';

const ENV_KEY = 'env-admin-key-0123456789abcdef';
let t: TestContext;
let adminKey: string;
beforeEach(async () => {
  t = await createTestContext({ SAMTAL_API_KEY: ENV_KEY });
  adminKey = (await createApiKey(t.deps, 'ops', { role: 'admin' })).key;
});
afterEach(() => t.cleanup());

async function call(key: string, method: string, path: string, body?: unknown) {
  const res = await createApp(t.deps).request(path, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, text };
}

describe('/api/v1/api-keys', () => {
  it('creates a key (shown once), lists keys without any secret, and revokes: the key is refused at once', async () => {
    const created = await call(adminKey, 'POST', '/api/v1/api-keys', { name: 'crm-sync' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: expect.stringMatching(/^key_/),
      name: 'crm-sync',
      role: 'standard',
      status: 'active',
      expires_at: null,
      revoked_at: null,
    });
    const key: string = created.body.key;
    expect(key.startsWith(created.body.prefix)).toBe(true);

    expect((await call(key, 'GET', '/api/v1/contacts')).status).toBe(200);
    const list = await call(adminKey, 'GET', '/api/v1/api-keys');
    expect(list.status).toBe(200);
    const listed = list.body.data.find((k: { id: string }) => k.id === created.body.id);
    expect(listed).toEqual({
      id: created.body.id,
      name: 'crm-sync',
      prefix: created.body.prefix,
      role: 'standard',
      status: 'active',
      created_at: '2026-11-23T09:00:00.000Z',
      last_used_at: '2026-11-23T09:00:00.000Z',
      expires_at: null,
      revoked_at: null,
    });
    expect(list.text).not.toContain(key);
    expect(list.text).not.toMatch(/[0-9a-f]{64}/);

    t.clock.advance(1000);
    const revoked = await call(adminKey, 'DELETE', `/api/v1/api-keys/${created.body.id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ status: 'revoked', revoked_at: '2026-11-23T09:00:01.000Z' });
    const refused = await call(key, 'GET', '/api/v1/contacts');
    expect(refused.status).toBe(401);
    expect(refused.body.error.message).toBe('this API key has been revoked');
    // Revoking again changes nothing.
    expect((await call(adminKey, 'DELETE', `/api/v1/api-keys/${created.body.id}`)).body.revoked_at).toBe('2026-11-23T09:00:01.000Z');
  });

  it('expires a key at expires_at: it works until then and answers 401 after', async () => {
    const created = await call(adminKey, 'POST', '/api/v1/api-keys', { name: 'short-lived', expires_at: '2026-11-23T10:00:00Z' });
    expect(created.body).toMatchObject({ expires_at: '2026-11-23T10:00:00.000Z', status: 'active' });
    expect((await call(created.body.key, 'GET', '/api/v1/contacts')).status).toBe(200);
    t.clock.set(Date.parse('2026-11-23T10:00:00Z'));
    const refused = await call(created.body.key, 'GET', '/api/v1/contacts');
    expect(refused.status).toBe(401);
    expect(refused.body.error.message).toBe('this API key has expired');
    const listed = (await call(adminKey, 'GET', '/api/v1/api-keys')).body.data.find((k: { name: string }) => k.name === 'short-lived');
    expect(listed.status).toBe('expired');
  });

  it('takes a date as valid through that day (UTC), and admin as a role', async () => {
    const created = await call(adminKey, 'POST', '/api/v1/api-keys', { name: 'deploy', role: 'admin', expires_at: '2026-12-31' });
    expect(created.body).toMatchObject({ role: 'admin', expires_at: '2027-01-01T00:00:00.000Z' });
    expect((await call(created.body.key, 'GET', '/api/v1/api-keys')).status).toBe(200);
  });

  it('answers 400 naming the field for a bad name, role or expiry, 409 for a name in use, 404 for an unknown id', async () => {
    const fieldsOf = async (body: unknown) =>
      (await call(adminKey, 'POST', '/api/v1/api-keys', body)).body.error.issues.map((i: { field: string }) => i.field);
    expect(await fieldsOf({ name: '' })).toEqual(['name']);
    expect(await fieldsOf({ name: 'x', role: 'root' })).toEqual(['role']);
    expect(await fieldsOf({ name: 'x', expires_at: 'next week' })).toEqual(['expires_at']);
    expect(await fieldsOf({ name: 'x', expires_at: '2026-11-23T08:00:00Z' })).toEqual(['expires_at']);
    expect(await fieldsOf({ name: 'x', secret: 'mine' })).toEqual(['secret']);
    expect((await call(adminKey, 'POST', '/api/v1/api-keys', { name: 'ops' })).status).toBe(409);
    expect((await call(adminKey, 'DELETE', '/api/v1/api-keys/key_nope')).status).toBe(404);
  });

  it('is for admin keys only: a standard key gets 403 and cannot revoke anything', async () => {
    const standard = (await createApiKey(t.deps, 'integration')).key;
    const admin = (await call(adminKey, 'GET', '/api/v1/api-keys')).body.data[0];
    expect((await call(standard, 'GET', '/api/v1/api-keys')).status).toBe(403);
    expect((await call(standard, 'POST', '/api/v1/api-keys', { name: 'mine' })).status).toBe(403);
    expect((await call(standard, 'DELETE', `/api/v1/api-keys/${admin.id}`)).status).toBe(403);
    expect((await call(adminKey, 'GET', '/api/v1/contacts')).status).toBe(200);
  });

  it('treats SAMTAL_API_KEY as an admin key; once bootstrap stored it, revoking it locks it out, also after a restart', async () => {
    expect((await call(ENV_KEY, 'GET', '/api/v1/api-keys')).status).toBe(200);
    await bootstrap(t.deps, { generateAdmin: false });
    const stored = (await call(ENV_KEY, 'GET', '/api/v1/api-keys')).body.data.find((k: { name: string }) => k.name.startsWith('bootstrap'));
    expect(stored).toMatchObject({ role: 'admin', status: 'active' });
    expect((await call(adminKey, 'DELETE', `/api/v1/api-keys/${stored.id}`)).status).toBe(200);
    expect((await call(ENV_KEY, 'GET', '/api/v1/contacts')).status).toBe(401);
    await bootstrap(t.deps, { generateAdmin: false });
    expect((await call(ENV_KEY, 'GET', '/api/v1/contacts')).status).toBe(401);
  });
});
