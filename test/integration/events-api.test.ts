import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.ts';
import { insertContactIfAbsent } from '../../src/store/contacts.ts';
import { writeContactsAndEvents } from '../../src/store/events.ts';
import { useApiContext } from '../support/contexts.ts';

const { t, api } = useApiContext();

const countRows = async (table: string) => Number((await t.client.execute(`select count(*) as n from ${table}`)).rows[0]!.n);

describe('POST /api/v1/events', () => {
  it('records the event for a new contact and answers 202 with its id and what it scheduled', async () => {
    const res = await api.json('POST', '/api/v1/events', {
      name: 'order_placed',
      contact: { email: ' Ana@Example.com ', name: 'Ana', locale: 'sv-se', attributes: { plan: 'pro' } },
      properties: { order_id: 'A-1', total: 49.5 },
      occurred_at: '2026-03-01T13:00:00+01:00',
    });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^evt_/),
      contact_id: expect.stringMatching(/^con_/),
      duplicate: false,
      scheduled: [
        expect.objectContaining({ trigger: 'order_confirmation', status: 'scheduled' }),
        expect.objectContaining({ trigger: 'replenishment_reminder', status: 'scheduled' }),
      ],
    });
    const contact = await api.json('GET', `/api/v1/contacts/${res.body.contact_id}`);
    expect(contact.body).toMatchObject({ email: 'ana@example.com', name: 'Ana', locale: 'sv-SE', attributes: { plan: 'pro' } });
    const row = (await t.client.execute('select * from events')).rows[0]!;
    expect(row).toMatchObject({ id: res.body.id, contact_id: res.body.contact_id, name: 'order_placed', processed_at: t.clock.now() });
    expect(JSON.parse(String(row.data))).toEqual({ order_id: 'A-1', total: 49.5 });
    expect(row.occurred_at).toBe(Date.parse('2026-03-01T12:00:00Z'));
  });

  it('upserts an existing contact by email, merging attributes as PATCH does', async () => {
    const first = await api.json('POST', '/api/v1/contacts', {
      email: 'ana@example.com',
      name: 'Ana',
      attributes: { plan: 'starter', seats: 2 },
    });
    const res = await api.json('POST', '/api/v1/events', {
      name: 'plan.changed',
      contact: { email: 'ANA@example.com', timezone: 'Europe/Stockholm', attributes: { plan: 'pro', seats: null } },
    });
    expect(res.body.contact_id).toBe(first.body.id);
    const contact = await api.json('GET', `/api/v1/contacts/${first.body.id}`);
    expect(contact.body).toMatchObject({ name: 'Ana', timezone: 'Europe/Stockholm', attributes: { plan: 'pro' } });
    expect(contact.body.attributes).not.toHaveProperty('seats');
    expect(await countRows('contacts')).toBe(1);
  });

  it('names a contact by id; an unknown id is 404 naming the field, and nothing is stored', async () => {
    const contact = await api.json('POST', '/api/v1/contacts', { email: 'bo@example.com' });
    const ok = await api.json('POST', '/api/v1/events', { name: 'login', contact: { id: contact.body.id, attributes: { seen: true } } });
    expect(ok.status).toBe(202);
    expect(ok.body.contact_id).toBe(contact.body.id);
    expect((await api.json('GET', `/api/v1/contacts/${contact.body.id}`)).body.attributes).toEqual({ seen: true });

    const missing = await api.json('POST', '/api/v1/events', { name: 'login', contact: { id: 'con_nope' } });
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({
      code: 'NotFound',
      issues: [{ field: 'contact.id', message: 'no contact with id con_nope' }],
    });
    expect(await countRows('events')).toBe(1);
  });

  it('treats the same idempotency key twice as one event and does not upsert the contact again', async () => {
    const body = { name: 'order_placed', contact: { email: 'ana@example.com', name: 'Ana' }, idempotency_key: 'order-1' };
    const first = await api.json('POST', '/api/v1/events', body);
    const again = await api.json('POST', '/api/v1/events', { ...body, contact: { email: 'ana@example.com', name: 'Changed' } });
    expect(again.status).toBe(202);
    // A duplicate changed nothing, so it scheduled nothing either.
    expect(again.body).toEqual({ ...first.body, duplicate: true, scheduled: [] });
    expect(await countRows('events')).toBe(1);
    expect((await api.json('GET', `/api/v1/contacts/${first.body.contact_id}`)).body.name).toBe('Ana');
  });

  it('defaults occurred_at to the clock and refuses one more than 24 hours ahead', async () => {
    t.clock.set(Date.parse('2026-05-05T10:00:00Z'));
    await api.json('POST', '/api/v1/events', { name: 'signup', contact: { email: 'ana@example.com' } });
    expect((await t.client.execute('select occurred_at from events')).rows[0]!.occurred_at).toBe(Date.parse('2026-05-05T10:00:00Z'));
    const ahead = await api.json('POST', '/api/v1/events', {
      name: 'signup',
      contact: { email: 'ana@example.com' },
      occurred_at: '2026-05-06T10:00:01Z',
    });
    expect(ahead.status).toBe(400);
    expect(ahead.body.error.issues).toEqual([{ field: 'occurred_at', message: 'expected a time at most 24 hours in the future' }]);
  });

  it('answers 400 naming each bad field', async () => {
    const res = await api.json('POST', '/api/v1/events', {
      name: 'Order Placed',
      contact: { email: 'ana@example.com', id: 'con_x' },
      occurred_at: '2026-03-01 12:00',
    });
    expect(res.status).toBe(400);
    const fields = res.body.error.issues.map((i: { field: string }) => i.field);
    expect(fields).toEqual(expect.arrayContaining(['name', 'contact', 'occurred_at']));
    expect(await countRows('events')).toBe(0);
  });

  it('refuses a request without an API key with 401', async () => {
    for (const path of ['/api/v1/events', '/api/v1/events/batch']) {
      const res = await createApp(t.deps).request(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(res.status, path).toBe(401);
    }
  });
});

