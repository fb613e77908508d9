// Two agents on one conversation (a reply held when another agent answered first; presence kept
// in the database with a TTL), snoozing to a local time, search that finds contacts' conversations,
// and 404s for people and for programs.
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.ts';
import { agentReply, ReplyHeld } from '../../src/services/agentReply.ts';
import { authenticateSession, signIn } from '../../src/services/agentAuth.ts';
import { createAgentWithPassword } from '../../src/services/agents.ts';
import { PRESENCE_TTL_MS, reportPresence } from '../../src/services/presence.ts';
import { upsertContact } from '../../src/services/contacts.ts';
import { indexSearchWords } from '../../src/services/indexSearchWords.ts';
import { searchInbox } from '../../src/services/searchInbox.ts';
import { sendMessage } from '../../src/services/sendMessage.ts';
import { useTestContext } from '../support/contexts.ts';
import { send } from '../support/inbound-helpers.ts';

const t = useTestContext();
const PASSWORD = 'correct horse battery staple';

async function agents() {
  const ana = await createAgentWithPassword(t.deps, { email: 'ana@acme.example', name: 'Ana', role: 'admin', password: PASSWORD });
  const bo = await createAgentWithPassword(t.deps, { email: 'bo@acme.example', name: 'Bo', role: 'agent', password: PASSWORD });
  return { ana, bo };
}

async function conversation(): Promise<string> {
  return (await send(t, { to: 'erik@example.se', subject: 'Leverans', text: 'Hej Erik!' })).conversationId;
}

