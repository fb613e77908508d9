// Classification comes before threading: bounces and complaints act on the message we sent
// and on suppressions; automatic replies are stored but wake nobody; a person's message
// reopens the conversation and starts the wait for a human answer.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { contacts, conversations } from '../../db/schema.ts';
import { AppError } from '../../src/domain/errors.ts';
import { FIRST_RESPONSE_TARGET_MS } from '../../src/domain/inbox/first-response.ts';
import { upsertContact } from '../../src/services/contacts.ts';
import { sendMessage } from '../../src/services/sendMessage.ts';
import {
  asText,
  contactRow,
  conversationRow,
  deliver,
  fixture,
  messageRow,
  rawFixture,
  send,
  storedMessage,
  suppressionRow,
  withHeader,
} from '../support/inbound-helpers.ts';
import { useTestContext } from '../support/contexts.ts';

const HOUR = 60 * 60 * 1000;

const t = useTestContext();

const isAppError = (name: string) => (error: unknown) => error instanceof AppError && error.name === name;

describe('delivery status notifications', () => {
  it('a hard bounce (5.1.1 user unknown) marks our message bounced, suppresses the address, and later sends are refused', async () => {
    const sent = await send(t, { to: 'nils.karlsson@example.se', subject: 'Din order SE-10443 är skickad', text: 'Hej Nils!' });
    const before = await conversationRow(t, sent.conversationId);
    t.clock.advance(HOUR);
    const answer = await deliver(
      t,
      fixture('postfix-dsn-hard-bounce-5.1.1.eml', { ORIGINAL_ID: sent.messageIdHeader, ORIGINAL_REPLY_TO: sent.replyAddress }),
      {
        from: '',
        to: 'bounces@acme.example',
      },
    );
    expect(answer).toMatchObject({ status: 'stored', classification: 'bounce', thread_rule: null });

    const original = await messageRow(t, sent.messageId);
    expect(original.status).toBe('bounced');
    expect(original.statusReason).toMatch(/^hard bounce: /);
    expect(original.statusReason).toContain('5.1.1');
    expect(original.statusReason).toMatch(/user unknown/i);

    const suppression = await suppressionRow(t, 'nils.karlsson@example.se');
    expect(suppression).toMatchObject({ reason: 'hard_bounce' });

    // The report is kept in the conversation as a system message, and wakes nobody.
    const report = await storedMessage(t, answer);
    expect(report).toMatchObject({ conversationId: sent.conversationId, classification: 'bounce', author: 'system', direction: 'in' });
    const after = await conversationRow(t, sent.conversationId);
    expect(after).toMatchObject({ status: before.status, waitingSince: null, firstResponseDueAt: null, lastCustomerMessageAt: null });
    expect(await contactRow(t, 'mailer-daemon@mx1.example.se')).toBeUndefined();

    await expect(sendMessage(t.deps, { to: 'nils.karlsson@example.se', subject: 'Nytt försök', text: 'Hej igen' })).rejects.toSatisfy(
      isAppError('SuppressedRecipient'),
    );
    await expect(
      sendMessage(t.deps, { to: 'Nils.Karlsson@Example.se', subject: 'Nytt försök', text: 'Hej igen', category: 'support' }),
    ).rejects.toSatisfy(isAppError('SuppressedRecipient'));
  });

  it('a bounce saved with bare CR line endings is read like the CRLF original', async () => {
    const sent = await send(t, { to: 'nils.karlsson@example.se', subject: 'Din order SE-10443 är skickad', text: 'Hej Nils!' });
    const crlf = fixture('postfix-dsn-hard-bounce-5.1.1.eml', { ORIGINAL_ID: sent.messageIdHeader, ORIGINAL_REPLY_TO: sent.replyAddress });
    const bareCr = new TextEncoder().encode(asText(crlf).replaceAll('\r\n', '\r'));
    expect(bareCr.includes(0x0a)).toBe(false);
    const answer = await deliver(t, bareCr, { from: '', to: 'bounces@acme.example' });
    expect(answer).toMatchObject({ status: 'stored', classification: 'bounce' });
    expect((await messageRow(t, sent.messageId)).status).toBe('bounced');
    expect(await suppressionRow(t, 'nils.karlsson@example.se')).toMatchObject({ reason: 'hard_bounce' });
  });

  it('a soft bounce (4.2.2 mailbox full) marks our message bounced but does not suppress the address', async () => {
    const sent = await send(t, { to: 'pelle.svensson@gmail.com', subject: 'Ditt kvitto', text: 'Hej Pelle, här är ditt kvitto.' });
    t.clock.advance(3 * 24 * HOUR);
    const answer = await deliver(t, fixture('gmail-dsn-soft-bounce-4.2.2.eml', { ORIGINAL_ID: sent.messageIdHeader }), {
      from: '',
      to: 'bounces@acme.example',
    });
    expect(answer).toMatchObject({ classification: 'bounce', thread_rule: null });

    const original = await messageRow(t, sent.messageId);
    expect(original.status).toBe('bounced');
    expect(original.statusReason).toMatch(/^soft bounce: /);
    expect(original.statusReason).toContain('4.2.2');
    expect(await suppressionRow(t, 'pelle.svensson@gmail.com')).toBeUndefined();

    const retry = await sendMessage(t.deps, { to: 'pelle.svensson@gmail.com', subject: 'Ditt kvitto', text: 'Ett nytt försök.' });
    expect(retry.message.status).toBe('queued');
  });

  it('an ARF complaint suppresses the address as "complaint" and unsubscribes the contact from marketing', async () => {
    await upsertContact(t.deps, {
      email: 'kalle.anka@yahoo.se',
      name: 'Kalle Anka',
      consent: { marketing: 'subscribed', source: 'checkout' },
    });
    const sent = await send(t, {
      to: 'kalle.anka@yahoo.se',
      subject: 'Höstrea: 30 % på allt i butiken',
      text: 'Vår höstrea har börjat.',
      category: 'marketing',
    });
    t.clock.advance(HOUR);
    const answer = await deliver(t, fixture('yahoo-arf-complaint.eml', { ORIGINAL_ID: sent.messageIdHeader }), {
      from: 'feedback@arf.mail.yahoo.com',
      to: 'fbl@acme.example',
    });
    expect(answer).toMatchObject({ classification: 'complaint', thread_rule: null });

    expect(await suppressionRow(t, 'kalle.anka@yahoo.se')).toMatchObject({ reason: 'complaint' });
    const contact = await contactRow(t, 'kalle.anka@yahoo.se');
    expect(contact).toMatchObject({ marketingConsent: 'unsubscribed' });
    expect(contact!.consentUpdatedAt).toBe(t.clock.now());
    expect(await contactRow(t, 'feedback@arf.mail.yahoo.com')).toBeUndefined();

    await expect(
      sendMessage(t.deps, { to: 'kalle.anka@yahoo.se', subject: 'Vinterrea', text: 'Ännu mer rabatt', category: 'marketing' }),
    ).rejects.toBeInstanceOf(AppError);
  });
});

