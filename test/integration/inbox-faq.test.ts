// The FAQ in the inbox: admins manage entries (/inbox/faqs), and the thread shows every autoresponder
// decision, inserts a suggestion into the composer with one click, and takes the agents' lessons.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/domain/encoding.ts';
import { createApp } from '../../src/http/app.ts';
import { signIn } from '../../src/services/agentAuth.ts';
import { createAgentWithPassword } from '../../src/services/agents.ts';
import { getFaq } from '../../src/services/faqs.ts';
import { findLiveSession } from '../../src/store/sessions.ts';
import { decisionsIn, loadBakeryFaq, receiveMail } from '../support/faq-helpers.ts';
import { createTestContext, type TestContext } from '../support/test-deps.ts';

let t: TestContext;

async function session(email: string, role: 'admin' | 'agent') {
  const password = `a long password for ${role}`;
  await createAgentWithPassword(t.deps, { email, name: role === 'admin' ? 'Admin' : 'Bo', role, password });
  const { token } = await signIn(t.deps, { email, password, client: 'test', userAgent: null });
  const live = await findLiveSession(t.deps.db, await sha256Hex(token), t.clock.now());
  return { cookie: `samtal_session=${token}`, 'x-csrf-token': live!.session.csrfSecret };
}

let admin: Record<string, string>;
beforeEach(async () => {
  t = await createTestContext({ FAQ_MODE: 'suggest' });
  admin = await session('admin@acme.example', 'admin');
  await loadBakeryFaq(t);
});
afterEach(() => t.cleanup());

async function get(path: string, headers = admin) {
  const res = await createApp(t.deps).request(`http://localhost${path}`, { headers });
  return { status: res.status, html: await res.text() };
}

async function post(path: string, fields: Record<string, string>, headers = admin) {
  const res = await createApp(t.deps).request(`http://localhost${path}`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
  });
  return { status: res.status, location: res.headers.get('location'), html: await res.text() };
}

describe('/inbox/faqs', () => {
  it('lists the entries for admins only', async () => {
    const page = await get('/inbox/faqs');
    expect(page.status).toBe(200);
    expect(page.html).toContain('opening-hours');
    expect(page.html).toContain('sv, en, he, zh');
    const agent = await session('bo@acme.example', 'agent');
    expect((await get('/inbox/faqs', agent)).status).toBe(403);
    expect((await post('/inbox/faqs/opening-hours/enabled', { enabled: 'false' }, agent)).status).toBe(403);
  });

  it('previews each locale rendered for a sample contact, as text (markup is shown, never run)', async () => {
    await post('/inbox/faqs/opening-hours', {
      'answer.en': 'Hi {{ contact.first_name }}! <script>alert(1)</script>',
      'questions.en': 'When are you open?',
    });
    const page = await get('/inbox/faqs/opening-hours');
    expect(page.html).toContain('Hi Anna! &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.html).not.toContain('<script>alert(1)');
    expect(page.html).toContain('Hej Anna! Vi har öppet');
  });

  it('edits per locale: changes one, adds one, removes one with an emptied answer; bad Liquid is refused and nothing saved', async () => {
    const saved = await post('/inbox/faqs/gluten-free', {
      mode: 'suggest',
      tags: 'diet, bread',
      'answer.sv': 'Ja, varje dag.',
      'questions.sv': 'Har ni glutenfritt?\nGlutenfria bullar?',
      'answer.en': '',
      new_locale: 'de',
      new_answer: 'Ja, jeden Tag.',
      new_questions: 'Habt ihr glutenfreies Brot?',
    });
    expect(saved.status).toBe(303);
    const entry = await getFaq(t.deps, 'gluten-free');
    expect(entry).toMatchObject({ mode: 'suggest', tags: ['diet', 'bread'] });
    expect(entry.answers).toEqual({ sv: 'Ja, varje dag.', he: expect.any(String), zh: expect.any(String), de: 'Ja, jeden Tag.' });
    expect(entry.questions.sv).toEqual(['Har ni glutenfritt?', 'Glutenfria bullar?']);
    expect(entry.questions.en).toBeUndefined();
    const bad = await post('/inbox/faqs/gluten-free', { 'answer.sv': 'Hej {{ contact.name | nosuch }}' });
    expect(bad.status).toBe(422);
    expect(bad.html).toContain('Answer (sv): the Liquid does not parse');
    expect((await getFaq(t.deps, 'gluten-free')).answers.sv).toBe('Ja, varje dag.');
  });

  it('creates, disables and enables, and deletes an entry', async () => {
    const created = await post('/inbox/faqs', { id: 'parking', locale: 'en', questions: 'Where can I park?', answer: 'Behind the shop.' });
    expect(created.location).toBe('/inbox/faqs/parking');
    await post('/inbox/faqs/parking/enabled', { enabled: 'false' });
    expect((await getFaq(t.deps, 'parking')).enabled).toBe(false);
    await post('/inbox/faqs/parking/enabled', { enabled: 'true' });
    expect((await getFaq(t.deps, 'parking')).enabled).toBe(true);
    expect((await post('/inbox/faqs', { id: 'parking', locale: 'en', answer: 'x' })).status).toBe(422);
    await post('/inbox/faqs/parking/delete', {});
    expect((await get('/inbox/faqs/parking')).status).toBe(404);
  });
});

describe('the thread', () => {
  it('shows the decision and its suggestions; one click puts the answer, rendered for the contact, into the composer', async () => {
    const got = await receiveMail(t, { subject: 'Opening hours', text: 'What are your opening hours on Saturday?' });
    const [decision] = await decisionsIn(t, got.conversationId!);
    const thread = await get(`/inbox/c/${got.conversationId}`);
    expect(thread.html).toContain('Handed to a person');
    expect(thread.html).toContain('FAQ_MODE is suggest: offered to agents only');
    const insert = `/inbox/c/${got.conversationId}?insert=${encodeURIComponent(`${decision!.id}:opening-hours`)}`;
    expect(thread.html).toContain(`href="${insert.replace(/&/g, '&amp;')}#reply-text"`);
    const withDraft = await get(insert);
    const composer = /<textarea id="reply-text"[^>]*>([^<]*)<\/textarea>/.exec(withDraft.html)![1]!;
    expect(composer).toBe('Hi Anna! We are open Monday to Friday 7–18 and Saturday and Sunday 8–15.');
  });

  it('marks a suggestion wrong, and adds the question as an example, which takes effect for the next message', async () => {
    const question = 'Is the shop open during Christmas Eve?';
    const got = await receiveMail(t, { subject: 'Christmas', text: question });
    const [decision] = await decisionsIn(t, got.conversationId!);
    const wrong = await post(`/inbox/c/${got.conversationId}/faq/${decision!.id}/wrong`, {});
    expect(wrong.status).toBe(303);
    expect((await decisionsIn(t, got.conversationId!))[0]!.markedWrongAt).toBe(t.clock.now());
    expect((await get(`/inbox/c/${got.conversationId}`)).html).toContain('marked wrong');
    await post(`/inbox/c/${got.conversationId}/faq/${decision!.id}/example`, { faq_id: 'opening-hours' });
    expect((await getFaq(t.deps, 'opening-hours')).questions.en).toContain(question);
    const next = await receiveMail(t, { from: 'other@example.com', subject: 'Christmas', text: question });
    expect((await decisionsIn(t, next.conversationId!))[0]).toMatchObject({ faqId: 'opening-hours' });
    expect((await decisionsIn(t, next.conversationId!))[0]!.confidence!).toBeGreaterThan(decision!.confidence ?? 0);
  });
});
