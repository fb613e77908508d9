// Outbound end to end: API -> queued message -> deliverOutbox -> the Resend transport ->
// a local server speaking Resend's API (with injected 429/500/timeouts).
import PostalMime from 'postal-mime';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { contacts, messages, outbox, suppressions } from '../../db/schema.ts';
import { createApp } from '../../src/http/app.ts';
import { verifyReplyToken } from '../../src/domain/outbound/reply-token.ts';
import { MAX_SEND_ATTEMPTS } from '../../src/domain/outbound/retry.ts';
import { createDevOutboxMailer } from '../../src/mail/dev-outbox.ts';
import { deliverOutbox } from '../../src/services/deliverOutbox.ts';
import { sendMessage } from '../../src/services/sendMessage.ts';
import { useOutboundContext } from '../support/contexts.ts';
import { TEST_SECRET_KEY } from '../support/test-deps.ts';

const { resend, t, api } = useOutboundContext({ timeoutMs: 300 });

type SentBody = {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html?: string;
  reply_to?: string | string[];
  headers: Record<string, string>;
};
const sentBodies = () => resend.sent.map((s) => s.email as unknown as SentBody);

async function contact(email: string, extra: Record<string, unknown> = {}) {
  const res = await api.json('POST', '/api/v1/contacts', { email, ...extra });
  return res.body as { id: string; email: string };
}

async function message(id: string) {
  return (await t.deps.db.select().from(messages).where(eq(messages.id, id)))[0]!;
}

async function job(messageId: string) {
  return (await t.deps.db.select().from(outbox).where(eq(outbox.messageId, messageId)))[0]!;
}

