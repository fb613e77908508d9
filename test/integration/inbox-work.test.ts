// What agents do fifty times a day, against a real database and the Resend stand-in: tags (inbox and
// API), unread state per agent, bulk actions in one transaction, saved replies rendered for the
// contact, signatures, and reply attachments stored as blobs and sent through Resend alone.
import PostalMime from 'postal-mime';
import { describe, expect, it } from 'vitest';
import { conversationReads, conversationTags } from '../../db/schema.ts';
import { utf8 } from '../../src/domain/encoding.ts';
import { createApp } from '../../src/http/app.ts';
import { createDevOutboxMailer } from '../../src/mail/dev-outbox.ts';
import { agentReply } from '../../src/services/agentReply.ts';
import { authenticateSession, signIn } from '../../src/services/agentAuth.ts';
import { createAgentWithPassword } from '../../src/services/agents.ts';
import { bulkAct } from '../../src/services/bulkActions.ts';
import { addConversationTags, removeConversationTags, suggestTags } from '../../src/services/conversationTags.ts';
import { deliverOutbox } from '../../src/services/deliverOutbox.ts';
import { createFaq } from '../../src/services/faqs.ts';
import { listInbox } from '../../src/services/inbox.ts';
import { searchSavedReplies } from '../../src/services/savedReplies.ts';
import { markConversationRead, markConversationUnread, unreadInMyConversations } from '../../src/services/unread.ts';
import { updateAgent } from '../../src/store/agents.ts';
import { getConversationById } from '../../src/store/conversations.ts';
import { listDevOutboxRows } from '../../src/store/dev-outbox.ts';
import { useOutboundContext } from '../support/contexts.ts';
import { attachmentRows, conversationRow, receive } from '../support/inbound-helpers.ts';

const { resend, t, api } = useOutboundContext({ timeoutMs: 2000 });
const PASSWORD = 'correct horse battery staple';

async function agents() {
  const ana = await createAgentWithPassword(t.deps, { email: 'ana@acme.example', name: 'Ana', role: 'admin', password: PASSWORD });
  const bo = await createAgentWithPassword(t.deps, { email: 'bo@acme.example', name: 'Bo', role: 'agent', password: PASSWORD });
  return { ana, bo };
}

let mailNo = 0;
/** A customer writes in (a new conversation through the real inbound pipeline); returns its conversation id. */
async function customerWrites(from = 'erik@example.se', subject = 'Leverans', text = 'Hur lång tid tar leveransen?'): Promise<string> {
  mailNo++;
  const raw =
    `From: Erik <${from}>\r\nTo: support@reply.acme.example\r\nSubject: ${subject}\r\n` +
    `Message-ID: <m${mailNo}-${Date.now()}@example.se>\r\nDate: Mon, 23 Nov 2026 09:00:00 +0000\r\n` +
    `Content-Type: text/plain; charset=utf-8\r\n\r\n${text}\r\n`;
  const answer = await receive(t, utf8(raw) as Uint8Array<ArrayBuffer>);
  const outcome = answer.outcome as { conversationId?: string } | undefined;
  return outcome!.conversationId!;
}

async function session(email: string) {
  const { token } = await signIn(t.deps, { email, password: PASSWORD, client: 'test', userAgent: null });
  const csrf = (await authenticateSession(t.deps, token))!.session.csrfSecret;
  const app = createApp(t.deps);
  const cookie = `samtal_session=${token}`;
  return {
    csrf,
    get: (path: string, accept = 'text/html') => app.request(`http://localhost${path}`, { headers: { cookie, accept } }),
    post: (path: string, body: URLSearchParams | FormData) => {
      if (body instanceof URLSearchParams) body.set('_csrf', csrf);
      else body.set('_csrf', csrf);
      return app.request(`http://localhost${path}`, { method: 'POST', headers: { cookie }, body });
    },
  };
}

