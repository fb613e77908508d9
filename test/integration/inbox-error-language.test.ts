// A refused inbox form speaks the agent's language: the refusal's code and each field's problem come from the
// catalog (field name and what was expected), never the service's English words; the API keeps its English.
import { beforeEach, describe, expect, it } from 'vitest';
import { updateAgent } from '../../src/store/agents.ts';
import { useApiContext } from '../support/contexts.ts';
import { type PageSession, pageRequest, pageSession } from '../support/inbox-pages.ts';

const { t, api } = useApiContext();
let admin: PageSession;

beforeEach(async () => {
  admin = await pageSession(t, 'admin');
});

const speak = (locale: 'sv' | 'he' | 'zh') => updateAgent(t.deps.db, admin.agentId, { locale });
const post = (path: string, form: Record<string, string>) => pageRequest(t, admin, 'POST', path, { form });

/** The page's alert (role=alert), or its whole text when there is none. */
const alertOf = (html: string) => /role="alert"[^>]*>([\s\S]*?)<\/(?:p|div)>/.exec(html)?.[1] ?? html;

describe('form refusals in the agent language', () => {
  it('an API key without a name: Swedish field name and limit, no English', async () => {
    await speak('sv');
    const res = await post('/inbox/api-keys', { name: '   ', role: 'standard' });
    expect(res.status).toBe(422);
    const alert = alertOf(res.text);
    expect(alert).toContain('Kontrollera formuläret: Namn: 1 till 100 tecken');
    expect(alert).not.toMatch(/expected|invalid/);
  });

  it('a name in use: the conflict in Chinese', async () => {
    await speak('zh');
    await post('/inbox/api-keys', { name: 'crm', role: 'standard' });
    const res = await post('/inbox/api-keys', { name: 'crm', role: 'standard' });
    expect(res.status).toBe(422);
    expect(alertOf(res.text)).toContain('这与已有内容冲突：姓名：该值已被使用：请另选一个');
    expect(res.text).not.toContain('already exists');
  });

  it('a broadcast without a name: Hebrew', async () => {
    await speak('he');
    const res = await post('/inbox/broadcasts', { name: '', subject: 'x', text: 'y' });
    expect(res.status).toBe(422);
    const alert = alertOf(res.text);
    expect(alert).toContain('יש לבדוק את הטופס: שם: 1 עד 200 תווים');
    expect(alert).not.toContain('expected');
  });

  it('a broadcast at a time that does not exist names the field and the zone in Swedish', async () => {
    await updateAgent(t.deps.db, admin.agentId, { locale: 'sv', timeZone: 'Europe/Stockholm' });
    const draft = { name: 'Vår', subject: 'Hej', text: 'Hej\n\n{{ unsubscribe_url }}\n', rule: 'attributes.wave = 1' };
    const id = (await api.json('POST', '/api/v1/broadcasts', draft)).body.id;
    const res = await post(`/inbox/broadcasts/${id}/schedule`, { at: '2026-02-30T09:00', acknowledge_warnings: 'true' });
    expect(res.status).toBe(422);
    expect(alertOf(res.text)).toContain('Skicka: ett datum och en tid som finns i Europe/Stockholm väntades');
  });

  it('the contact form names each bad field in Swedish beside it and in the summary', async () => {
    await speak('sv');
    const id = (await api.json('POST', '/api/v1/contacts', { email: 'erik@example.se' })).body.id;
    const res = await post(`/inbox/contacts/${id}`, { name: 'Erik', locale: '', timezone: 'Mars/Olympus' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Tidszon: en tidszon som Europe/Stockholm väntades');
    expect(res.text).not.toContain('expected an IANA');
  });

  it('the settings summary names the field by its label in Chinese', async () => {
    await speak('zh');
    const res = await post('/inbox/settings', { sender_name: '', target_hours: 'soon', time_zone: '', faq_mode: '', quiet_hours: '' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('目标（小时）');
    expect(res.text).toContain('0.5 到 720 小时');
    expect(res.text).not.toContain('expected a number of hours');
  });

  it('the API keeps its English error with code and field', async () => {
    const res = await api.json('POST', '/api/v1/contacts', { email: 'not an address' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('ValidationFailed');
    expect(res.body.error.issues).toContainEqual({ field: 'email', message: 'expected an email address like ana@example.com' });
  });
});

describe('pre-flight findings in the agent language', () => {
  it('the broadcast page says each finding in Swedish; the API keeps the English message', async () => {
    await speak('sv');
    const draft = {
      name: 'Vår',
      subject: 'Hej',
      text: 'Se http://shop.example/var\n\n{{ unsubscribe_url }}\n',
      rule: 'attributes.wave = 1',
    };
    const id = (await api.json('POST', '/api/v1/broadcasts', draft)).body.id;
    expect((await post(`/inbox/broadcasts/${id}/preflight`, {})).status).toBe(303);
    const page = await pageRequest(t, admin, 'GET', `/inbox/broadcasts/${id}`);
    expect(page.text).toContain('Länken http://shop.example/var använder inte https');
    expect(page.text).not.toContain('is not https');
    const stored = (await api.json('GET', `/api/v1/broadcasts/${id}`)).body;
    expect(stored.preflight.warnings).toContainEqual(
      expect.objectContaining({ code: 'InsecureLink', message: 'the link http://shop.example/var is not https' }),
    );
  });
});

describe('the product’s own values in words', () => {
  it('the contact page and the template list say status, delivery and category in Swedish', async () => {
    await speak('sv');
    const sent = await api.json('POST', '/api/v1/messages', { to: 'erik@example.se', subject: 'Leverans', text: 'Hej Erik' });
    const conversation = (await api.json('GET', `/api/v1/conversations/${sent.body.conversation_id}`)).body;
    const contact = await pageRequest(t, admin, 'GET', `/inbox/contacts/${conversation.contact_id}`);
    const timeline = /<ol class="activity">([\s\S]*?)<\/ol>/.exec(contact.text)?.[1] ?? '';
    expect(timeline).toContain('skickad');
    expect(timeline).not.toMatch(/\b(queued|sent)\b/);
    const list = /<ul class="contact-conversations">([\s\S]*?)<\/ul>/.exec(contact.text)?.[1] ?? '';
    expect(list).toContain('Stängda');
    expect(list).not.toContain('closed');
    const templates = await pageRequest(t, admin, 'GET', '/inbox/templates');
    expect(templates.text).toContain('transaktionell');
  });
});
