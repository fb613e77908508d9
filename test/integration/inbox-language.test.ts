// The inbox in the agent's language and zone: their choice (agents.locale) else the browser's, lang/dir on
// every page, Hebrew right to left; /inbox/me saves language, zone and signature and refuses bad ones whole.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/domain/encoding.ts';
import { createApp } from '../../src/http/app.ts';
import { signIn } from '../../src/services/agentAuth.ts';
import { createAgentWithPassword } from '../../src/services/agents.ts';
import { findAgentByEmail, updateAgent } from '../../src/store/agents.ts';
import { findLiveSession } from '../../src/store/sessions.ts';
import { apiClient, type ApiClient } from '../support/api-client.ts';
import { createTestContext, type TestContext } from '../support/test-deps.ts';

let t: TestContext;
let api: ApiClient;
let headers: Record<string, string>;
let agentId: string;

beforeEach(async () => {
  t = await createTestContext();
  api = await apiClient(t);
  const password = 'a long admin password';
  const agent = await createAgentWithPassword(t.deps, { email: 'admin@acme.example', name: 'Admin', role: 'admin', password });
  agentId = agent.id;
  const { token } = await signIn(t.deps, { email: 'admin@acme.example', password, client: 'test', userAgent: null });
  const session = await findLiveSession(t.deps.db, await sha256Hex(token), t.clock.now());
  headers = { cookie: `samtal_session=${token}`, 'x-csrf-token': session!.session.csrfSecret, accept: 'text/html' };
});
afterEach(() => t.cleanup());

async function get(path: string, extra: Record<string, string> = {}) {
  const res = await createApp(t.deps).request(`http://localhost${path}`, { headers: { ...headers, ...extra } });
  return { status: res.status, html: await res.text(), type: res.headers.get('content-type') ?? '' };
}

async function post(path: string, fields: Record<string, string>, extra: Record<string, string> = {}) {
  const res = await createApp(t.deps).request(`http://localhost${path}`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded', ...extra },
    body: new URLSearchParams(fields),
  });
  return { status: res.status, html: await res.text(), location: res.headers.get('location') };
}

async function conversation(): Promise<string> {
  const sent = await api.json('POST', '/api/v1/messages', { to: 'erik@example.se', subject: 'Leverans', text: 'Hej Erik' });
  return sent.body.conversation_id;
}

describe('the inbox language', () => {
  it('an agent with locale sv gets Swedish pages with lang="sv", whatever the browser asks for', async () => {
    await updateAgent(t.deps.db, agentId, { locale: 'sv' });
    const list = await get('/inbox?status=pending', { 'accept-language': 'en-US,en;q=0.9' });
    expect(list.html).toContain('<html lang="sv" dir="ltr">');
    expect(list.html).toContain('Logga ut');
    expect(list.html).toContain('Väntande');
    expect(list.html).not.toContain('Sign out');
    const thread = await get(`/inbox/c/${await conversation()}`);
    expect(thread.html).toContain('Skicka svar');
    expect(thread.html).toContain('Privat anteckning till ditt team (skickas aldrig)');
  });

  it('Hebrew pages are right to left; without a choice the browser’s language counts', async () => {
    await updateAgent(t.deps.db, agentId, { locale: 'he' });
    const page = await get('/inbox');
    expect(page.html).toContain('<html lang="he" dir="rtl">');
    expect(page.html).toContain('התנתקות');
    await updateAgent(t.deps.db, agentId, { locale: null });
    expect((await get('/inbox', { 'accept-language': 'zh-CN,zh;q=0.9' })).html).toContain('<html lang="zh" dir="ltr">');
    expect((await get('/inbox', { 'accept-language': 'fr-FR' })).html).toContain('<html lang="en" dir="ltr">');
  });

  it('the sign-in page and its error follow the browser; a missing page speaks the agent’s language', async () => {
    const login = await createApp(t.deps).request('http://localhost/login', { headers: { 'accept-language': 'sv-SE' } });
    expect(await login.text()).toContain('Logga in för att svara dina kunder.');
    await updateAgent(t.deps.db, agentId, { locale: 'zh' });
    const missing = await get('/inbox/nowhere');
    expect(missing.status).toBe(404);
    expect(missing.html).toContain('<html lang="zh"');
    expect(missing.html).toContain('未找到');
    expect(missing.html).toContain('返回收件箱');
  });

  it('times are in the agent’s zone and language: the snooze time in Swedish, Stockholm time', async () => {
    await updateAgent(t.deps.db, agentId, { locale: 'sv', timeZone: 'Europe/Stockholm' });
    const id = await conversation();
    // 2026-12-24T08:00Z is 09:00 in Stockholm.
    expect((await post(`/inbox/c/${id}/snooze`, { until: '2026-12-24T08:00:00Z' })).status).toBe(303);
    const thread = await get(`/inbox/c/${id}`);
    expect(thread.html).toMatch(/24 dec\. 2026 09:00/);
    expect(thread.html).toContain('data-time-zone="Europe/Stockholm"');
    // The snooze-until form reads the local time in the chosen zone.
    expect(thread.html).toContain('name="tz" value="Europe/Stockholm"');
  });

  it('serves the script’s words per language, and nothing for an unknown one', async () => {
    const he = await get('/static/inbox-text/he.js');
    expect(he.type).toContain('text/javascript');
    expect(he.html).toContain('{name} מקליד/ה תשובה…');
    expect((await get('/static/inbox-text/xx.js')).status).toBe(404);
  });
});