describe('tags', () => {
  it('normalises, keeps one of each, suggests the tags in use, and filters the list by tag', async () => {
    const { ana } = await agents();
    const a = await customerWrites('a@example.se', 'Återbetalning');
    const b = await customerWrites('b@example.se', 'Frakt');
    expect(await addConversationTags(t.deps, a, ['Refund', ' #refund ', 'VIP kund'])).toEqual(['refund', 'vip-kund']);
    await addConversationTags(t.deps, b, ['refund']);
    expect(await suggestTags(t.deps, 'V')).toEqual(['vip-kund']);
    expect(await suggestTags(t.deps, '')).toEqual(['refund', 'vip-kund']);

    const tagged = await listInbox(t.deps, ana, { status: 'open', view: 'all', tag: 'vip-kund' });
    expect(tagged.rows.map((r) => r.id)).toEqual([a]);
    expect(tagged.rows[0]!.tags).toEqual(['refund', 'vip-kund']);
    expect(tagged.counts.open).toBe(1);
    expect(await removeConversationTags(t.deps, a, ['VIP Kund'])).toEqual(['refund']);
    await expect(addConversationTags(t.deps, a, ['a b!'])).rejects.toMatchObject({ issues: [{ field: 'tags.0' }] });
  });

  it('over the API: POST and DELETE /api/v1/conversations/:id/tags, 400 naming the bad tag, 404 for no conversation', async () => {
    const id = await customerWrites();
    const added = await api.json('POST', `/api/v1/conversations/${id}/tags`, { tags: ['Billing', '#vip'] });
    expect(added.status).toBe(200);
    expect(added.body).toEqual({ conversation_id: id, tags: ['billing', 'vip'] });
    const removed = await api.json('DELETE', `/api/v1/conversations/${id}/tags`, { tags: ['VIP'] });
    expect(removed.body).toEqual({ conversation_id: id, tags: ['billing'] });
    const bad = await api.json('POST', `/api/v1/conversations/${id}/tags`, { tags: ['ok', '!!'] });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('tags.1');
    expect((await api.json('POST', '/api/v1/conversations/cnv_nope/tags', { tags: ['x'] })).status).toBe(404);
  });

  it('in the inbox: add and remove from the thread, ?tag= filters, search tag:x goes to the filtered list', async () => {
    await agents();
    const id = await customerWrites();
    const ana = await session('ana@acme.example');
    expect((await ana.post(`/inbox/c/${id}/tags`, new URLSearchParams({ tag: 'Order Issue' }))).status).toBe(303);
    const thread = await (await ana.get(`/inbox/c/${id}`)).text();
    expect(thread).toContain('<bdi>order-issue</bdi>');
    const list = await (await ana.get('/inbox?status=open&view=all&tag=ORDER%20issue')).text();
    expect(list).toContain(`data-id="${id}"`);
    expect(await (await ana.get('/inbox?status=open&view=all&tag=other')).text()).not.toContain(`data-id="${id}"`);
    expect((await ana.get('/inbox?tag=%21%21')).status).toBe(400);
    const search = await ana.get('/inbox/search?q=tag%3AOrder-Issue');
    expect(search.headers.get('location')).toBe('/inbox?status=open&view=all&tag=order-issue');
    await ana.post(`/inbox/c/${id}/tags/remove`, new URLSearchParams({ tag: 'order-issue' }));
    expect(await t.deps.db.select().from(conversationTags)).toEqual([]);
  });
});

