// /inbox/contacts: the list with its filters and cursor, the admins' CSV import (NDJSON progress, per-row
// errors, topics), and the contact page (edit with field problems, consent and topics changed as the agent).
import { beforeEach, describe, expect, it } from 'vitest';
import { useApiContext } from '../support/contexts.ts';
import { type PageSession, pageRequest, pageSession } from '../support/inbox-pages.ts';

const { t, api } = useApiContext();
let admin: PageSession;
let agent: PageSession;

beforeEach(async () => {
  admin = await pageSession(t, 'admin');
  agent = await pageSession(t, 'agent');
});

async function contact(email: string, fields: Record<string, unknown> = {}): Promise<string> {
  return (await api.json('POST', '/api/v1/contacts', { email, ...fields })).body.id;
}

const importCsv = (session: PageSession | null, csv: string, options: { csrf?: boolean; type?: string } = {}) =>
  pageRequest(t, session, 'POST', '/inbox/contacts/import', {
    body: csv,
    headers: { 'content-type': options.type ?? 'text/csv', accept: 'application/x-ndjson' },
    ...(options.csrf === false ? { csrf: false } : {}),
  });

const lines = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));

describe('the contact list', () => {
  it('needs a session: a browser is sent to sign in', async () => {
    const res = await pageRequest(t, null, 'GET', '/inbox/contacts');
    expect(res.status).toBe(303);
    expect(res.location).toBe('/login?next=%2Finbox%2Fcontacts');
  });

  it('filters by name or address, locale, topic and saved segment', async () => {
    await contact('ana@example.com', { name: 'Ana Lind', locale: 'sv-SE', attributes: { plan: 'pro' } });
    await contact('bo@example.com', { name: 'Bo Berg', locale: 'en' });
    await contact('noa@example.co.il', { name: 'נועה לוי', locale: 'he' });
    await api.json('POST', '/api/v1/topics', { key: 'news', name: 'News' });
    const bo = (await api.json('GET', '/api/v1/contacts?email=bo@example.com')).body.data[0].id;
    await api.json('PATCH', `/api/v1/contacts/${bo}/preferences`, { topics: { news: 'subscribed' } });
    const segment = (await api.json('POST', '/api/v1/segments', { name: 'Pro', rule: 'attributes.plan = "pro"' })).body;

    const names = async (query: string) => {
      const res = await pageRequest(t, agent, 'GET', `/inbox/contacts?${query}`);
      expect(res.status).toBe(200);
      return [...res.text.matchAll(/<a href="\/inbox\/contacts\/con_[^"]+"><bdi>([^<]+)<\/bdi>/g)].map((m) => m[1]);
    };
    expect(await names('')).toEqual(['נועה לוי', 'Bo Berg', 'Ana Lind']);
    expect(await names('q=LIND')).toEqual(['Ana Lind']);
    expect(await names('q=example.co.il')).toEqual(['נועה לוי']);
    expect(await names('locale=sv')).toEqual(['Ana Lind']);
    expect(await names('topic=news')).toEqual(['Bo Berg']);
    expect(await names(`segment=${segment.id}`)).toEqual(['Ana Lind']);
  });

  it('pages with a cursor that keeps the filter', async () => {
    for (let i = 0; i < 52; i++) {
      await contact(`person${String(i).padStart(2, '0')}@example.com`);
      t.clock.advance(1000);
    }
    const first = await pageRequest(t, agent, 'GET', '/inbox/contacts?q=person');
    const next = /href="(\/inbox\/contacts\?q=person&amp;cursor=[^"]+)"/.exec(first.text)![1]!.replace(/&amp;/g, '&');
    const second = await pageRequest(t, agent, 'GET', next);
    expect(second.text).toContain('person01@example.com');
    expect(second.text).toContain('person00@example.com');
    expect(second.text).not.toContain('person02@example.com');
  });

  it('answers a bad filter value with 400 naming the field', async () => {
    const res = await pageRequest(t, agent, 'GET', '/inbox/contacts?topic=nope', { headers: { accept: 'application/json' } });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text).error.issues).toEqual([{ field: 'topic', message: 'expected a topic key: none exist yet' }]);
    const segment = await pageRequest(t, agent, 'GET', '/inbox/contacts?segment=seg_nope', { headers: { accept: 'application/json' } });
    expect(JSON.parse(segment.text).error.issues).toEqual([{ field: 'segment', message: 'expected a saved segment' }]);
  });

  it('shows the import to admins only', async () => {
    expect((await pageRequest(t, admin, 'GET', '/inbox/contacts')).text).toContain('id="contact-import"');
    expect((await pageRequest(t, agent, 'GET', '/inbox/contacts')).text).not.toContain('id="contact-import"');
  });
});

