import { describe, expect, it } from 'vitest';
import { conversations, messages, suppressions } from '../../db/schema.ts';
import { createApp } from '../../src/http/app.ts';
import { erasedAddressKey } from '../../src/domain/people/suppression.ts';
import { useApiContext } from '../support/contexts.ts';

const { t, api } = useApiContext();

describe('API authentication', () => {
  it.each([
    ['no header', {}],
    ['a wrong key', { authorization: 'Bearer sk_wrong' }],
    ['a malformed header', { authorization: 'Token abc' }],
  ])('refuses %s with 401 and a JSON error', async (_name, headers) => {
    for (const path of ['/api/v1/contacts', '/api/v1/contacts/con_x', '/api/v1/anything', '/api/other']) {
      const res = await createApp(t.deps).request(path, { headers });
      expect(res.status, path).toBe(401);
      expect(await res.json()).toMatchObject({ error: { code: 'Unauthorized' } });
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
    }
  });

  it('refuses a revoked key', async () => {
    await t.client.execute('update api_keys set revoked_at = 1');
    expect((await api.request('GET', '/api/v1/contacts')).status).toBe(401);
  });
});

describe('contacts API', () => {
  it('creates a contact with normalized email and canonical locale', async () => {
    const res = await api.json('POST', '/api/v1/contacts', {
      email: '  Astrid.Lindqvist@Example.SE ',
      name: 'Astrid Lindqvist',
      locale: 'sv-se',
      timezone: 'Europe/Stockholm',
      attributes: { plan: 'pro', city: 'Uppsala' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      id: expect.stringMatching(/^con_/),
      email: 'astrid.lindqvist@example.se',
      locale: 'sv-SE',
      timezone: 'Europe/Stockholm',
      attributes: { plan: 'pro', city: 'Uppsala' },
      consent: { marketing: 'unknown' },
    });
  });

  it('upserts by email, merging attributes', async () => {
    const first = await api.json('POST', '/api/v1/contacts', { email: 'ana@example.com', attributes: { plan: 'starter', seats: 2 } });
    const second = await api.json('POST', '/api/v1/contacts', { email: 'ANA@example.com', name: 'Ana', attributes: { plan: 'pro' } });
    expect(second.status).toBe(200);
    expect(second.body.id).toBe(first.body.id);
    expect(second.body).toMatchObject({ name: 'Ana', attributes: { plan: 'pro', seats: 2 } });
  });

  it('answers 400 naming each bad field and what was expected', async () => {
    const res = await api.json('POST', '/api/v1/contacts', {
      email: 'not-an-address',
      locale: 'xx-!!',
      timezone: 'Mars/Olympus',
      attributes: [1],
      consent: { marketing: 'maybe' },
      color: 'red',
    });
    expect(res.status).toBe(400);
    const fields = Object.fromEntries(res.body.error.issues.map((i: { field: string; message: string }) => [i.field, i.message]));
    expect(fields).toMatchObject({
      email: expect.stringContaining('expected an email address'),
      locale: expect.stringContaining('BCP 47'),
      timezone: expect.stringContaining('IANA time zone'),
      attributes: expect.stringContaining('JSON object'),
      'consent.marketing': 'expected subscribed, unsubscribed or unknown',
      color: expect.stringContaining('unknown field'),
    });
  });

  it('answers 400 for a body that is not JSON', async () => {
    const res = await api.request('POST', '/api/v1/contacts', '{nope', { 'content-type': 'application/json' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { message: 'the body is not valid JSON' } });
  });

  it('gets, updates with merged attributes (null removes), and records consent', async () => {
    const { body: created } = await api.json('POST', '/api/v1/contacts', {
      email: 'noa@example.co.il',
      attributes: { plan: 'pro', birthday: '1990-05-14' },
    });
    t.clock.advance(1000);
    const updated = await api.json('PATCH', `/api/v1/contacts/${created.id}`, {
      name: 'נועה לוי',
      attributes: { plan: null, vip: true },
      consent: { marketing: 'subscribed', source: 'checkout checkbox' },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      name: 'נועה לוי',
      attributes: { birthday: '1990-05-14', vip: true },
      consent: { marketing: 'subscribed', source: 'checkout checkbox', updated_at: new Date(t.clock.now()).toISOString() },
    });
    expect(updated.body.attributes).not.toHaveProperty('plan');
    expect((await api.json('GET', `/api/v1/contacts/${created.id}`)).body).toEqual(updated.body);
    expect((await api.json('GET', '/api/v1/contacts/con_01NOPE00000000000000000000')).status).toBe(404);
  });

  it('refuses to move a contact onto another contact’s address', async () => {
    await api.json('POST', '/api/v1/contacts', { email: 'a@example.com' });
    const { body: b } = await api.json('POST', '/api/v1/contacts', { email: 'b@example.com' });
    const res = await api.json('PATCH', `/api/v1/contacts/${b.id}`, { email: 'A@example.com' });
    expect(res.status).toBe(409);
  });

  it('lists with keyset pagination and filters by attribute and consent', async () => {
    for (let i = 0; i < 7; i++) {
      t.clock.advance(10);
      await api.json('POST', '/api/v1/contacts', {
        email: `person${i}@example.com`,
        attributes: { plan: i % 2 ? 'pro' : 'starter', seats: i },
        ...(i === 3 ? { consent: { marketing: 'subscribed' } } : {}),
      });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: { body: { data: { email: string }[]; next_cursor: string | null } } = await api.json(
        'GET',
        `/api/v1/contacts?limit=3${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...res.body.data.map((c) => c.email));
      cursor = res.body.next_cursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(Array.from({ length: 7 }, (_, i) => `person${i}@example.com`));

    const pro = await api.json('GET', '/api/v1/contacts?attributes.plan=pro');
    expect(pro.body.data.map((c: { email: string }) => c.email)).toEqual([
      'person1@example.com',
      'person3@example.com',
      'person5@example.com',
    ]);
    const seats = await api.json('GET', '/api/v1/contacts?attributes.seats=4');
    expect(seats.body.data.map((c: { email: string }) => c.email)).toEqual(['person4@example.com']);
    const subscribed = await api.json('GET', '/api/v1/contacts?consent=subscribed');
    expect(subscribed.body.data.map((c: { email: string }) => c.email)).toEqual(['person3@example.com']);
    expect((await api.json('GET', '/api/v1/contacts?limit=0')).status).toBe(400);
    expect((await api.json('GET', '/api/v1/contacts?cursor=garbage')).body.error.issues[0].field).toBe('cursor');
  });

  it('erases a person with their conversations and keeps only a hashed suppression', async () => {
    const { body: c } = await api.json('POST', '/api/v1/contacts', { email: 'wang.fang@example.cn', name: '王芳' });
    const now = t.clock.now();
    await t.deps.db
      .insert(conversations)
      .values({ id: 'cnv_01ERASE0000000000000000000', contactId: c.id, lastMessageAt: now, createdAt: now, updatedAt: now });
    await t.deps.db.insert(messages).values({
      id: 'msg_01ERASE0000000000000000000',
      conversationId: 'cnv_01ERASE0000000000000000000',
      direction: 'in',
      author: 'contact',
      status: 'received',
      text: '你好',
      createdAt: now,
    });
    const res = await api.request('DELETE', `/api/v1/contacts/${c.id}`);
    expect(res.status).toBe(204);
    expect((await api.json('GET', `/api/v1/contacts/${c.id}`)).status).toBe(404);
    expect(await t.deps.db.$count(messages)).toBe(0);
    const kept = await t.deps.db.select().from(suppressions);
    expect(kept).toEqual([expect.objectContaining({ email: await erasedAddressKey('wang.fang@example.cn'), reason: 'erased' })]);
    expect(JSON.stringify(kept)).not.toContain('wang.fang');
  });
});