describe('POST /api/v1/events/batch', () => {
  const event = (i: number) => ({
    name: 'page_viewed',
    contact: { email: `user${i % 50}@example.com`, attributes: { last: i } },
    properties: { n: i },
    idempotency_key: `view-${i}`,
  });

  it('records 1000 events in order, one contact per address with attributes merged in order', async () => {
    const events = Array.from({ length: 1000 }, (_, i) => event(i));
    const res = await api.json('POST', '/api/v1/events/batch', { events });
    expect(res.status).toBe(202);
    expect(res.body.data).toHaveLength(1000);
    expect(await countRows('events')).toBe(1000);
    expect(await countRows('contacts')).toBe(50);
    const rows = (await t.client.execute('select id, data from events')).rows;
    const nById = new Map(rows.map((r) => [r.id, JSON.parse(String(r.data)).n]));
    expect(res.body.data.map((d: { id: string }) => nById.get(d.id))).toEqual(events.map((_, i) => i));
    const last = await api.json('GET', '/api/v1/contacts?email=user7@example.com');
    expect(last.body.data[0].attributes).toEqual({ last: 957 });
  });

  it('refuses a batch of 1000 with one bad event with 400 naming it, storing nothing', async () => {
    const events: unknown[] = Array.from({ length: 1000 }, (_, i) => event(i));
    events[3] = { ...event(3), contact: { email: 'not an address' } };
    const res = await api.json('POST', '/api/v1/events/batch', { events });
    expect(res.status).toBe(400);
    expect(res.body.error.issues).toEqual([{ field: 'events[3].contact.email', message: expect.stringContaining('email address') }]);
    expect(await countRows('events')).toBe(0);
    expect(await countRows('contacts')).toBe(0);
  });

  it('refuses an unknown contact id anywhere in the batch with 404 naming it, storing nothing', async () => {
    const res = await api.json('POST', '/api/v1/events/batch', { events: [event(0), { name: 'x', contact: { id: 'con_gone' } }] });
    expect(res.status).toBe(404);
    expect(res.body.error.issues).toEqual([{ field: 'events[1].contact.id', message: 'no contact with id con_gone' }]);
    expect(await countRows('events')).toBe(0);
  });

  it('refuses more than 1000 events and an empty batch', async () => {
    for (const events of [[], Array.from({ length: 1001 }, (_, i) => event(i))]) {
      const res = await api.json('POST', '/api/v1/events/batch', { events });
      expect(res.status).toBe(400);
      expect(res.body.error.issues[0].field).toBe('events');
    }
  });

  it('answers repeated keys, within the batch and from before, as duplicates of the first event', async () => {
    const before = await api.json('POST', '/api/v1/events', event(1));
    const res = await api.json('POST', '/api/v1/events/batch', { events: [event(1), event(2), event(2)] });
    expect(res.body.data[0]).toEqual({ ...before.body, duplicate: true });
    expect(res.body.data[1].duplicate).toBe(false);
    expect(res.body.data[2]).toEqual({ ...res.body.data[1], duplicate: true });
    expect(await countRows('events')).toBe(2);
  });
});