interface AutoReplyCase {
  fixture: string;
  signal: string;
  from: string;
  reason: string;
}

const autoReplies: AutoReplyCase[] = [
  {
    fixture: 'dovecot-sv-auto-submitted.eml',
    signal: 'Auto-Submitted: auto-replied (Sieve vacation, Swedish)',
    from: 'per.andersson@kommun.example.se',
    reason: 'auto-submitted',
  },
  {
    fixture: 'otrs-de-precedence-bulk.eml',
    signal: 'Precedence: bulk (ticket system, German)',
    from: 'service@musterhandel.example.de',
    reason: 'precedence:bulk',
  },
  { fixture: 'yandex-fr-x-autoreply.eml', signal: 'X-Autoreply: yes (French)', from: 'marie.dubois@yandex.com', reason: 'x-autoreply' },
  {
    fixture: 'notes-sv-franvaro-subject.eml',
    signal: 'subject "Frånvaromeddelande:" only (ISO-8859-1, 8bit)',
    from: 'goran.strom@byggbolaget.example.se',
    reason: 'out-of-office-subject',
  },
  {
    fixture: 'outlook-he-ooo-subject.eml',
    signal: 'subject "תשובה אוטומטית:" only (Windows-1255)',
    from: 'ronit.shimoni@example.co.il',
    reason: 'out-of-office-subject',
  },
  {
    fixture: 'qqmail-zh-ooo-subject.eml',
    signal: 'subject "自动回复:" only (GB18030)',
    from: '1054328876@qq.com',
    reason: 'out-of-office-subject',
  },
];