describe('POST /api/v1/messages', () => {
  it('answers 202 queued, stores the message before any network call, then sends it', async () => {
    const { message: queued } = await sendMessage(t.deps, {
      to: 'Astrid.Lindqvist@example.se',
      subject: 'Din beställning',
      text: 'Hej Astrid!',
    });
    expect(queued.status).toBe('queued');
    expect(resend.requests).toHaveLength(0);
    expect((await job(queued.id)).status).toBe('pending');

    const report = await deliverOutbox(t.deps);
    expect(report).toMatchObject({ claimed: 1, sent: 1, providerCalls: 1 });
    const sent = await message(queued.id);
    expect(sent.status).toBe('sent');
    expect(sent.providerId).toBe(resend.sent[0]!.id);
    expect(resend.requests[0]!.headers['idempotency-key']).toBe(queued.id);
  });

  it('returns {id, conversation_id, status} over HTTP and delivers in the background', async () => {
    const res = await api.json('POST', '/api/v1/messages', {
      to: 'james@example.com',
      subject: 'Your invoice',
      text: 'Hi James, here it is.',
    });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^msg_/),
      conversation_id: expect.stringMatching(/^cnv_/),
      status: 'queued',
      duplicate: false,
    });
    await expect.poll(async () => (await message(res.body.id)).status, { timeout: 5_000 }).toBe('sent');
  });

  it('sets Message-ID, a verifiable Reply-To token, Auto-Submitted and a text part', async () => {
    const { message: m } = await sendMessage(t.deps, { to: 'ana@example.com', subject: 'Hello', text: 'Hi Ana', html: '<p>Hi Ana</p>' });
    await deliverOutbox(t.deps);
    const body = sentBodies()[0]!;
    expect(body.headers['Message-ID']).toBe(`<${m.id}@reply.acme.example>`);
    expect(m.messageIdHeader).toBe(`${m.id}@reply.acme.example`);
    expect(body.headers['Auto-Submitted']).toBe('auto-generated');
    expect(body.text).toBe('Hi Ana');
    expect(body.html).toBe('<p>Hi Ana</p>');
    const replyTo = Array.isArray(body.reply_to) ? body.reply_to[0]! : body.reply_to!;
    const token = /^reply\+(.+)@reply\.acme\.example$/.exec(replyTo)![1]!;
    expect(await verifyReplyToken(TEST_SECRET_KEY, token)).toBe(m.conversationId);
    expect(await verifyReplyToken(TEST_SECRET_KEY, token.toUpperCase())).toBe(m.conversationId);
    const forged = token.slice(0, -1) + (token.endsWith('a') ? 'b' : 'a');
    expect(await verifyReplyToken(TEST_SECRET_KEY, forged)).toBeNull();
    expect(await verifyReplyToken('another-secret-entirely-0123456789ab', token)).toBeNull();
  });

  it('continues a conversation with In-Reply-To and References', async () => {
    const first = await sendMessage(t.deps, { to: 'ana@example.com', subject: 'Order', text: 'one' });
    const second = await sendMessage(t.deps, {
      contactId: (await t.deps.db.select().from(contacts))[0]!.id,
      conversationId: first.message.conversationId!,
      subject: 'Re: Order',
      text: 'two',
    });
    const third = await sendMessage(t.deps, {
      to: 'ana@example.com',
      conversationId: first.message.conversationId!,
      subject: 'Re: Order',
      text: 'three',
    });
    await deliverOutbox(t.deps);
    const bodies = sentBodies();
    expect(bodies).toHaveLength(3);
    const byText = Object.fromEntries(bodies.map((b) => [b.text, b.headers]));
    expect(byText.one!['In-Reply-To']).toBeUndefined();
    expect(byText.two!['In-Reply-To']).toBe(`<${first.message.messageIdHeader}>`);
    expect(byText.three!.References).toBe(`<${first.message.messageIdHeader}> <${second.message.messageIdHeader}>`);
    expect(third.message.inReplyTo).toBe(second.message.messageIdHeader);
  });

  it('refuses a conversation that belongs to someone else', async () => {
    const first = await sendMessage(t.deps, { to: 'ana@example.com', subject: 'x', text: 'x' });
    const res = await api.json('POST', '/api/v1/messages', {
      to: 'bo@example.com',
      subject: 'x',
      text: 'x',
      conversation_id: first.message.conversationId,
    });
    expect(res.status).toBe(400);
    expect(res.body.error.issues[0].field).toBe('conversation_id');
  });

  it('the same idempotency_key twice returns the first message and sends once', async () => {
    const body = { to: 'ana@example.com', subject: 'Receipt', text: 'Thanks', idempotency_key: 'order-1001-receipt' };
    const a = await api.json('POST', '/api/v1/messages', body);
    const b = await api.json('POST', '/api/v1/messages', body);
    expect(b.status).toBe(202);
    expect(b.body.id).toBe(a.body.id);
    expect(b.body.duplicate).toBe(true);
    await expect.poll(async () => (await message(a.body.id)).status, { timeout: 5_000 }).toBe('sent');
    await deliverOutbox(t.deps);
    expect(resend.sent).toHaveLength(1);
    expect(await t.deps.db.$count(messages)).toBe(1);
  });

  it('answers 400 with the field for bad input', async () => {
    const cases: [unknown, string][] = [
      [{ subject: 'x', text: 'y' }, 'expected exactly one of to or contact_id'],
      [{ to: 'nope', subject: 'x', text: 'y' }, 'expected an email address'],
      [{ to: 'a@example.com', subject: 'x' }, 'expected both subject and text'],
      [{ to: 'a@example.com', template: 'welcome', subject: 'x', text: 'y' }, 'expected either template'],
      [{ to: 'a@example.com', template: 'no_such_template' }, 'expected one of:'],
      [{ to: 'a@example.com', subject: 'x', text: 'y', category: 'spam' }, 'expected transactional, marketing or support'],
    ];
    for (const [body, expected] of cases) {
      const res = await api.json('POST', '/api/v1/messages', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(res.body.error), JSON.stringify(body)).toContain(expected);
    }
    expect(await t.deps.db.$count(messages)).toBe(0);
  });
});

