// /inbox/templates (admins): the files, a preview per locale for a chosen contact with the HTML sandboxed,
// and a test send to the agent's own address.
import { beforeEach, describe, expect, it } from 'vitest';
import { useApiContext } from '../support/contexts.ts';
import { type PageSession, pageRequest, pageSession } from '../support/inbox-pages.ts';

const { t, api } = useApiContext();
let admin: PageSession;
let agent: PageSession;

beforeEach(async () => {
  admin = await pageSession(t, 'admin');
  agent = await pageSession(t, 'agent');
  await api.json('POST', '/api/v1/contacts', { email: 'astrid@example.se', name: 'Astrid Lindqvist', locale: 'sv-SE' });
});

const decode = (html: string) =>
  html
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

describe('the template pages', () => {
  it('are for admins, behind a session', async () => {
    expect((await pageRequest(t, null, 'GET', '/inbox/templates')).status).toBe(303);
    expect((await pageRequest(t, agent, 'GET', '/inbox/templates')).status).toBe(403);
    expect((await pageRequest(t, agent, 'GET', '/inbox/templates/welcome')).status).toBe(403);
  });

  it('list every template with its locales and folder', async () => {
    const res = await pageRequest(t, admin, 'GET', '/inbox/templates');
    expect(res.status).toBe(200);
    expect(res.text).toContain('href="/inbox/templates/welcome?locale=sv"');
    expect(res.text).toMatch(/<code>templates\/(<!-- -->)?order_confirmation(<!-- -->)?\/<\/code>/);
  });

  it('render a locale for a contact found by address, with the HTML in a sandboxed srcdoc frame', async () => {
    const res = await pageRequest(t, admin, 'GET', '/inbox/templates/welcome?locale=sv&contact=astrid@example.se');
    expect(res.status).toBe(200);
    expect(res.text).toContain('templates/welcome/sv.liquid');
    expect(res.text).toContain('Astrid');
    const frame = /<iframe class="preview-frame" sandbox="" srcdoc="([^"]*)"/.exec(res.text);
    expect(frame).not.toBeNull();
    expect(decode(frame![1]!)).toContain('Astrid');
    expect(res.text).not.toMatch(/sandbox="[^"]*allow-scripts/);
  });

  it('offer the contacts whose address or name contains the text when none has it exactly', async () => {
    const res = await pageRequest(t, admin, 'GET', '/inbox/templates/welcome?locale=en&contact=lindq');
    expect(res.text).toContain('contact=astrid%40example.se');
    expect(res.text).not.toContain('class="preview-frame"');
  });

  it('name the field of bad preview input', async () => {
    const locale = await pageRequest(t, admin, 'GET', '/inbox/templates/welcome?locale=fr&contact=astrid@example.se');
    expect(locale.status).toBe(422);
    expect(locale.text).toContain('Language: ');
    const data = await pageRequest(t, admin, 'GET', '/inbox/templates/welcome?locale=en&contact=astrid@example.se&data=%7Bnope');
    expect(data.status).toBe(422);
    expect(data.text).toContain('Data: expected a JSON object');
    expect((await pageRequest(t, admin, 'GET', '/inbox/templates/no_such')).status).toBe(404);
  });

  it("send a test to the agent's own address, transactional, once; CSRF required", async () => {
    const form = { locale: 'sv', contact: 'astrid@example.se', data: '{"company_name": "Acme"}' };
    expect((await pageRequest(t, admin, 'POST', '/inbox/templates/welcome/test', { form, csrf: false })).status).toBe(403);
    const res = await pageRequest(t, admin, 'POST', '/inbox/templates/welcome/test', { form });
    expect(res.status).toBe(303);
    const id = new URL(res.location!, 'http://x').searchParams.get('sent');
    const message = (await api.json('GET', `/api/v1/messages/${id}`)).body;
    expect(message).toMatchObject({ category: 'transactional', to: ['admin@acme.example'] });
    expect(message.subject).toMatch(/^\[Test\] /);
    expect(message.text).toContain('Acme');
    expect(message.text).toContain('Astrid');
  });
});