describe('unread per agent', () => {
  it('is unread per agent until opened, again when the customer writes, and after "mark unread" for that agent only', async () => {
    const { ana, bo } = await agents();
    const id = await customerWrites();
    const unread = async (agent: typeof ana) =>
      (await listInbox(t.deps, agent, { status: 'open', view: 'all' })).rows.find((r) => r.id === id)!.unread;
    expect(await unread(ana)).toBe(true);
    expect(await unread(bo)).toBe(true);

    const app = await session('ana@acme.example');
    await app.get(`/inbox/c/${id}`);
    expect(await unread(ana)).toBe(false);
    expect(await unread(bo)).toBe(true);
    expect((await listInbox(t.deps, ana, { status: 'open', view: 'all' })).unread).toBe(0);

    // The customer writes again (threaded by subject): unread for Ana again.
    t.clock.advance(60_000);
    expect(await customerWrites('erik@example.se', 'Re: Leverans', 'Hallå?')).toBe(id);
    expect(await unread(ana)).toBe(true);
    await markConversationRead(t.deps, ana, id);
    expect(await unread(ana)).toBe(false);

    await markConversationUnread(t.deps, ana, id);
    expect(await unread(ana)).toBe(true);
    const rows = await t.deps.db.select().from(conversationReads);
    expect(rows.map((r) => [r.agentId, r.readUpTo])).toEqual([[ana.id, 0]]);
  });

  it('lists the unread customer messages in my own open conversations for notifications', async () => {
    const { ana } = await agents();
    const mine = await customerWrites('a@example.se', 'Mine');
    await customerWrites('b@example.se', 'Not mine');
    await bulkAct(t.deps, ana, [mine], { action: 'assign', assigneeId: ana.id });
    const notices = await unreadInMyConversations(t.deps, ana);
    expect(notices.map((n) => [n.conversationId, n.subject])).toEqual([[mine, 'Mine']]);
    await markConversationRead(t.deps, ana, mine);
    expect(await unreadInMyConversations(t.deps, ana)).toEqual([]);
  });
});

describe('bulk actions', () => {
  it('closes, assigns and tags many in one request and says how many; unknown ids change nothing', async () => {
    const { ana, bo } = await agents();
    const ids = [];
    for (let i = 0; i < 12; i++) ids.push(await customerWrites(`c${i}@example.se`, `Fråga ${i}`));
    const app = await session('ana@acme.example');

    const form = new URLSearchParams({ action: 'close', back: '/inbox?status=open&view=all' });
    for (const id of ids) form.append('ids', id);
    form.append('ids', 'cnv_does_not_exist');
    const res = await app.post('/inbox/bulk', form);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/inbox?status=open&view=all&done=close&count=12');
    const page = await (await app.get(res.headers.get('location')!)).text();
    expect(page).toContain('12 conversations closed');
    for (const id of ids) expect((await conversationRow(t, id)).status).toBe('closed');
    expect((await getConversationById(t.deps.db, ids[0]!))!.closedAt).toBe(t.clock.now());

    expect(await bulkAct(t.deps, ana, ids.slice(0, 3), { action: 'assign', assigneeId: bo.id })).toEqual({
      action: 'assign',
      count: 3,
      detail: 'Bo',
    });
    expect((await conversationRow(t, ids[2]!)).assigneeId).toBe(bo.id);
    expect(await bulkAct(t.deps, ana, [...ids.slice(0, 2), 'cnv_gone'], { action: 'tag', tag: 'Spam' })).toMatchObject({
      count: 2,
      detail: 'spam',
    });
    expect((await t.deps.db.select().from(conversationTags)).map((r) => r.tag)).toEqual(['spam', 'spam']);
  });

  it('refuses an empty selection, a bad tag and an inactive assignee with the field named, changing nothing', async () => {
    const { ana } = await agents();
    const id = await customerWrites();
    await expect(bulkAct(t.deps, ana, [], { action: 'close' })).rejects.toMatchObject({ issues: [{ field: 'ids' }] });
    await expect(bulkAct(t.deps, ana, [id], { action: 'tag', tag: '!!' })).rejects.toMatchObject({ issues: [{ field: 'tag' }] });
    await expect(bulkAct(t.deps, ana, [id], { action: 'assign', assigneeId: 'agt_nobody' })).rejects.toMatchObject({
      issues: [{ field: 'assignee' }],
    });
    expect((await conversationRow(t, id)).status).toBe('open');
  });
});

