// Topics, per-contact preferences and the consent log: the API, the preference page in the contact's
// language, and List-Unsubscribe that leaves only the topic of the mail it came with.
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.ts';
import { deliverOutbox } from '../../src/services/deliverOutbox.ts';
import { sendMessage } from '../../src/services/sendMessage.ts';
import { useOutboundContext } from '../support/contexts.ts';

const { resend, t, api } = useOutboundContext({ timeoutMs: 300 });

async function contact(email: string, extra: Record<string, unknown> = {}) {
  return (await api.json('POST', '/api/v1/contacts', { email, ...extra })).body as { id: string };
}

async function topics() {
  await api.json('POST', '/api/v1/topics', {
    key: 'birthday',
    name: 'Birthday greetings',
    names: { sv: 'Födelsedagshälsningar', he: 'ברכות יום הולדת' },
    default_subscribed: true,
  });
  await api.json('POST', '/api/v1/topics', { key: 'offers', name: 'Offers', names: { sv: 'Erbjudanden', he: 'מבצעים' } });
}

const unsubscribePath = () => {
  const header = (resend.sent.at(-1)!.email as unknown as { headers: Record<string, string> }).headers['List-Unsubscribe']!;
  return new URL(/<([^>]+)>/.exec(header)![1]!).pathname;
};
const form = (body: string) => ({ method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });

describe('/api/v1/topics', () => {
  it('creates, lists, changes and deletes topics, refusing bad keys, locales and duplicates by field', async () => {
    await topics();
    expect((await api.json('GET', '/api/v1/topics')).body.data.map((x: { key: string }) => x.key)).toEqual(['birthday', 'offers']);
    const dup = await api.json('POST', '/api/v1/topics', { key: 'offers', name: 'Again' });
    expect(dup.status).toBe(409);
    const bad = await api.json('POST', '/api/v1/topics', { key: 'Big Offers', name: 'x', names: { 'not a tag!': 'y' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues.map((i: { field: string }) => i.field)).toEqual(expect.arrayContaining(['key', 'names.not a tag!']));
    const changed = await api.json('PATCH', '/api/v1/topics/offers', { default_subscribed: true, names: { zh: '优惠' } });
    expect(changed.body).toMatchObject({ key: 'offers', default_subscribed: true, names: { zh: '优惠' } });
    expect((await api.json('DELETE', '/api/v1/topics/offers')).status).toBe(204);
    expect((await api.json('GET', '/api/v1/topics/offers')).status).toBe(404);
  });
});

describe('contact preferences and the consent log', () => {
  it('shows topics in the contact’s language, records each change with its source, and exports the log as CSV', async () => {
    await topics();
    const c = await contact('astrid@example.se', { locale: 'sv-SE', consent: { marketing: 'subscribed' } });
    const before = await api.json('GET', `/api/v1/contacts/${c.id}/preferences`);
    expect(before.body.topics).toEqual([
      { key: 'birthday', name: 'Födelsedagshälsningar', subscribed: true, choice: null, default_subscribed: true },
      { key: 'offers', name: 'Erbjudanden', subscribed: false, choice: null, default_subscribed: false },
    ]);
    t.clock.advance(60_000);
    const res = await api.json('PATCH', `/api/v1/contacts/${c.id}/preferences`, {
      frequency: 'weekly',
      topics: { offers: 'subscribed', birthday: 'subscribed' },
      source: 'crm',
    });
    expect(res.body).toMatchObject({ frequency: 'weekly', changed: 3 });
    const again = await api.json('PATCH', `/api/v1/contacts/${c.id}/preferences`, {
      frequency: 'weekly',
      topics: { offers: 'subscribed' },
    });
    expect(again.body.changed).toBe(0);
    const unknown = await api.json('PATCH', `/api/v1/contacts/${c.id}/preferences`, { topics: { nope: 'subscribed' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.issues).toEqual([expect.objectContaining({ field: 'topics.nope' })]);

    const log = await api.json('GET', `/api/v1/contacts/${c.id}/consent-log`);
    expect(log.body.data.map((e: Record<string, unknown>) => [e.subject, e.topic, e.value, e.previous, e.source])).toEqual([
      ['frequency', null, 'weekly', 'normal', 'crm'],
      ['topic', 'birthday', 'subscribed', null, 'crm'],
      ['topic', 'offers', 'subscribed', null, 'crm'],
    ]);
    const csv = await api.request('GET', `/api/v1/contacts/${c.id}/consent-log`, undefined, { accept: 'text/csv' });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = (await csv.text()).trim().split('\n');
    expect(lines[0]).toBe('at,subject,topic,value,previous,source');
    expect(lines[1]).toMatch(/^2\d{3}-.*Z,frequency,,weekly,normal,crm$/);
    expect(lines).toHaveLength(4);
  });
});

describe('List-Unsubscribe and the preference page', () => {
  it('one click leaves only the topic of the mail; the page behind it also offers leaving all marketing', async () => {
    await topics();
    const c = await contact('noa@example.co.il', { name: 'נועה', locale: 'he-IL', consent: { marketing: 'subscribed' } });
    await sendMessage(t.deps, { contactId: c.id, template: 'birthday', data: { gift_code: 'BDAY10' } });
    await deliverOutbox(t.deps);
    const path = unsubscribePath();
    const app = createApp(t.deps);

    const page = await (await app.request(path)).text();
    expect(page).toContain('dir="rtl"');
    expect(page).toContain('ברכות יום הולדת');
    expect(page).toContain('name="scope" value="all"');

    expect((await app.request(path, form('List-Unsubscribe=One-Click'))).status).toBe(200);
    const prefs = (await api.json('GET', `/api/v1/contacts/${c.id}/preferences`)).body;
    expect(prefs.marketing).toBe('subscribed');
    expect(prefs.topics.find((x: { key: string }) => x.key === 'birthday')).toMatchObject({ subscribed: false, choice: 'unsubscribed' });

    expect((await app.request(path, form('scope=all'))).status).toBe(200);
    expect((await api.json('GET', `/api/v1/contacts/${c.id}/preferences`)).body.marketing).toBe('unsubscribed');
    const log = (await api.json('GET', `/api/v1/contacts/${c.id}/consent-log`)).body.data;
    expect(log.map((e: Record<string, unknown>) => [e.subject, e.topic, e.value, e.source])).toEqual([
      ['topic', 'birthday', 'unsubscribed', 'unsubscribe link'],
      ['marketing', null, 'unsubscribed', 'unsubscribe link'],
    ]);
  });

  it('a link for a topic that no longer exists stops all marketing', async () => {
    const c = await contact('bo@example.com', { consent: { marketing: 'subscribed' } });
    await sendMessage(t.deps, { contactId: c.id, template: 'birthday', data: {} });
    await deliverOutbox(t.deps);
    await createApp(t.deps).request(unsubscribePath(), form('List-Unsubscribe=One-Click'));
    expect((await api.json('GET', `/api/v1/contacts/${c.id}/preferences`)).body.marketing).toBe('unsubscribed');
  });

  it('the preference page changes only what the contact changed, including "less often"', async () => {
    await topics();
    const c = await contact('astrid@example.se', { locale: 'sv', consent: { marketing: 'subscribed' } });
    await sendMessage(t.deps, { contactId: c.id, template: 'birthday', data: {} });
    await deliverOutbox(t.deps);
    const prefsPath = unsubscribePath().replace('/u/', '/preferences/');
    const app = createApp(t.deps);
    const page = await (await app.request(prefsPath)).text();
    expect(page).toContain('Födelsedagshälsningar');
    expect(page).toContain('Mer sällan');
    expect(page).toMatch(/value="birthday" checked/);
    expect(page).not.toMatch(/value="offers" checked/);

    // Unticks nothing, ticks "less often" and offers.
    const saved = await app.request(prefsPath, form('marketing=subscribed&frequency=weekly&topic=birthday&topic=offers'));
    expect(saved.status).toBe(303);
    expect(await (await app.request(saved.headers.get('location')!)).text()).toContain('Dina val är sparade');
    await app.request(prefsPath, form('marketing=subscribed&frequency=weekly&topic=birthday&topic=offers'));
    const log = (await api.json('GET', `/api/v1/contacts/${c.id}/consent-log`)).body.data;
    expect(log.map((e: Record<string, unknown>) => [e.subject, e.topic, e.value, e.source])).toEqual([
      ['frequency', null, 'weekly', 'preference page'],
      ['topic', 'offers', 'subscribed', 'preference page'],
    ]);
  });
});