describe('a reply held for another agent’s reply', () => {
  it('holds the second agent’s reply, not the agent’s own earlier one, and sends it when forced', async () => {
    const { ana, bo } = await agents();
    const id = await conversation();
    const seenUpTo = t.clock.now();
    t.clock.advance(40_000);
    const anasReply = await agentReply(t.deps, ana, { conversationId: id, text: 'Paketet går i dag.', seenUpTo });
    t.clock.advance(1000);

    const held = await agentReply(t.deps, bo, { conversationId: id, text: 'Jag kollar.', seenUpTo }).catch((e: unknown) => e);
    expect(held).toBeInstanceOf(ReplyHeld);
    expect((held as ReplyHeld).newMessages.map((m) => m.id)).toEqual([anasReply.id]);

    // Ana's own reply does not hold Ana's next one.
    await expect(agentReply(t.deps, ana, { conversationId: id, text: 'PS: spårningsnummer kommer.', seenUpTo })).resolves.toBeDefined();
    const forced = await agentReply(t.deps, bo, { conversationId: id, text: 'Jag kollar.', seenUpTo, force: true });
    expect(forced.authorAgentId).toBe(bo.id);
  });

  it('the thread page says who answered and how long ago, and keeps the text', async () => {
    const { ana, bo } = await agents();
    const id = await conversation();
    const seenUpTo = t.clock.now();
    t.clock.advance(1000);
    await agentReply(t.deps, ana, { conversationId: id, text: 'Paketet går i dag.', seenUpTo });
    t.clock.advance(40_000);
    const { token } = await signIn(t.deps, { email: bo.email, password: PASSWORD, client: 'test', userAgent: null });
    const csrf = (await authenticateSession(t.deps, token))!.session.csrfSecret;
    const res = await createApp(t.deps).request(`http://localhost/inbox/c/${id}/reply`, {
      method: 'POST',
      headers: { cookie: `samtal_session=${token}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf, text: 'Jag kollar.', seen_up_to: String(seenUpTo) }),
    });
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(html).toContain('<bdi>Ana</bdi> answered 40 sec ago.');
    expect(html).toContain('Jag kollar.</textarea>');
  });
});

describe('presence', () => {
  it('each agent sees the others on the conversation, typing or viewing, until their reports are older than the TTL', async () => {
    const { ana, bo } = await agents();
    const id = await conversation();
    expect(await reportPresence(t.deps, ana, id, 'viewing')).toEqual([]);
    expect(await reportPresence(t.deps, bo, id, 'typing')).toEqual([
      { agentId: ana.id, name: 'Ana', state: 'viewing', seenAt: t.clock.now() },
    ]);
    expect((await reportPresence(t.deps, ana, id, 'viewing')).map((p) => [p.name, p.state])).toEqual([['Bo', 'typing']]);

    t.clock.advance(PRESENCE_TTL_MS + 1);
    expect(await reportPresence(t.deps, ana, id, 'viewing')).toEqual([]);
    const rows = await t.deps.db.run('select count(*) as n from agent_presence');
    expect(Number(rows.rows[0]!.n)).toBe(1);
  });

  it('an unknown conversation is a 404 and records nothing', async () => {
    const { ana } = await agents();
    await expect(reportPresence(t.deps, ana, 'cnv_nope', 'viewing')).rejects.toMatchObject({ name: 'NotFound' });
  });
});

describe('snoozing to a local time', () => {
  async function post(path: string, fields: Record<string, string>) {
    await agents();
    const { token } = await signIn(t.deps, { email: 'ana@acme.example', password: PASSWORD, client: 'test', userAgent: null });
    const csrf = (await authenticateSession(t.deps, token))!.session.csrfSecret;
    return createApp(t.deps).request(`http://localhost${path}`, {
      method: 'POST',
      headers: { cookie: `samtal_session=${token}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf, ...fields }),
    });
  }

  it('reads the time in the agent’s zone', async () => {
    const id = await conversation();
    const res = await post(`/inbox/c/${id}/snooze`, { until_local: '2030-01-15T09:00', tz: 'Asia/Tokyo' });
    expect(res.status).toBe(303);
    const row = await t.deps.db.run(`select snoozed_until as s from conversations where id = '${id}'`);
    expect(Number(row.rows[0]!.s)).toBe(Date.UTC(2030, 0, 15, 0, 0));
  });

  it('an unknown time zone answers 400 naming tz and snoozes nothing', async () => {
    const id = await conversation();
    const res = await post(`/inbox/c/${id}/snooze`, { until_local: '2030-01-15T09:00', tz: 'Mars/Olympus' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { issues: unknown[] } }).error.issues).toEqual([
      { field: 'tz', message: 'expected an IANA time zone like Europe/Stockholm' },
    ]);
    const row = await t.deps.db.run(`select status from conversations where id = '${id}'`);
    expect(row.rows[0]!.status).not.toBe('snoozed');
  });
});

describe('search', () => {
  it('a contact found by name brings their conversations and links to the latest; a subject match is marked in the subject', async () => {
    await upsertContact(t.deps, { email: 'astrid@example.se', name: 'Astrid Lindqvist' });
    await sendMessage(t.deps, { to: 'astrid@example.se', subject: 'Din order är bekräftad', text: 'Tack!' });
    await indexSearchWords(t.deps); // the scheduler's tick: messages are indexed for search in batches
    const byName = await searchInbox(t.deps, 'Lindqvist');
    expect(byName.contacts).toHaveLength(1);
    expect(byName.conversations.map((c) => c.subject.map((p) => p.text).join(''))).toEqual(['Din order är bekräftad']);
    expect(byName.contacts[0]!.latestConversationId).toBe(byName.conversations[0]!.conversationId);

    const bySubject = await searchInbox(t.deps, 'bekräftad');
    expect(bySubject.conversations).toHaveLength(1);
    expect(bySubject.conversations[0]!.subject).toContainEqual({ text: 'bekräftad', match: true });
    expect(bySubject.conversations[0]!.snippet).toEqual([]);
  });
});

describe('not found', () => {
  it('a browser gets an HTML page; the API and programs keep JSON', async () => {
    const app = createApp(t.deps);
    const page = await app.request('http://localhost/no-such-page', { headers: { accept: 'text/html,*/*' } });
    expect(page.status).toBe(404);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('href="/inbox"');
    const program = await app.request('http://localhost/no-such-page', { headers: { accept: '*/*' } });
    expect(program.headers.get('content-type')).toContain('application/json');
    for (const path of ['/api/v1/no-such-thing', '/webhooks/nope']) {
      const api = await app.request(`http://localhost${path}`, { headers: { accept: 'text/html' } });
      expect(api.headers.get('content-type')).toContain('application/json');
    }
    const icon = await app.request('http://localhost/favicon.ico');
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toBe('image/svg+xml');
  });
});