describe('/inbox/me', () => {
  it('saves language, time zone and signature; the next page speaks the new language', async () => {
    const saved = await post('/inbox/me', { locale: 'he', time_zone: 'Asia/Jerusalem', signature: 'Ana\r\nAcme support\r\n' });
    expect(saved.status).toBe(303);
    expect(saved.location).toBe('/inbox/me?saved=1');
    const agent = await findAgentByEmail(t.deps.db, 'admin@acme.example');
    expect(agent).toMatchObject({ locale: 'he', timeZone: 'Asia/Jerusalem', signature: 'Ana\nAcme support' });
    const page = await get('/inbox/me?saved=1');
    expect(page.html).toContain('<html lang="he" dir="rtl">');
    expect(page.html).toContain('ההגדרות שלך נשמרו.');
    expect(page.html).toContain('value="Asia/Jerusalem"');
    // The top bar links the agent's name to these settings.
    expect(page.html).toMatch(/<a class="me" href="\/inbox\/me"/);
  });

  it('blank fields go back to the browser’s language and zone and no signature', async () => {
    await updateAgent(t.deps.db, agentId, { locale: 'sv', timeZone: 'Europe/Stockholm', signature: 'Hej' });
    expect((await post('/inbox/me', { locale: '', time_zone: ' ', signature: '' })).status).toBe(303);
    expect(await findAgentByEmail(t.deps.db, 'admin@acme.example')).toMatchObject({ locale: null, timeZone: null, signature: null });
  });

  it('refuses an unknown language, a zone that is not IANA and a long signature, says which, and saves nothing', async () => {
    await updateAgent(t.deps.db, agentId, { locale: 'sv' });
    const bad = await post('/inbox/me', { locale: 'fr', time_zone: 'Mars/Olympus', signature: 'x'.repeat(501) });
    expect(bad.status).toBe(422);
    expect(bad.html).toContain('Inget sparades: rätta fälten som är markerade nedan.');
    expect(bad.html).toContain('Välj ett av språken i listan.');
    expect(bad.html).toContain('”Mars/Olympus” är ingen tidszon');
    expect(bad.html).toContain('Signaturen har 501 tecken: korta den till högst 500.');
    expect(bad.html).toContain('aria-invalid="true"');
    // What was typed stays in the form.
    expect(bad.html).toContain('value="Mars/Olympus"');
    expect(await findAgentByEmail(t.deps.db, 'admin@acme.example')).toMatchObject({ locale: 'sv', timeZone: null, signature: null });
  });

  it('refuses invisible control characters in the signature', async () => {
    const bad = await post('/inbox/me', { locale: '', time_zone: '', signature: 'Ana\u202eevil' });
    expect(bad.status).toBe(422);
    expect(bad.html).toContain('invisible control characters');
  });

  it('without the CSRF token nothing is saved', async () => {
    const res = await createApp(t.deps).request('http://localhost/inbox/me', {
      method: 'POST',
      headers: { cookie: headers.cookie!, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ locale: 'he', time_zone: '', signature: '' }),
    });
    expect(res.status).toBe(403);
    expect((await findAgentByEmail(t.deps.db, 'admin@acme.example'))?.locale).toBeNull();
  });
});