describe('retries and failures', () => {
  it('429 honours retry-after, then sends once', async () => {
    resend.injectFaults({ status: 429, retryAfterSeconds: 120 });
    const { message: m } = await sendMessage(t.deps, { to: 'ana@example.com', subject: 's', text: 't' });
    expect(await deliverOutbox(t.deps)).toMatchObject({ retrying: 1, sent: 0 });
    const waiting = await job(m.id);
    expect(waiting).toMatchObject({ status: 'pending', attempts: 1 });
    expect(waiting.nextAttemptAt - t.clock.now()).toBeGreaterThanOrEqual(120_000);
    expect((await message(m.id)).statusReason).toContain('429');

    t.clock.advance(60_000);
    expect((await deliverOutbox(t.deps)).claimed).toBe(0);
    t.clock.advance(61_000);
    expect(await deliverOutbox(t.deps)).toMatchObject({ sent: 1 });
    expect(resend.sent).toHaveLength(1);
  });

  it('500 and a timeout are retried with backoff, and the message is sent exactly once', async () => {
    resend.injectFaults({ status: 500 }, { timeoutMs: 600 });
    const { message: m } = await sendMessage(t.deps, { to: 'ana@example.com', subject: 's', text: 't' });
    await deliverOutbox(t.deps);
    const afterFirst = await job(m.id);
    expect(afterFirst.attempts).toBe(1);
    const firstDelay = afterFirst.nextAttemptAt - t.clock.now();
    expect(firstDelay).toBeGreaterThanOrEqual(15_000);
    expect(firstDelay).toBeLessThanOrEqual(30_000);

    t.clock.advance(firstDelay);
    await deliverOutbox(t.deps); // times out on our side, but the provider processed it
    const afterSecond = await job(m.id);
    expect(afterSecond.attempts).toBe(2);
    expect(afterSecond.nextAttemptAt - t.clock.now()).toBeGreaterThanOrEqual(30_000);
    await new Promise((r) => setTimeout(r, 400));
    expect(resend.sent).toHaveLength(1);

    t.clock.advance(afterSecond.nextAttemptAt - t.clock.now());
    expect(await deliverOutbox(t.deps)).toMatchObject({ sent: 1 });
    expect(resend.sent).toHaveLength(1);
    expect((await message(m.id)).providerId).toBe(resend.sent[0]!.id);
  });

  it('a validation error fails at once with the reason stored', async () => {
    resend.injectFaults({ status: 422, name: 'validation_error', message: 'Invalid `to` field.' });
    const { message: m } = await sendMessage(t.deps, { to: 'ana@example.com', subject: 's', text: 't' });
    expect(await deliverOutbox(t.deps)).toMatchObject({ failed: 1 });
    expect(await message(m.id)).toMatchObject({ status: 'failed', statusReason: expect.stringContaining('Invalid `to` field.') });
    expect((await job(m.id)).status).toBe('dead');
  });

  it('after the last attempt the message is failed and visible through the API', async () => {
    resend.failWhen(() => ({ status: 503 }));
    const { message: m } = await sendMessage(t.deps, { to: 'ana@example.com', subject: 's', text: 't' });
    // Every retry is due within 2 hours (backoff caps well below), all inside the 24 h key window.
    for (let i = 0; i < MAX_SEND_ATTEMPTS; i++) {
      await deliverOutbox(t.deps);
      t.clock.advance(2 * 60 * 60 * 1000);
    }
    expect(resend.requests).toHaveLength(MAX_SEND_ATTEMPTS);
    const res = await api.json('GET', `/api/v1/messages/${m.id}`);
    expect(res.body).toMatchObject({
      status: 'failed',
      status_reason: expect.stringContaining(`gave up after ${MAX_SEND_ATTEMPTS} attempts`),
    });
    expect((await deliverOutbox(t.deps)).claimed).toBe(0);
  });
});