describe('saved replies', () => {
  it('finds FAQ entries by words (stemmed, any locale) or #tag and renders them for the contact in their locale', async () => {
    await agents();
    const id = await customerWrites();
    await createFaq(t.deps, {
      id: 'delivery-time',
      questions: { sv: ['Hur lång är leveranstiden?'], en: ['How long does delivery take?'] },
      answers: {
        sv: 'Hej {{ contact.first_name }}! Leveransen tar 2–3 dagar.',
        en: 'Hi {{ contact.first_name }}! Delivery takes 2–3 days.',
      },
      mode: 'suggest',
      tags: ['Shipping'],
      enabled: true,
    });
    await createFaq(t.deps, {
      id: 'refunds',
      questions: { en: ['Can I get my money back?'] },
      answers: { en: 'Refunds take five days.' },
      mode: 'suggest',
      tags: ['billing'],
      enabled: true,
    });
    const byWords = await searchSavedReplies(t.deps, id, 'deliveries');
    expect(byWords.map((r) => r.id)).toEqual(['delivery-time']);
    // Erik has no locale: English is the fallback; his first name comes from the From name.
    expect(byWords[0]!.text).toBe('Hi Erik! Delivery takes 2–3 days.');
    expect((await searchSavedReplies(t.deps, id, '#billing')).map((r) => r.id)).toEqual(['refunds']);
    expect((await searchSavedReplies(t.deps, id, 'tag:shipping money')).map((r) => r.id)).toEqual([]);
    expect((await searchSavedReplies(t.deps, id, '')).map((r) => r.id)).toEqual(['delivery-time', 'refunds']);

    const ana = await session('ana@acme.example');
    const json = (await (await ana.get(`/inbox/c/${id}/saved-replies?q=money`, 'application/json')).json()) as { data: { id: string }[] };
    expect(json.data.map((r) => r.id)).toEqual(['refunds']);
    const page = await (await ana.get(`/inbox/c/${id}/saved-replies?q=money`)).text();
    expect(page).toContain(`href="/inbox/c/${id}?reply=refunds#reply-text"`);
    expect(await (await ana.get(`/inbox/c/${id}?reply=refunds`)).text()).toContain('Refunds take five days.</textarea>');
  });
});