describe('automatic replies are stored but change nothing', () => {
  for (const category of ['transactional', 'support'] as const) {
    const state = category === 'support' ? 'pending' : 'closed';
    it.each(autoReplies)(`on a ${state} conversation: $signal`, async (c) => {
      const sent = await send(t, { to: c.from, subject: 'Din order SE-10442 är skickad', text: 'Hej!', category });
      const before = await conversationRow(t, sent.conversationId);
      expect(before.status).toBe(state);
      t.clock.advance(HOUR);

      const answer = await deliver(t, fixture(c.fixture, { TO_ADDRESS: sent.replyAddress, IN_REPLY_TO: sent.messageIdHeader }), {
        from: c.from,
        to: sent.replyAddress,
      });
      expect(answer).toMatchObject({ status: 'stored', classification: 'auto_reply', conversation_id: sent.conversationId });

      const message = await storedMessage(t, answer);
      expect(message).toMatchObject({
        classification: 'auto_reply',
        statusReason: c.reason,
        conversationId: sent.conversationId,
        flag: null,
      });

      const after = await conversationRow(t, sent.conversationId);
      expect(after.status).toBe(before.status);
      expect(after.waitingSince).toBe(before.waitingSince);
      expect(after.firstResponseDueAt).toBe(before.firstResponseDueAt);
      expect(after.lastCustomerMessageAt).toBe(before.lastCustomerMessageAt);
      expect(after.messageCount).toBe(2);
    });
  }

  it('on a conversation where the customer already waits, the wait keeps its start', async () => {
    const sent = await send(t, { to: 'per.andersson@kommun.example.se', subject: 'Din order SE-10442 är skickad', text: 'Hej!' });
    // Per writes first (a person), then his vacation responder answers our next mail.
    const fromPer = withHeader(
      fixture('gmail-sv-reply-token.eml', { TO_ADDRESS: sent.replyAddress }),
      'From',
      'Per Andersson <per.andersson@kommun.example.se>',
    );
    const human = await deliver(t, fromPer, { from: 'per.andersson@kommun.example.se', to: sent.replyAddress });
    expect(human).toMatchObject({ classification: 'message', thread_rule: 'reply_token' });
    expect((await storedMessage(t, human)).flag).toBeNull();
    const waiting = await conversationRow(t, sent.conversationId);
    expect(waiting.status).toBe('open');
    const since = waiting.waitingSince;
    expect(since).toBe(t.clock.now());

    t.clock.advance(2 * HOUR);
    const auto = await deliver(
      t,
      fixture('dovecot-sv-auto-submitted.eml', { TO_ADDRESS: sent.replyAddress, IN_REPLY_TO: sent.messageIdHeader }),
      { from: 'per.andersson@kommun.example.se', to: sent.replyAddress },
    );
    expect(auto.classification).toBe('auto_reply');
    const after = await conversationRow(t, sent.conversationId);
    expect(after).toMatchObject({
      status: 'open',
      waitingSince: since,
      firstResponseDueAt: since! + FIRST_RESPONSE_TARGET_MS,
      lastCustomerMessageAt: since,
    });
  });
});