describe('batch sending', () => {
  it('250 queued messages cost 3 provider calls and each is sent once', async () => {
    for (let i = 0; i < 250; i++) await sendMessage(t.deps, { to: `person${i}@example.com`, subject: `Hi ${i}`, text: `Hello ${i}` });
    const report = await deliverOutbox(t.deps, { limit: 1000 });
    expect(report).toMatchObject({ claimed: 250, sent: 250, providerCalls: 3 });
    expect(resend.requests.map((r) => r.path)).toEqual(['/emails/batch', '/emails/batch', '/emails/batch']);
    expect(new Set(sentBodies().map((b) => b.to[0])).size).toBe(250);
    const stored = await t.deps.db.select({ status: messages.status, providerId: messages.providerId }).from(messages);
    expect(stored.every((m) => m.status === 'sent' && m.providerId)).toBe(true);
    expect(new Set(stored.map((m) => m.providerId)).size).toBe(250);
  });

  it('a batch that timed out is retried whole under the same key and never sent twice', async () => {
    for (let i = 0; i < 5; i++) await sendMessage(t.deps, { to: `p${i}@example.com`, subject: 's', text: `t${i}` });
    resend.injectFaults({ timeoutMs: 600 });
    expect(await deliverOutbox(t.deps)).toMatchObject({ retrying: 5 });
    await new Promise((r) => setTimeout(r, 400));
    expect(resend.sent).toHaveLength(5); // the provider did process it
    t.clock.advance(60_000);
    expect(await deliverOutbox(t.deps)).toMatchObject({ sent: 5, providerCalls: 1 });
    expect(resend.sent).toHaveLength(5);
    const keys = resend.requests.map((r) => r.headers['idempotency-key']);
    expect(keys[0]).toBe(keys[1]);
  });

  it('a batch the provider refuses is retried one by one so only the bad message fails', async () => {
    for (let i = 0; i < 3; i++) await sendMessage(t.deps, { to: `p${i}@example.com`, subject: 's', text: `t${i}` });
    resend.failWhen((req) =>
      JSON.stringify(req.body).includes('p1@example.com') ? { status: 422, message: 'Invalid `to` field.' } : null,
    );
    const report = await deliverOutbox(t.deps);
    expect(report).toMatchObject({ sent: 2, failed: 1, providerCalls: 4 });
    const failed = await t.deps.db.select().from(messages).where(eq(messages.status, 'failed'));
    expect(failed.map((m) => m.toAddresses[0])).toEqual(['p1@example.com']);
  });
});