describe('signatures and attachments in agent replies', () => {
  it('appends the signature to the text and HTML parts unless unticked; the thread shows it apart', async () => {
    const { ana } = await agents();
    await updateAgent(t.deps.db, ana.id, { signature: 'Ana\nAcme Support' });
    const agent = { ...ana, signature: 'Ana\nAcme Support' };
    const id = await customerWrites();
    const signed = await agentReply(t.deps, agent, { conversationId: id, text: 'Paketet går i dag.', seenUpTo: t.clock.now() });
    expect(signed.text).toBe('Paketet går i dag.\n\n-- \nAna\nAcme Support');
    expect(signed.html).toContain('<p>Paketet går i dag.</p>');
    expect(signed.html).toContain('-- <br>Ana<br>Acme Support');
    expect([signed.replyText, signed.signature]).toEqual(['Paketet går i dag.', 'Ana\nAcme Support']);
    const plain = await agentReply(t.deps, agent, { conversationId: id, text: 'PS.', seenUpTo: t.clock.now(), addSignature: false });
    expect(plain.text).toBe('PS.');
    await deliverOutbox(t.deps);
    const bodies = resend.sent.map((s) => s.email as { text: string; html: string });
    expect(bodies.map((b) => b.text)).toEqual([signed.text, 'PS.']);
    expect(bodies[0]!.html).toContain('Acme Support');
  });

  it('stores the files as blobs, sends them through Resend alone (not batched), and shows them in the thread', async () => {
    const { ana } = await agents();
    const id = await customerWrites();
    const other = await customerWrites('astrid@example.se', 'Annat');
    const pdf = new Uint8Array(300_000).map((_, i) => i % 251);
    const app = await session('ana@acme.example');
    const form = new FormData();
    form.set('text', 'Här är kvittot.');
    form.set('seen_up_to', String(t.clock.now()));
    form.append('attachments', new File([pdf], 'kvitto 1042.pdf', { type: 'application/pdf' }));
    form.append('attachments', new File(['hej'], 'note.txt', { type: 'text/plain' }));
    const res = await app.post(`/inbox/c/${id}/reply`, form);
    expect(res.status).toBe(303);
    // Another reply without files, due at the same time: batched alone, the one with files goes by itself.
    await agentReply(t.deps, ana, { conversationId: other, text: 'Hej Astrid!', seenUpTo: t.clock.now() });
    await agentReply(t.deps, ana, { conversationId: other, text: 'PS.', seenUpTo: t.clock.now(), force: true });

    const thread = await (await app.get(`/inbox/c/${id}`)).text();
    expect(thread).toContain('kvitto 1042.pdf');
    const reply = (await t.deps.db.query.messages.findMany()).find((m) => m.replyText === 'Här är kvittot.')!;
    const stored = await attachmentRows(t, reply.id);
    expect(stored.map((a) => [a.filename, a.size, a.content === null, a.contentKey !== null])).toEqual([
      ['kvitto 1042.pdf', 300_000, true, true],
      ['note.txt', 3, true, true],
    ]);

    await deliverOutbox(t.deps);
    // The reply's own delivery (started in the background by the POST) may still be sending the files: wait for it.
    await expect
      .poll(async () => (await t.deps.db.query.outbox.findMany()).filter((j) => j.status !== 'done').length, { timeout: 10_000 })
      .toBe(0);
    const single = resend.requests.filter((r) => r.path === '/emails');
    expect(single).toHaveLength(1);
    const sent = single[0]!.body as { attachments: { filename: string; content: string; content_type: string }[] };
    expect(sent.attachments.map((a) => [a.filename, a.content_type])).toEqual([
      ['kvitto 1042.pdf', 'application/pdf'],
      ['note.txt', 'text/plain'],
    ]);
    expect(Buffer.from(sent.attachments[0]!.content, 'base64').equals(Buffer.from(pdf))).toBe(true);
    expect(resend.requests.filter((r) => r.path === '/emails/batch')).toHaveLength(1);
    expect((await conversationRow(t, id)).status).toBe('pending');
  });

  it('refuses more than 10 MiB of files with a clear error and keeps the text; the dev outbox has them as MIME parts', async () => {
    await agents();
    const id = await customerWrites();
    const app = await session('ana@acme.example');
    const big = new FormData();
    big.set('text', 'Två stora filer.');
    big.set('seen_up_to', String(t.clock.now()));
    big.append('attachments', new File([new Uint8Array(6 * 1024 * 1024)], 'a.bin'));
    big.append('attachments', new File([new Uint8Array(5 * 1024 * 1024)], 'b.bin'));
    const refused = await app.post(`/inbox/c/${id}/reply`, big);
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(html).toContain('Attachments: at most 10.0 MiB of files per message (these add up to 11.0 MiB)');
    expect(html).toContain('Två stora filer.</textarea>');
    const huge = new FormData();
    huge.set('text', 'Alldeles för stor.');
    huge.append('attachments', new File([new Uint8Array(13 * 1024 * 1024)], 'c.bin'));
    const cut = await app.post(`/inbox/c/${id}/reply`, huge);
    expect(cut.status).toBe(413);
    expect(await cut.text()).toContain('replies with attachments take at most 12 MiB');

    t.deps.mailer = createDevOutboxMailer(t.deps.db, t.deps.clock, t.deps.ids);
    const ok = new FormData();
    ok.set('text', 'Bilaga.');
    ok.set('seen_up_to', String(t.clock.now()));
    ok.append('attachments', new File(['a,b\n1,2\n'], 'rapport-ö.csv', { type: 'text/csv' }));
    expect((await app.post(`/inbox/c/${id}/reply`, ok)).status).toBe(303);
    // The reply route delivers in the background; a second run finds the job claimed or done.
    await deliverOutbox(t.deps);
    await expect.poll(async () => (await listDevOutboxRows(t.deps.db, 10)).length).toBe(1);
    const [entry] = await listDevOutboxRows(t.deps.db, 10);
    const parsed = await PostalMime.parse(entry!.mime);
    expect(parsed.text?.trim()).toBe('Bilaga.');
    expect(parsed.attachments.map((a) => [a.filename, a.mimeType])).toEqual([['rapport-ö.csv', 'text/csv']]);
  });
});