describe('a person writes', () => {
  it('on a closed conversation: it reopens, the wait starts now, first response due in 24 h', async () => {
    const sent = await send(t, { to: 'astrid.lindqvist@example.se', subject: 'Din order SE-10442 är skickad', text: 'Hej Astrid!' });
    expect((await conversationRow(t, sent.conversationId)).status).toBe('closed');
    t.clock.advance(5 * HOUR);
    const now = t.clock.now();

    const answer = await deliver(t, fixture('gmail-sv-reply-token.eml', { TO_ADDRESS: sent.replyAddress }), {
      from: 'astrid.lindqvist@example.se',
      to: sent.replyAddress,
    });
    expect(answer).toMatchObject({ classification: 'message', conversation_id: sent.conversationId });

    const conversation = await conversationRow(t, sent.conversationId);
    expect(conversation).toMatchObject({
      status: 'open',
      waitingSince: now,
      firstResponseDueAt: now + 24 * HOUR,
      lastCustomerMessageAt: now,
      lastMessageAt: now,
      snoozedUntil: null,
      preview: 'Tack, då hämtar jag paketet på fredag. Går det bra att min sambo hämtar det?',
    });
  });

  it.each(['pending', 'snoozed'] as const)('on a %s conversation: it opens and the wait starts now', async (state) => {
    const sent = await send(t, {
      to: 'astrid.lindqvist@example.se',
      subject: 'Din order SE-10442 är skickad',
      text: 'Hej Astrid!',
      category: 'support',
    });
    if (state === 'snoozed') {
      await t.deps.db
        .update(conversations)
        .set({ status: 'snoozed', snoozedUntil: t.clock.now() + 7 * 24 * HOUR })
        .where(eq(conversations.id, sent.conversationId));
    }
    expect((await conversationRow(t, sent.conversationId)).status).toBe(state);
    t.clock.advance(HOUR);
    const now = t.clock.now();
    await deliver(t, fixture('gmail-sv-reply-token.eml', { TO_ADDRESS: sent.replyAddress }), {
      from: 'astrid.lindqvist@example.se',
      to: sent.replyAddress,
    });
    expect(await conversationRow(t, sent.conversationId)).toMatchObject({
      status: 'open',
      snoozedUntil: null,
      waitingSince: now,
      firstResponseDueAt: now + 24 * HOUR,
      lastCustomerMessageAt: now,
    });
  });

  it('on a conversation an agent closed after the customer had waited: the new wait starts now', async () => {
    const sent = await send(t, { to: 'astrid.lindqvist@example.se', subject: 'Din order SE-10442 är skickad', text: 'Hej Astrid!' });
    const first = await deliver(t, fixture('gmail-sv-marketing-reply-token.eml', { TO_ADDRESS: sent.replyAddress }), {
      from: 'astrid.lindqvist@example.se',
      to: sent.replyAddress,
    });
    expect(first.classification).toBe('message');
    // An agent answered and closed it (as the inbox does: nobody waits any more).
    await sendMessage(t.deps, {
      to: 'astrid.lindqvist@example.se',
      conversationId: sent.conversationId,
      subject: 'Re: Din order',
      text: 'Ja, det gör den.',
      author: 'agent',
      category: 'support',
    });
    await t.deps.db
      .update(conversations)
      .set({ status: 'closed', waitingSince: null, firstResponseDueAt: null })
      .where(eq(conversations.id, sent.conversationId));

    t.clock.advance(3 * 24 * HOUR);
    const now = t.clock.now();
    await deliver(t, fixture('gmail-sv-reply-token.eml', { TO_ADDRESS: sent.replyAddress }), {
      from: 'astrid.lindqvist@example.se',
      to: sent.replyAddress,
    });
    expect(await conversationRow(t, sent.conversationId)).toMatchObject({
      status: 'open',
      waitingSince: now,
      firstResponseDueAt: now + 24 * HOUR,
      lastCustomerMessageAt: now,
    });
  });

  it.each([
    [
      'through a mailing list (Precedence: list, List-Id, List-Post, X-BeenThere)',
      {
        Precedence: 'list',
        'List-Id': '<kunder.lists.example.se>',
        'List-Post': '<mailto:kunder@lists.example.se>',
        'X-BeenThere': 'kunder@lists.example.se',
      },
    ],
    ['from Outlook with X-Auto-Response-Suppress: All', { 'X-Auto-Response-Suppress': 'All' }],
  ])('%s: it is her message and the wait starts', async (_label, headers) => {
    const sent = await send(t, { to: 'astrid.lindqvist@example.se', subject: 'Din order SE-10442 är skickad', text: 'Hej Astrid!' });
    t.clock.advance(HOUR);
    let raw = fixture('gmail-sv-reply-token.eml', { TO_ADDRESS: sent.replyAddress });
    for (const [name, value] of Object.entries(headers)) raw = withHeader(raw, name, value);
    const answer = await deliver(t, raw, { from: 'astrid.lindqvist@example.se', to: sent.replyAddress });
    expect(answer).toMatchObject({ classification: 'message', conversation_id: sent.conversationId });
    expect(await conversationRow(t, sent.conversationId)).toMatchObject({ status: 'open', waitingSince: t.clock.now() });
  });

  it('a new sender becomes a contact with consent "unknown" and the display name from From', async () => {
    const answer = await deliver(t, rawFixture('oe6-he-iso-8859-8-qp-new-sender.eml'), {
      from: 'dana.cohen@netvision.example.net.il',
      to: 'support@acme.example',
    });
    expect(answer).toMatchObject({ classification: 'message', thread_rule: 'new' });
    const contact = await contactRow(t, 'dana.cohen@netvision.example.net.il');
    expect(contact).toMatchObject({ name: 'דנה כהן', marketingConsent: 'unknown' });
    const conversation = await conversationRow(t, answer.conversation_id!);
    expect(conversation).toMatchObject({
      contactId: contact!.id,
      status: 'open',
      waitingSince: t.clock.now(),
      firstResponseDueAt: t.clock.now() + 24 * HOUR,
    });
    expect(await t.deps.db.$count(contacts)).toBe(1);
  });

  it('a known contact keeps the name we have; one without a name gets it from From', async () => {
    await upsertContact(t.deps, { email: 'astrid.lindqvist@example.se', name: 'Astrid L. (VIP)' });
    await upsertContact(t.deps, { email: 'erik.johansson@foretaget.example.se' });
    await deliver(t, fixture('gmail-sv-reply-token.eml', { TO_ADDRESS: 'support@acme.example' }), {
      from: 'astrid.lindqvist@example.se',
      to: 'support@acme.example',
    });
    await deliver(t, rawFixture('iphone-sv-order-1234.eml'), { from: 'erik.johansson@foretaget.example.se', to: 'support@acme.example' });
    expect((await contactRow(t, 'astrid.lindqvist@example.se'))!.name).toBe('Astrid L. (VIP)');
    expect((await contactRow(t, 'erik.johansson@foretaget.example.se'))!.name).toBe('Erik Johansson');
  });
});