describe('permission', () => {
  it('refuses marketing without consent and to suppressed addresses, with the reason', async () => {
    await contact('unknown@example.com');
    await contact('unsub@example.com', { consent: { marketing: 'unsubscribed' } });
    const ok = await contact('yes@example.com', { consent: { marketing: 'subscribed' } });
    await t.deps.db.insert(suppressions).values({ email: 'bounced@example.com', reason: 'hard_bounce', createdAt: 0 });

    const marketing = (to: string) =>
      api.json('POST', '/api/v1/messages', { to, subject: 'Sale', text: 'Our sale', category: 'marketing' });
    expect((await marketing('unknown@example.com')).body.error.code).toBe('NoMarketingConsent');
    const unsub = await marketing('unsub@example.com');
    expect(unsub.status).toBe(422);
    expect(unsub.body.error.message).toContain('consent: unsubscribed');
    const bounced = await api.json('POST', '/api/v1/messages', { to: 'bounced@example.com', subject: 'Receipt', text: 'x' });
    expect(bounced.status).toBe(422);
    expect(bounced.body.error).toMatchObject({ code: 'SuppressedRecipient', message: expect.stringContaining('hard_bounce') });
    expect((await api.json('POST', '/api/v1/messages', { to: 'unsub@example.com', subject: 'Receipt', text: 'Your order' })).status).toBe(
      202,
    );
    expect((await marketing(ok.email)).status).toBe(202);
    // The two accepted messages go out in the background: let them, so none reaches the next test's stand-in.
    await expect.poll(() => resend.sent.length, { timeout: 10_000 }).toBe(2);
  });

  it('marks queued marketing skipped when consent is withdrawn before sending', async () => {
    const c = await contact('yes@example.com', { consent: { marketing: 'subscribed' } });
    const { message: m } = await sendMessage(t.deps, { contactId: c.id, subject: 'Sale', text: 'x', category: 'marketing' });
    await api.json('PATCH', `/api/v1/contacts/${c.id}`, { consent: { marketing: 'unsubscribed' } });
    expect(await deliverOutbox(t.deps)).toMatchObject({ skipped: 1, sent: 0 });
    expect(await message(m.id)).toMatchObject({ status: 'skipped', statusReason: expect.stringContaining('no marketing consent') });
    expect(resend.requests).toHaveLength(0);
  });

  it('marketing mail carries RFC 8058 one-click unsubscribe and a visible link', async () => {
    const c = await contact('noa@example.co.il', { name: 'נועה לוי', locale: 'he-IL', consent: { marketing: 'subscribed' } });
    await sendMessage(t.deps, { contactId: c.id, template: 'birthday', data: { gift_code: 'BDAY10' } });
    t.clock.advance(24 * 3600_000); // marketing: at most one a local day
    await sendMessage(t.deps, { contactId: c.id, subject: 'News', text: 'Plain marketing', html: '<p>Plain</p>', category: 'marketing' });
    await deliverOutbox(t.deps);
    for (const body of sentBodies()) {
      const url = /^<(https:\/\/samtal\.acme\.example\/u\/[^>]+)>$/.exec(body.headers['List-Unsubscribe']!)![1]!;
      expect(body.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
      expect(body.text).toContain(url);
      if (body.html) expect(body.html).toContain(url);
    }
    // The footer added to mail written without a template speaks the contact's language (Hebrew, right to left).
    const plain = sentBodies().find((body) => body.text.includes('Plain marketing'))!;
    expect(plain.text).toMatch(/--\nהסרה מרשימת התפוצה: https:\/\/samtal\.acme\.example\/u\//);
    expect(plain.html).toMatch(/<p dir="rtl" [^>]*><a href="[^"]+">הסרה מרשימת התפוצה<\/a><\/p>/);
    const url = /<([^>]+)>/.exec(sentBodies()[0]!.headers['List-Unsubscribe']!)![1]!;
    const path = new URL(url).pathname;
    const app = createApp(t.deps);

    const page = await app.request(path);
    expect(page.status).toBe(200);
    const pageHtml = await page.text();
    expect(pageHtml).toContain('dir="rtl"');
    expect(pageHtml).toContain('<form method="post">');
    expect((await api.json('GET', `/api/v1/contacts/${c.id}`)).body.consent.marketing).toBe('subscribed');

    const post = await app.request(path, {
      method: 'POST',
      body: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(post.status).toBe(200);
    expect((await api.json('GET', `/api/v1/contacts/${c.id}`)).body.consent).toMatchObject({
      marketing: 'unsubscribed',
      source: 'unsubscribe link',
    });

    const tampered = path.slice(0, -2) + (path.endsWith('aa') ? 'bb' : 'aa');
    expect((await app.request(tampered, { method: 'POST' })).status).toBe(404);
  });

  it('transactional mail has no List-Unsubscribe', async () => {
    await sendMessage(t.deps, {
      to: 'ana@example.com',
      template: 'order_confirmation',
      data: { order_number: 'A-1', items: [], total: 10, currency: 'EUR' },
    });
    await deliverOutbox(t.deps);
    expect(sentBodies()[0]!.headers['List-Unsubscribe']).toBeUndefined();
  });
});

describe('personalization in sv, en, he and zh', () => {
  const order = (currency: string) => ({
    order_number: 'SE-10442',
    items: [{ name: 'Ullfilt', quantity: 2, price: 1234.5 }],
    total: 1234.5,
    currency,
  });
  const people = [
    {
      email: 'astrid@example.se',
      name: 'Astrid Lindqvist',
      locale: 'sv-SE',
      currency: 'SEK',
      greeting: 'Astrid',
      total: '1\u00a0234,50\u00a0kr',
    },
    { email: 'james@example.com', name: 'James Okafor', locale: 'en-US', currency: 'USD', greeting: 'James', total: '$1,234.50' },
    { email: 'noa@example.co.il', name: 'נועה לוי', locale: 'he-IL', currency: 'ILS', greeting: 'נועה', total: '1,234.50' },
    { email: 'wang@example.cn', name: '王芳', locale: 'zh-CN', currency: 'CNY', greeting: '王芳', total: '¥1,234.50' },
  ];

  it('renders the order confirmation in each contact’s language with their name and local money format', async () => {
    for (const p of people) {
      const c = await contact(p.email, { name: p.name, locale: p.locale });
      await sendMessage(t.deps, { contactId: c.id, template: 'order_confirmation', data: order(p.currency) });
    }
    await deliverOutbox(t.deps);
    const byTo = Object.fromEntries(sentBodies().map((b) => [b.to[0], b]));
    const expectedSubjects: Record<string, RegExp> = {
      'sv-SE': /beställning SE-10442/,
      'en-US': /SE-10442/,
      'he-IL': /הזמנה SE-10442/,
      'zh-CN': /SE-10442/,
    };
    for (const p of people) {
      const body = byTo[p.email]!;
      expect(body.subject, p.locale).toMatch(expectedSubjects[p.locale]!);
      expect(body.text, p.locale).toContain(p.greeting);
      expect(body.text.replace(/\u202f/g, '\u00a0'), p.locale).toContain(p.total);
      expect(body.text, p.locale).not.toContain('{{');
    }
    expect(byTo['astrid@example.se']!.text).toContain('Tack för din beställning');
    expect(byTo['noa@example.co.il']!.html).toContain('dir="rtl"');
    expect(byTo['wang@example.cn']!.text).toMatch(/[\u4e00-\u9fff]/);
    const stored = await t.deps.db.select({ locale: messages.locale }).from(messages);
    expect(stored.map((m) => m.locale).sort()).toEqual(['en', 'he', 'sv', 'zh']);
  });

  it('previews a template for a contact without sending or storing anything', async () => {
    const c = await contact('astrid@example.se', { name: 'Astrid Lindqvist', locale: 'sv-SE' });
    const res = await api.json('POST', '/api/v1/messages/preview', {
      template: 'welcome',
      contact_id: c.id,
      data: { company_name: 'Acme' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ template: 'welcome', locale: 'sv', subject: 'Välkommen, Astrid!', category: 'transactional' });
    expect(res.body.text).toContain('Acme');
    expect(await t.deps.db.$count(messages)).toBe(0);
    expect(resend.requests).toHaveLength(0);
  });
});

describe('dev outbox (no RESEND_API_KEY)', () => {
  it('keeps full MIME and lists headers, subject and text', async () => {
    t.deps.mailer = createDevOutboxMailer(t.deps.db, t.deps.clock, t.deps.ids);
    const c = await contact('wang@example.cn', { name: '王芳', locale: 'zh-CN', consent: { marketing: 'subscribed' } });
    const { message: m } = await sendMessage(t.deps, { contactId: c.id, template: 'birthday' });
    await deliverOutbox(t.deps);
    const list = await api.json('GET', '/api/v1/dev/outbox');
    expect(list.body.data).toHaveLength(1);
    const entry = list.body.data[0];
    expect(entry).toMatchObject({ message_id: m.id, to: ['wang@example.cn'] });
    expect(entry.headers).toMatchObject({
      'Message-ID': `<${m.messageIdHeader}>`,
      'Reply-To': expect.stringMatching(/^reply\+cnv_.+@reply\.acme\.example$/),
      'List-Unsubscribe': expect.stringMatching(/^<https:\/\/samtal\.acme\.example\/u\//),
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      'Auto-Submitted': 'auto-generated',
    });
    expect(entry.subject).toMatch(/[\u4e00-\u9fff]/);

    const eml = await api.request('GET', entry.eml_url);
    expect(eml.headers.get('content-type')).toBe('message/rfc822');
    const parsed = await PostalMime.parse(await eml.text());
    expect(parsed.subject).toBe(entry.subject);
    expect(parsed.messageId).toBe(`<${m.messageIdHeader}>`);
    expect(parsed.text?.trim()).toBe(entry.text.trim());
    expect(parsed.replyTo?.[0]?.address).toBe(entry.headers['Reply-To']);
    expect((await message(m.id)).status).toBe('sent');
  });
});