describe('writing events and contacts together', () => {
  it('ties an event to the contact its address has when the write runs, also one another writer just created', async () => {
    const { contact } = await insertContactIfAbsent(t.deps.db, {
      id: 'con_other_writer',
      email: 'ana@example.com',
      attributes: {},
      createdAt: 1,
      updatedAt: 1,
    });
    // What a request that read before that contact existed would write: a new row with its own id.
    const stale = { id: 'con_stale_read', email: 'ana@example.com', name: 'Ana', attributes: { plan: 'pro' }, createdAt: 2, updatedAt: 2 };
    const event = { id: 'evt_1', contact: { email: 'ana@example.com' }, name: 'signup', data: {}, idempotencyKey: null, occurredAt: 2 };
    const inserted = await writeContactsAndEvents(t.deps.db, [stale], [event]);
    expect(inserted).toEqual(new Map([['evt_1', contact.id]]));
    expect((await t.client.execute('select id, name from contacts')).rows.map((r) => ({ ...r }))).toEqual([
      { id: 'con_other_writer', name: 'Ana' },
    ]);
  });
});

describe('topic subscriptions carried by an event’s contact', () => {
  const topic = (key: string, defaultSubscribed = false) =>
    api.json('POST', '/api/v1/topics', { key, name: key, default_subscribed: defaultSubscribed });
  const logOf = async (contactId: string) =>
    (await api.json('GET', `/api/v1/contacts/${contactId}/consent-log`)).body.data.map((e: Record<string, unknown>) => [
      e.topic,
      e.value,
      e.previous,
      e.source,
    ]);

  it('are set with the event, each change logged with source "event"; a repeat and a choice that holds change nothing', async () => {
    await topic('news');
    await topic('offers', true);
    const first = await api.json('POST', '/api/v1/events', {
      name: 'signed_up',
      contact: { email: 'ana@example.com', topics: { news: true, offers: false } },
      idempotency_key: 'signup-1',
    });
    expect(first.status).toBe(202);
    const id = first.body.contact_id;
    const prefs = await api.json('GET', `/api/v1/contacts/${id}/preferences`);
    expect(prefs.body.topics.map((x: Record<string, unknown>) => [x.key, x.subscribed, x.choice])).toEqual([
      ['news', true, 'subscribed'],
      ['offers', false, 'unsubscribed'],
    ]);
    expect(await logOf(id)).toEqual([
      ['news', 'subscribed', null, 'event'],
      ['offers', 'unsubscribed', null, 'event'],
    ]);

    // The same key again is the same event; a new one that asks for what holds, and then a change, in one batch.
    const batch = await api.json('POST', '/api/v1/events/batch', {
      events: [
        { name: 'signed_up', contact: { email: 'ana@example.com', topics: { news: false } }, idempotency_key: 'signup-1' },
        { name: 'profile_saved', contact: { id, topics: { news: 'subscribed' } } },
        { name: 'profile_saved', contact: { id, topics: { news: false } } },
      ],
    });
    expect(batch.status).toBe(202);
    expect(batch.body.data[0].duplicate).toBe(true);
    expect(await logOf(id)).toEqual([
      ['news', 'subscribed', null, 'event'],
      ['offers', 'unsubscribed', null, 'event'],
      ['news', 'unsubscribed', 'subscribed', 'event'],
    ]);
  });

  it('with a key that is no topic, or a value that is no choice, are a 400 naming the field, and nothing is stored', async () => {
    await topic('news');
    const unknown = await api.json('POST', '/api/v1/events/batch', {
      events: [
        { name: 'signed_up', contact: { email: 'ana@example.com', topics: { news: true } } },
        { name: 'signed_up', contact: { email: 'bo@example.com', topics: { nws: true } } },
      ],
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.issues).toEqual([{ field: 'events[1].contact.topics.nws', message: 'expected a topic key: news' }]);
    const badValue = await api.json('POST', '/api/v1/events', {
      name: 'signed_up',
      contact: { email: 'ana@example.com', topics: { news: 'yes' } },
    });
    expect(badValue.status).toBe(400);
    expect(badValue.body.error.issues[0].field).toBe('contact.topics.news');
    expect(await countRows('events')).toBe(0);
    expect(await countRows('consent_log')).toBe(0);
    expect(await countRows('topic_subscriptions')).toBe(0);
  });
});