describe('the CSV import', () => {
  it('streams progress and a report with each bad row by line and column; topic columns set topics', async () => {
    await api.json('POST', '/api/v1/topics', { key: 'news', name: 'News' });
    const rows = Array.from({ length: 1200 }, (_, i) => `p${i}@example.com,Person ${i},${i === 700 ? 'maybe' : 'yes'}`);
    const csv = `email,name,topic:news\n${rows.join('\n')}\nnot-an-address,Nobody,no\n`;
    const res = await importCsv(admin, csv);
    expect(res.status).toBe(200);
    expect(res.type).toContain('application/x-ndjson');
    const events = lines(res.text);
    const progress = events.filter((e) => e.type === 'progress');
    expect(progress.map((e) => e.rows)).toEqual([500, 1000]);
    // Bytes read so far, for the bar: the in-process request hands the body over in one piece.
    expect(progress[0].bytes).toBeGreaterThan(0);
    expect(progress[1].bytes).toBeLessThanOrEqual(Buffer.byteLength(csv));
    const done = events.at(-1);
    expect(done.bytes).toBe(Buffer.byteLength(csv));
    expect(done).toMatchObject({ type: 'done', rows: 1201, created: 1199, failed: 2, complete: true });
    expect(done.errors).toEqual([
      { line: 702, field: 'topic:news', message: expect.stringContaining('yes or no (or blank to leave the topic as it is)') },
      { line: 1202, field: 'email', message: expect.stringContaining('expected an email address') },
    ]);
    const p3 = (await api.json('GET', '/api/v1/contacts?email=p3@example.com')).body.data[0].id;
    expect((await api.json('GET', `/api/v1/contacts/${p3}/consent-log`)).body.data).toMatchObject([
      { topic: 'news', value: 'subscribed', source: 'import' },
    ]);
  });

  it('is for admins only, needs the CSRF token and a CSV body', async () => {
    expect((await importCsv(agent, 'email\na@example.com\n')).status).toBe(403);
    expect((await importCsv(admin, 'email\na@example.com\n', { csrf: false })).status).toBe(403);
    const wrongType = await importCsv(admin, 'email\na@example.com\n', { type: 'application/x-www-form-urlencoded' });
    expect(wrongType.status).toBe(400);
    expect((await api.json('GET', '/api/v1/contacts?email=a@example.com')).body.data).toEqual([]);
  });

  it('reports a file without an email column as an error line', async () => {
    const events = lines((await importCsv(admin, 'name\nAna\n')).text);
    expect(events).toEqual([expect.objectContaining({ type: 'error', issues: [expect.objectContaining({ field: 'email' })] })]);
  });

  it('takes files over the form limit (64 KiB), up to the CSV limit', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => `someone.with.a.long.address.${i}@example.com,Someone ${i}`);
    const csv = `email,name\n${rows.join('\n')}\n`;
    expect(csv.length).toBeGreaterThan(64 * 1024);
    const done = lines((await importCsv(admin, csv)).text).at(-1);
    expect(done).toMatchObject({ type: 'done', rows: 3000, created: 3000 });
  });
});

describe('the contact page', () => {
  it('shows the contact, their timeline and conversations, and is for every agent', async () => {
    const sent = await api.json('POST', '/api/v1/messages', { to: 'ana@example.com', subject: 'Your order', text: 'Hello' });
    await api.json('POST', '/api/v1/events', { name: 'order_placed', contact: { email: 'ana@example.com' } });
    const id = (await api.json('GET', '/api/v1/contacts?email=ana@example.com')).body.data[0].id;
    const res = await pageRequest(t, agent, 'GET', `/inbox/contacts/${id}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain(`href="/inbox/c/${sent.body.conversation_id}"`);
    expect(res.text).toContain('order_placed');
    expect(res.text).toContain('Your order');
    expect((await pageRequest(t, agent, 'GET', '/inbox/contacts/con_00000000000000000000000000')).status).toBe(404);
  });

  it('saves name, locale, time zone and attributes', async () => {
    const id = await contact('ana@example.com', { name: 'Ana', attributes: { plan: 'pro', seats: 3 } });
    const res = await pageRequest(t, agent, 'POST', `/inbox/contacts/${id}`, {
      form: {
        name: 'Ana Lind',
        locale: 'sv-se',
        timezone: 'Europe/Stockholm',
        'attributes[0].name': 'plan',
        'attributes[0].value': 'team',
        'attributes[1].name': '',
        'attributes[1].value': '',
        'attributes[2].name': 'interests',
        'attributes[2].value': '["ski"]',
      },
    });
    expect(res.status).toBe(303);
    expect((await api.json('GET', `/api/v1/contacts/${id}`)).body).toMatchObject({
      name: 'Ana Lind',
      locale: 'sv-SE',
      timezone: 'Europe/Stockholm',
      attributes: { plan: 'team', interests: ['ski'] },
    });
    expect((await api.json('GET', `/api/v1/contacts/${id}`)).body.attributes).not.toHaveProperty('seats');
  });

  it('re-shows the form with each problem naming its field, keeping what was typed, and saves nothing', async () => {
    const id = await contact('ana@example.com', { name: 'Ana', attributes: { plan: 'pro' } });
    const res = await pageRequest(t, agent, 'POST', `/inbox/contacts/${id}`, {
      form: {
        name: 'Ana Changed',
        locale: 'not a locale',
        timezone: 'Mars/Olympus',
        'attributes[0].name': 'plan',
        'attributes[0].value': '{"tier": ',
      },
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Language: expected a language code');
    expect(res.text).toContain('Time zone: expected a time zone such as Europe/Stockholm');
    expect(res.text).toContain('Attribute plan: expected valid JSON');
    expect(res.text).toContain('value="Ana Changed"');
    expect((await api.json('GET', `/api/v1/contacts/${id}`)).body).toMatchObject({ name: 'Ana', attributes: { plan: 'pro' } });
  });

  it('changes topics and marketing as the agent, in the consent log with the agent', async () => {
    const id = await contact('ana@example.com');
    await api.json('POST', '/api/v1/topics', { key: 'news', name: 'News', default_subscribed: true });
    expect(
      (await pageRequest(t, agent, 'POST', `/inbox/contacts/${id}/consent`, { form: { topic: 'news', state: 'unsubscribed' } })).status,
    ).toBe(303);
    expect((await pageRequest(t, agent, 'POST', `/inbox/contacts/${id}/consent`, { form: { marketing: 'subscribed' } })).status).toBe(303);
    const log = (await api.json('GET', `/api/v1/contacts/${id}/consent-log`)).body.data;
    expect(log.map((e: { subject: string; value: string; source: string }) => [e.subject, e.value, e.source])).toEqual([
      ['topic', 'unsubscribed', `agent:${agent.agentId}`],
      ['marketing', 'subscribed', `agent:${agent.agentId}`],
    ]);
    const page = await pageRequest(t, agent, 'GET', `/inbox/contacts/${id}`);
    expect(page.text).toContain('agent Bo Agent');
  });

  it('refuses a consent change without the CSRF token, or with a bad state naming it', async () => {
    const id = await contact('ana@example.com');
    await api.json('POST', '/api/v1/topics', { key: 'news', name: 'News' });
    const noToken = await pageRequest(t, agent, 'POST', `/inbox/contacts/${id}/consent`, {
      form: { topic: 'news', state: 'subscribed' },
      csrf: false,
    });
    expect(noToken.status).toBe(403);
    const bad = await pageRequest(t, agent, 'POST', `/inbox/contacts/${id}/consent`, {
      form: { topic: 'news', state: 'maybe' },
      headers: { accept: 'application/json' },
    });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text).error.issues).toEqual([{ field: 'state', message: 'expected subscribed or unsubscribed' }]);
    const unknown = await pageRequest(t, agent, 'POST', `/inbox/contacts/${id}/consent`, {
      form: { topic: 'nope', state: 'subscribed' },
      headers: { accept: 'application/json' },
    });
    expect(JSON.parse(unknown.text).error.issues[0].field).toBe('topics.nope');
    expect((await api.json('GET', `/api/v1/contacts/${id}/consent-log`)).body.data).toEqual([]);
  });
});

describe('links to the contact page', () => {
  it('from the thread and from search results', async () => {
    const sent = await api.json('POST', '/api/v1/messages', { to: 'astrid@example.se', subject: 'Hej', text: 'Hej Astrid' });
    await contact('astrid@example.se', { name: 'Astrid Lindqvist' });
    await contact('nils@example.se', { name: 'Nils Lindqvist' });
    const astrid = (await api.json('GET', '/api/v1/contacts?email=astrid@example.se')).body.data[0].id;
    const nils = (await api.json('GET', '/api/v1/contacts?email=nils@example.se')).body.data[0].id;
    const thread = await pageRequest(t, agent, 'GET', `/inbox/c/${sent.body.conversation_id}`);
    expect(thread.text).toContain(`<a href="/inbox/contacts/${astrid}">Astrid Lindqvist</a>`);
    const search = await pageRequest(t, agent, 'GET', '/inbox/search?q=Lindqvist');
    expect(search.text).toContain(`href="/inbox/contacts/${astrid}"`);
    expect(search.text).toContain(`<a href="/inbox/contacts/${nils}"><bdi>Nils Lindqvist</bdi></a>`);
  });
});
