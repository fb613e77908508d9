// Threading, in the order DESIGN.md gives: a verified reply token (To, Cc, Delivered-To, the
// envelope); In-Reply-To, then References matching a stored Message-ID; the same contact with
// the same normalized subject within 30 days; else a new conversation. The rule used is stored.
import { describe, expect, it } from 'vitest';
import { conversations } from '../../db/schema.ts';
import { upsertContact } from '../../src/services/contacts.ts';
import { setConversationStatus } from '../../src/services/conversationActions.ts';
import { sendBulk } from '../../src/services/sendBulk.ts';
import {
  SES_MESSAGE_ID,
  alteredReplyAddress,
  contactRow,
  conversationRow,
  deliver,
  fixture,
  prependHeader,
  rawFixture,
  send,
  storedMessage,
  withHeader,
} from '../support/inbound-helpers.ts';
import { useTestContext } from '../support/contexts.ts';
import { readFileSync } from 'node:fs';

const DAY = 24 * 60 * 60 * 1000;

const t = useTestContext();

describe('(a) a verified reply token', () => {
  it('in To: threads even though In-Reply-To names an id we never stored', async () => {
    const sent = await send(t, { to: 'astrid.lindqvist@example.se', subject: 'Din order SE-10442 är skickad', text: 'Hej Astrid!' });
    t.clock.advance(60 * 60 * 1000);
    const answer = await deliver(t, fixture('gmail-sv-reply-token.eml', { TO_ADDRESS: sent.replyAddress }), {
      from: 'astrid.lindqvist@example.se',
      to: sent.replyAddress,
    });
    expect(answer).toMatchObject({
      status: 'stored',
      classification: 'message',
      thread_rule: 'reply_token',
      conversation_id: sent.conversationId,
    });
    const message = await storedMessage(t, answer);
    expect(message).toMatchObject({
      threadRule: 'reply_token',
      conversationId: sent.conversationId,
      flag: null,
      inReplyTo: SES_MESSAGE_ID,
      direction: 'in',
      author: 'contact',
    });
    expect(message.toAddresses).toEqual([sent.replyAddress]);
    const conversation = await conversationRow(t, sent.conversationId);
    expect(conversation).toMatchObject({ messageCount: 2, flag: null });
    expect(await t.deps.db.$count(conversations)).toBe(1);
  });

  it('in To, upper-cased by a mail system on the way', async () => {
    const sent = await send(t, { to: 'astrid.lindqvist@example.se', subject: 'Din order SE-10442 är skickad', text: 'Hej Astrid!' });
    const upper = sent.replyAddress
      .replace(/^reply\+([^@]+)@/, (_m, token: string) => `REPLY+${token.toUpperCase()}@`)
      .replace('reply.acme.example', 'REPLY.ACME.EXAMPLE');
    const answer = await deliver(t, fixture('gmail-sv-reply-token.eml', { TO_ADDRESS: upper }), {
      from: 'astrid.lindqvist@example.se',
      to: upper,
    });
    expect(answer).toMatchObject({ thread_rule: 'reply_token', conversation_id: sent.conversationId });
  });

  it('in Cc (To is another of our addresses)', async () => {
    const sent = await send(t, {
      to: 'james.oconnor@contoso.example',
      subject: 'Your invoice INV-2026-0042',
      text: 'Hi James, your invoice is attached.',
    });
    const answer = await deliver(t, fixture('outlook-en-token-cc.eml', { CC_ADDRESS: sent.replyAddress }), {
      from: 'james.oconnor@contoso.example',
      to: 'orders@acme.example',
    });
    expect(answer).toMatchObject({ thread_rule: 'reply_token', conversation_id: sent.conversationId });
    const message = await storedMessage(t, answer);
    expect(message.toAddresses).toEqual(['orders@acme.example']);
    expect(message.ccAddresses).toEqual([sent.replyAddress]);
    expect(message.threadRule).toBe('reply_token');
  });

  it('only in Delivered-To (the customer wrote to support@ and put the reply address in Bcc)', async () => {
    const sent = await send(t, {
      to: 'katrin.schaefer@mailbox.org',
      subject: 'Ihre Lieferadresse wurde geändert',
      text: 'Hallo Frau Schäfer',
    });
    const answer = await deliver(t, fixture('thunderbird-de-delivered-to.eml', { DELIVERED_TO: sent.replyAddress }), {
      from: 'katrin.schaefer@mailbox.org',
    });
    expect(answer).toMatchObject({ thread_rule: 'reply_token', conversation_id: sent.conversationId });
    expect((await storedMessage(t, answer)).threadRule).toBe('reply_token');
  });

  it('in the second Delivered-To line, after a forwarding hop added its own on top', async () => {
    const sent = await send(t, {
      to: 'katrin.schaefer@mailbox.org',
      subject: 'Ihre Lieferadresse wurde geändert',
      text: 'Hallo Frau Schäfer',
    });
    // reply+…@ was delivered first (its Delivered-To), then forwarded to the helpdesk
    // mailbox, whose MTA put its own Delivered-To above it.
    const raw = prependHeader(
      fixture('thunderbird-de-delivered-to.eml', { DELIVERED_TO: sent.replyAddress }),
      'Delivered-To',
      'helpdesk-inbox@acme.example',
    );
    const answer = await deliver(t, raw, { from: 'katrin.schaefer@mailbox.org', to: 'helpdesk-inbox@acme.example' });
    expect(answer).toMatchObject({ thread_rule: 'reply_token', conversation_id: sent.conversationId });
  });

  it('wins over an In-Reply-To that names a message of another conversation', async () => {
    const other = await send(t, { to: 'astrid.lindqvist@example.se', subject: 'Ditt kvitto', text: 'Här är kvittot.' });
    const sent = await send(t, { to: 'astrid.lindqvist@example.se', subject: 'Din order SE-10442 är skickad', text: 'Hej Astrid!' });
    const raw = withHeader(
      withHeader(fixture('gmail-sv-reply-token.eml', { TO_ADDRESS: sent.replyAddress }), 'In-Reply-To', `<${other.messageIdHeader}>`),
      'References',
      `<${other.messageIdHeader}>`,
    );
    const answer = await deliver(t, raw, { from: 'astrid.lindqvist@example.se', to: sent.replyAddress });
    expect(answer).toMatchObject({ thread_rule: 'reply_token', conversation_id: sent.conversationId });
  });

  it('From written in another case (Astrid.Lindqvist@Example.SE) is the same contact and a participant', async () => {
    const sent = await send(t, { to: 'astrid.lindqvist@example.se', subject: 'Din order SE-10442 är skickad', text: 'Hej Astrid!' });
    const raw = withHeader(
      fixture('gmail-sv-reply-token.eml', { TO_ADDRESS: sent.replyAddress }),
      'From',
      'Astrid Lindqvist <Astrid.Lindqvist@Example.SE>',
    );
    const answer = await deliver(t, raw, { from: 'Astrid.Lindqvist@Example.SE', to: sent.replyAddress });
    expect(answer).toMatchObject({ thread_rule: 'reply_token', conversation_id: sent.conversationId });
    const message = await storedMessage(t, answer);
    expect(message.flag).toBeNull();
    expect(message.fromAddress).toBe('astrid.lindqvist@example.se');
    expect((await conversationRow(t, sent.conversationId)).flag).toBeNull();
  });

  it('only in the SMTP envelope recipient', async () => {
    const sent = await send(t, {
      to: 'linda.moore@yahoo.com',
      subject: 'Your refund for order 5521',
      text: 'Hi Linda, your refund has been issued.',
    });
    const answer = await deliver(t, rawFixture('yahoo-en-support.eml'), { from: 'linda.moore@yahoo.com', to: sent.replyAddress });
    expect(answer).toMatchObject({ thread_rule: 'reply_token', conversation_id: sent.conversationId });
    expect((await storedMessage(t, answer)).threadRule).toBe('reply_token');
  });
});

describe('(b) In-Reply-To and (c) References', () => {
  it('In-Reply-To naming our Message-ID threads a reply sent to plain support@ (no token)', async () => {
    const sent = await send(t, {
      to: 'juergen.weiss@example.de',
      subject: 'Ihre Rechnung „Herbst“ – 80 € offen',
      text: 'Guten Tag Herr Weiß',
    });
    const answer = await deliver(t, fixture('outlook-de-windows-1252-in-reply-to.eml', { PARENT_ID: sent.messageIdHeader }), {
      from: 'juergen.weiss@example.de',
      to: 'support@acme.example',
    });
    expect(answer).toMatchObject({ thread_rule: 'in_reply_to', conversation_id: sent.conversationId });
    const message = await storedMessage(t, answer);
    expect(message).toMatchObject({ threadRule: 'in_reply_to', inReplyTo: sent.messageIdHeader, references: sent.messageIdHeader });
  });

  it('In-Reply-To naming a customer message we stored earlier', async () => {
    const first = await deliver(t, rawFixture('iphone-sv-order-1234.eml'), {
      from: 'erik.johansson@foretaget.example.se',
      to: 'support@acme.example',
    });
    expect(first.thread_rule).toBe('new');
    t.clock.advance(40 * DAY); // past the subject window: only the id can match
    const reply = withHeader(
      rawFixture('outlook-sv-subject-prefixes.eml'),
      'In-Reply-To',
      '<5D2C8A1E-7B3F-4E9A-9C6D-2F1E0A8B7C6D@foretaget.example.se>',
    );
    const answer = await deliver(t, reply, { from: 'erik.johansson@foretaget.example.se', to: 'support@acme.example' });
    expect(answer).toMatchObject({ thread_rule: 'in_reply_to', conversation_id: first.conversation_id });
  });

  it('References alone (no In-Reply-To), our id in the middle of the list', async () => {
    const sent = await send(t, {
      to: 'tom@tombecker.example.org',
      subject: 'Exchange for order 3310',
      text: 'Which size would you like instead, M or L?',
    });
    const answer = await deliver(t, fixture('mutt-en-references-inline.eml', { REFERENCED_ID: sent.messageIdHeader }), {
      from: 'tom@tombecker.example.org',
      to: 'support@acme.example',
    });
    expect(answer).toMatchObject({ thread_rule: 'references', conversation_id: sent.conversationId });
    const message = await storedMessage(t, answer);
    expect(message.threadRule).toBe('references');
    expect(message.inReplyTo).toBeNull();
    expect(message.references).toBe(
      `CAHx4kM2bP0q=fxT9rj8W1nQ5Lz@mail.gmail.com ${sent.messageIdHeader} 20261120181205.7yq2mzv4tpl3@tbecker-x1`,
    );
  });

  it('In-Reply-To wins over References that name another conversation', async () => {
    const older = await send(t, { to: 'tom@tombecker.example.org', subject: 'Return label', text: 'Here is your return label.' });
    const sent = await send(t, {
      to: 'tom@tombecker.example.org',
      subject: 'Exchange for order 3310',
      text: 'Which size would you like instead, M or L?',
    });
    const raw = withHeader(
      fixture('mutt-en-references-inline.eml', { REFERENCED_ID: older.messageIdHeader }),
      'In-Reply-To',
      `<${sent.messageIdHeader}>`,
    );
    const answer = await deliver(t, raw, { from: 'tom@tombecker.example.org', to: 'support@acme.example' });
    expect(answer).toMatchObject({ thread_rule: 'in_reply_to', conversation_id: sent.conversationId });
  });

  it('when References name two conversations, the last id (the direct parent) decides', async () => {
    const older = await send(t, { to: 'tom@tombecker.example.org', subject: 'Return label', text: 'Here is your return label.' });
    const sent = await send(t, {
      to: 'tom@tombecker.example.org',
      subject: 'Exchange for order 3310',
      text: 'Which size would you like instead, M or L?',
    });
    const raw = withHeader(
      rawFixture('mutt-en-references-inline.eml'),
      'References',
      `<${older.messageIdHeader}>\r\n <${sent.messageIdHeader}>`,
    );
    const answer = await deliver(t, raw, { from: 'tom@tombecker.example.org', to: 'support@acme.example' });
    expect(answer).toMatchObject({ thread_rule: 'references', conversation_id: sent.conversationId });
  });

  it('References when In-Reply-To names an unknown message', async () => {
    const sent = await send(t, {
      to: 'tom@tombecker.example.org',
      subject: 'Exchange for order 3310',
      text: 'Which size would you like instead, M or L?',
    });
    const raw = withHeader(
      fixture('mutt-en-references-inline.eml', { REFERENCED_ID: sent.messageIdHeader }),
      'In-Reply-To',
      '<20261120181205.7yq2mzv4tpl3@tbecker-x1>',
    );
    const answer = await deliver(t, raw, { from: 'tom@tombecker.example.org', to: 'support@acme.example' });
    expect(answer).toMatchObject({ thread_rule: 'references', conversation_id: sent.conversationId });
  });
});

describe('(d) same contact and normalized subject within 30 days', () => {
  it('"SV: AW: Re: 回复: Order 1234" joins "Order 1234" after 10 days; 31 days of silence later it starts a new conversation', async () => {
    const first = await deliver(t, rawFixture('iphone-sv-order-1234.eml'), {
      from: 'erik.johansson@foretaget.example.se',
      to: 'support@acme.example',
    });
    expect(first).toMatchObject({ status: 'stored', thread_rule: 'new' });
    const conversation = await conversationRow(t, first.conversation_id!);
    expect(conversation.normalizedSubject).toBe('order 1234');

    t.clock.advance(10 * DAY);
    const second = await deliver(t, rawFixture('outlook-sv-subject-prefixes.eml'), {
      from: 'erik.johansson@foretaget.example.se',
      to: 'support@acme.example',
    });
    expect(second).toMatchObject({ thread_rule: 'subject', conversation_id: first.conversation_id });
    expect((await storedMessage(t, second)).threadRule).toBe('subject');

    t.clock.advance(31 * DAY);
    const later = withHeader(
      rawFixture('outlook-sv-subject-prefixes.eml'),
      'Message-ID',
      '<AM0PR06MB4785FFEE0011223344556677889900@AM0PR06MB4785.eurprd06.prod.outlook.com>',
    );
    const third = await deliver(t, later, { from: 'erik.johansson@foretaget.example.se', to: 'support@acme.example' });
    expect(third.thread_rule).toBe('new');
    expect(third.conversation_id).not.toBe(first.conversation_id);
    expect(await t.deps.db.$count(conversations)).toBe(2);
  });

  it('the 30 days count from the last activity: 29 days after the last message still joins', async () => {
    const first = await deliver(t, rawFixture('iphone-sv-order-1234.eml'), {
      from: 'erik.johansson@foretaget.example.se',
      to: 'support@acme.example',
    });
    t.clock.advance(29 * DAY);
    const second = await deliver(t, rawFixture('outlook-sv-subject-prefixes.eml'), {
      from: 'erik.johansson@foretaget.example.se',
      to: 'support@acme.example',
    });
    expect(second).toMatchObject({ thread_rule: 'subject', conversation_id: first.conversation_id });
  });

  it('another person with the same subject does not join', async () => {
    const first = await deliver(t, rawFixture('iphone-sv-order-1234.eml'), {
      from: 'erik.johansson@foretaget.example.se',
      to: 'support@acme.example',
    });
    const other = withHeader(rawFixture('outlook-sv-subject-prefixes.eml'), 'From', 'Li Wei <li.wei@foretaget.example.se>');
    const answer = await deliver(t, other, { from: 'li.wei@foretaget.example.se', to: 'support@acme.example' });
    expect(answer.thread_rule).toBe('new');
    expect(answer.conversation_id).not.toBe(first.conversation_id);
  });
});

describe('(e) nothing matches', () => {
  it('a first message opens a new conversation with rule "new"', async () => {
    const answer = await deliver(t, rawFixture('oe6-he-iso-8859-8-qp-new-sender.eml'), {
      from: 'dana.cohen@netvision.example.net.il',
      to: 'support@acme.example',
    });
    expect(answer).toMatchObject({ status: 'stored', classification: 'message', thread_rule: 'new' });
    const message = await storedMessage(t, answer);
    expect(message.threadRule).toBe('new');
    const conversation = await conversationRow(t, message.conversationId);
    expect(conversation.contactId).toBe((await contactRow(t, 'dana.cohen@netvision.example.net.il'))!.id);
  });

  it('a reply whose ids we never stored, to support@, with a subject we never used, is new', async () => {
    const answer = await deliver(t, rawFixture('yahoo-en-support.eml'), { from: 'linda.moore@yahoo.com', to: 'support@acme.example' });
    expect(answer.thread_rule).toBe('new');
  });
});

describe('(f) a forged or damaged token never maps to a conversation', () => {
  it.each(['mac', 'id'] as const)('one character of the %s part changed: falls through to the other rules', async (position) => {
    const sent = await send(t, { to: 'astrid.lindqvist@example.se', subject: 'Din order SE-10442 är skickad', text: 'Hej Astrid!' });
    const forged = alteredReplyAddress(sent, position);
    expect(forged).not.toBe(sent.replyAddress);
    const answer = await deliver(t, fixture('gmail-sv-reply-token.eml', { TO_ADDRESS: forged }), {
      from: 'astrid.lindqvist@example.se',
      to: forged,
    });
    // Her own subject still finds her conversation; the token played no part.
    expect(answer.thread_rule).toBe('subject');
    expect(answer.conversation_id).toBe(sent.conversationId);
    expect((await storedMessage(t, answer)).flag).toBeNull();
  });

  it.each(['mac', 'id'] as const)(
    "a stranger guessing at a token for someone else's conversation (%s part changed) gets a new conversation of their own",
    async (position) => {
      const sent = await send(t, { to: 'james.oconnor@contoso.example', subject: 'Your invoice INV-2026-0042', text: 'Hi James' });
      const forged = alteredReplyAddress(sent, position);
      const answer = await deliver(t, fixture('gmail-sv-forwarded-token-stranger.eml', { TO_ADDRESS: forged }), {
        from: 'lars.lindqvist.63@gmail.com',
        to: forged,
      });
      expect(answer.thread_rule).toBe('new');
      expect(answer.conversation_id).not.toBe(sent.conversationId);
      expect((await storedMessage(t, answer)).flag).toBeNull();
      const james = await conversationRow(t, sent.conversationId);
      expect(james).toMatchObject({ messageCount: 1, flag: null });
    },
  );
});

describe('(g) a valid token used by someone outside the conversation', () => {
  it('starts their own conversation, flagged and linked to the one they tried to reach, which stays as it was', async () => {
    const sent = await send(t, { to: 'astrid.lindqvist@example.se', subject: 'Din order SE-10442 är skickad', text: 'Hej Astrid!' });
    const before = await conversationRow(t, sent.conversationId);
    t.clock.advance(60 * 60 * 1000);
    const answer = await deliver(t, fixture('gmail-sv-forwarded-token-stranger.eml', { TO_ADDRESS: sent.replyAddress }), {
      from: 'lars.lindqvist.63@gmail.com',
      to: sent.replyAddress,
    });
    expect(answer.thread_rule).toBe('new');
    expect(answer.conversation_id).not.toBe(sent.conversationId);
    const message = await storedMessage(t, answer);
    expect(message.flag).toEqual(expect.stringContaining('lars.lindqvist.63@gmail.com'));
    const own = await conversationRow(t, answer.conversation_id!);
    expect(own).toMatchObject({
      contactId: (await contactRow(t, 'lars.lindqvist.63@gmail.com'))!.id,
      status: 'open',
      linkedConversationId: sent.conversationId,
      linkReason: 'outsider',
    });
    expect(own.flag).toEqual(expect.stringContaining(sent.conversationId));
    // Astrid's conversation: not reopened, preview and count unchanged, nothing of Lars in it.
    expect(await conversationRow(t, sent.conversationId)).toEqual(before);
  });

  it('when the same outsider writes again it joins their own conversation, flagged again, never hers', async () => {
    const sent = await send(t, { to: 'astrid.lindqvist@example.se', subject: 'Din order SE-10442 är skickad', text: 'Hej Astrid!' });
    const first = await deliver(t, fixture('gmail-sv-forwarded-token-stranger.eml', { TO_ADDRESS: sent.replyAddress }), {
      from: 'lars.lindqvist.63@gmail.com',
      to: sent.replyAddress,
    });
    t.clock.advance(60 * 60 * 1000);
    const again = withHeader(
      fixture('gmail-sv-forwarded-token-stranger.eml', { TO_ADDRESS: sent.replyAddress }),
      'Message-ID',
      '<CAJq8vN3rT5=second-attempt-Yh2kLpW7xZ0b@mail.gmail.com>',
    );
    const second = await deliver(t, again, { from: 'lars.lindqvist.63@gmail.com', to: sent.replyAddress });
    expect(second).toMatchObject({ thread_rule: 'subject', conversation_id: first.conversation_id });
    expect((await storedMessage(t, second)).flag).toEqual(expect.stringContaining('lars.lindqvist.63@gmail.com'));
    expect((await conversationRow(t, sent.conversationId)).messageCount).toBe(1);
    expect(await t.deps.db.$count(conversations)).toBe(2);
  });

  it('a colleague who was on Cc earlier is a participant: no flag', async () => {
    const sent = await send(t, {
      to: 'erik.johansson@foretaget.example.se',
      subject: 'Leverans av order 5590',
      text: 'Hej Erik, vart ska leveransen?',
    });
    const erik = await deliver(t, fixture('outlook-sv-token-with-cc.eml', { TO_ADDRESS: sent.replyAddress }), {
      from: 'erik.johansson@foretaget.example.se',
      to: sent.replyAddress,
    });
    expect(erik).toMatchObject({ thread_rule: 'reply_token', conversation_id: sent.conversationId });
    expect((await storedMessage(t, erik)).ccAddresses).toEqual(['maria.nilsson@foretaget.example.se']);

    const maria = await deliver(t, fixture('outlook-sv-colleague-reply-all.eml', { TO_ADDRESS: sent.replyAddress }), {
      from: 'maria.nilsson@foretaget.example.se',
      to: sent.replyAddress,
    });
    expect(maria).toMatchObject({ thread_rule: 'reply_token', conversation_id: sent.conversationId });
    expect((await storedMessage(t, maria)).flag).toBeNull();
    expect((await conversationRow(t, sent.conversationId)).flag).toBeNull();
  });
});

describe('(h) one marketing send to many people', () => {
  it("each reply goes to its sender's own conversation (by token, by In-Reply-To, by subject)", async () => {
    const subject = 'Höstrea: 30 % på allt i butiken';
    const people = ['astrid.lindqvist@example.se', 'james.oconnor@contoso.example', 'noa.levi@icloud.com'];
    const sends = [];
    for (const email of people) {
      await upsertContact(t.deps, { email, consent: { marketing: 'subscribed', source: 'checkout' } });
      sends.push(await send(t, { to: email, subject, text: 'Vår höstrea har börjat: 30 % på allt.', category: 'marketing' }));
    }
    expect(new Set(sends.map((s) => s.conversationId)).size).toBe(3);
    t.clock.advance(DAY);

    const [astrid, james, noa] = sends as [(typeof sends)[0], (typeof sends)[0], (typeof sends)[0]];
    const a = await deliver(t, fixture('gmail-sv-marketing-reply-token.eml', { TO_ADDRESS: astrid.replyAddress }), {
      from: people[0],
      to: astrid.replyAddress,
    });
    const j = await deliver(t, fixture('outlook-en-marketing-reply-in-reply-to.eml', { PARENT_ID: james.messageIdHeader }), {
      from: people[1],
      to: 'support@acme.example',
    });
    const n = await deliver(t, rawFixture('iphone-he-marketing-reply-subject.eml'), { from: people[2], to: 'support@acme.example' });

    expect(a).toMatchObject({ thread_rule: 'reply_token', conversation_id: astrid.conversationId });
    expect(j).toMatchObject({ thread_rule: 'in_reply_to', conversation_id: james.conversationId });
    expect(n).toMatchObject({ thread_rule: 'subject', conversation_id: noa.conversationId });
    for (const [index, email] of people.entries()) {
      const conversation = await conversationRow(t, sends[index]!.conversationId);
      expect(conversation.contactId).toBe((await contactRow(t, email))!.id);
      expect(conversation.messageCount).toBe(2);
      expect(conversation.flag).toBeNull();
    }
    expect(await t.deps.db.$count(conversations)).toBe(3);
  });
});

describe('(i) In-Reply-To and References: only the contact or someone addressed on the referenced message', () => {
  it("Message-IDs of one bulk send share nothing but the time: a neighbour's id cannot be predicted from one's own", async () => {
    const people = ['astrid.lindqvist@example.se', 'james.oconnor@contoso.example', 'noa.levi@icloud.com'];
    const results = await sendBulk(t.deps, {
      recipients: people.map((to) => ({ to })),
      subject: 'Din order',
      text: 'Hej!',
      category: 'transactional',
    });
    const ids = results.map((r) => (r.status === 'queued' ? r.id : ''));
    for (let i = 1; i < ids.length; i++) {
      const [a, b] = [ids[i - 1]!.slice(-20), ids[i]!.slice(-20)];
      expect([...a].filter((char, k) => char !== b[k]).length).toBeGreaterThanOrEqual(10);
    }
  });

  it(
    "a recipient replying with a bulk-send neighbour's Message-ID stays in their own conversation, " +
      "flagged and linked; the neighbour's is untouched",
    async () => {
      const subject = 'Höstrea: 30 % på allt i butiken';
      const sends = [];
      for (const email of ['astrid.lindqvist@example.se', 'james.oconnor@contoso.example']) {
        await upsertContact(t.deps, { email, consent: { marketing: 'subscribed', source: 'checkout' } });
        sends.push(await send(t, { to: email, subject, text: 'Vår höstrea har börjat.', category: 'marketing' }));
      }
      const [astrid, james] = sends as [(typeof sends)[0], (typeof sends)[0]];
      const before = await conversationRow(t, astrid.conversationId);
      t.clock.advance(DAY);
      const answer = await deliver(t, fixture('outlook-en-marketing-reply-in-reply-to.eml', { PARENT_ID: astrid.messageIdHeader }), {
        from: 'james.oconnor@contoso.example',
        to: 'support@acme.example',
      });
      expect(answer.conversation_id).toBe(james.conversationId);
      expect((await storedMessage(t, answer)).flag).toEqual(expect.stringContaining(astrid.conversationId));
      expect(await conversationRow(t, james.conversationId)).toMatchObject({
        linkedConversationId: astrid.conversationId,
        linkReason: 'outsider',
        flag: expect.stringContaining('james.oconnor@contoso.example'),
      });
      expect(await conversationRow(t, astrid.conversationId)).toEqual(before);
    },
  );

  it('References naming a message sent to someone else start a new, flagged conversation', async () => {
    const sent = await send(t, { to: 'astrid.lindqvist@example.se', subject: 'Exchange for order 3310', text: 'Which size?' });
    const answer = await deliver(t, fixture('mutt-en-references-inline.eml', { REFERENCED_ID: sent.messageIdHeader }), {
      from: 'tom@tombecker.example.org',
      to: 'support@acme.example',
    });
    expect(answer.thread_rule).toBe('new');
    expect(await conversationRow(t, answer.conversation_id!)).toMatchObject({
      linkedConversationId: sent.conversationId,
      linkReason: 'outsider',
      flag: expect.stringContaining('References'),
    });
    expect((await conversationRow(t, sent.conversationId)).messageCount).toBe(1);
  });

  it("a colleague in Cc of the customer's message may answer it by In-Reply-To (no token)", async () => {
    const erik = await deliver(t, fixture('outlook-sv-token-with-cc.eml', { TO_ADDRESS: 'support@acme.example' }), {
      from: 'erik.johansson@foretaget.example.se',
      to: 'support@acme.example',
    });
    expect(erik.thread_rule).toBe('new');
    const parent = (await storedMessage(t, erik)).messageIdHeader!;
    const raw = withHeader(
      fixture('outlook-sv-colleague-reply-all.eml', { TO_ADDRESS: 'support@acme.example' }),
      'In-Reply-To',
      `<${parent}>`,
    );
    const maria = await deliver(t, raw, { from: 'maria.nilsson@foretaget.example.se', to: 'support@acme.example' });
    expect(maria).toMatchObject({ thread_rule: 'in_reply_to', conversation_id: erik.conversation_id });
    expect((await storedMessage(t, maria)).flag).toBeNull();
  });
});

describe('(j) a reply to a conversation closed more than 90 days ago', () => {
  it('by token: 90 days after closing it reopens; later it starts a new conversation that links to it', async () => {
    const sent = await send(t, {
      to: 'astrid.lindqvist@example.se',
      subject: 'Din order SE-10442 är skickad',
      text: 'Hej Astrid!',
      category: 'support',
    });
    await setConversationStatus(t.deps, sent.conversationId, 'closed');
    t.clock.advance(90 * DAY);
    const within = await deliver(t, fixture('gmail-sv-reply-token.eml', { TO_ADDRESS: sent.replyAddress }), {
      from: 'astrid.lindqvist@example.se',
      to: sent.replyAddress,
    });
    expect(within).toMatchObject({ thread_rule: 'reply_token', conversation_id: sent.conversationId });
    expect(await conversationRow(t, sent.conversationId)).toMatchObject({ status: 'open', closedAt: null });

    await setConversationStatus(t.deps, sent.conversationId, 'closed');
    const closed = await conversationRow(t, sent.conversationId);
    t.clock.advance(90 * DAY + 60_000);
    const later = withHeader(
      fixture('gmail-sv-reply-token.eml', { TO_ADDRESS: sent.replyAddress }),
      'Message-ID',
      '<CAJq8vN3-much-later-Yh2kLpW7xZ0b@mail.gmail.com>',
    );
    const answer = await deliver(t, later, { from: 'astrid.lindqvist@example.se', to: sent.replyAddress });
    expect(answer.thread_rule).toBe('new');
    expect(await conversationRow(t, answer.conversation_id!)).toMatchObject({
      linkedConversationId: sent.conversationId,
      linkReason: 'closed_long_ago',
      flag: null,
      status: 'open',
    });
    expect(await conversationRow(t, sent.conversationId)).toEqual(closed);
  });

  it('by In-Reply-To, the same', async () => {
    const sent = await send(t, {
      to: 'juergen.weiss@example.de',
      subject: 'Ihre Rechnung „Herbst“ – 80 € offen',
      text: 'Guten Tag Herr Weiß',
      category: 'support',
    });
    await setConversationStatus(t.deps, sent.conversationId, 'closed');
    t.clock.advance(91 * DAY);
    const answer = await deliver(t, fixture('outlook-de-windows-1252-in-reply-to.eml', { PARENT_ID: sent.messageIdHeader }), {
      from: 'juergen.weiss@example.de',
      to: 'support@acme.example',
    });
    expect(answer.thread_rule).toBe('new');
    expect(await conversationRow(t, answer.conversation_id!)).toMatchObject({
      linkedConversationId: sent.conversationId,
      linkReason: 'closed_long_ago',
    });
  });
});

describe('(k) the subject rule: open, pending or closed at most 7 days ago, never on a generic subject', () => {
  const erik = { from: 'erik.johansson@foretaget.example.se', to: 'support@acme.example' };
  const secondMail = () =>
    withHeader(
      rawFixture('outlook-sv-subject-prefixes.eml'),
      'Message-ID',
      '<AM0PR06MB4785-second@AM0PR06MB4785.eurprd06.prod.outlook.com>',
    );

  it('closed 6 days ago: joins', async () => {
    const first = await deliver(t, rawFixture('iphone-sv-order-1234.eml'), erik);
    await setConversationStatus(t.deps, first.conversation_id!, 'closed');
    t.clock.advance(6 * DAY);
    expect(await deliver(t, rawFixture('outlook-sv-subject-prefixes.eml'), erik)).toMatchObject({
      thread_rule: 'subject',
      conversation_id: first.conversation_id,
    });
  });

  it('closed 8 days ago: a new conversation that links to the old one, which stays closed', async () => {
    const first = await deliver(t, rawFixture('iphone-sv-order-1234.eml'), erik);
    await setConversationStatus(t.deps, first.conversation_id!, 'closed');
    t.clock.advance(8 * DAY);
    const answer = await deliver(t, secondMail(), erik);
    expect(answer.thread_rule).toBe('new');
    expect(await conversationRow(t, answer.conversation_id!)).toMatchObject({
      linkedConversationId: first.conversation_id,
      linkReason: 'same_subject',
      flag: null,
    });
    expect(await conversationRow(t, first.conversation_id!)).toMatchObject({ status: 'closed', messageCount: 1 });
  });

  it.each(['Hej', 'Fråga', '(inget ämne)', 'Question', 'שאלה', '你好', 'سؤال'])(
    '"%s" never joins, even an open conversation of the same person',
    async (subject) => {
      const encoded = (text: string) => `=?utf-8?B?${Buffer.from(text).toString('base64')}?=`;
      const first = await deliver(t, withHeader(rawFixture('iphone-sv-order-1234.eml'), 'Subject', encoded(subject)), erik);
      const raw = withHeader(withHeader(secondMail(), 'Subject', encoded(`SV: ${subject}`)), 'Thread-Topic', null);
      const second = await deliver(t, raw, erik);
      expect(second.thread_rule).toBe('new');
      expect(second.conversation_id).not.toBe(first.conversation_id);
      expect((await conversationRow(t, second.conversation_id!)).linkedConversationId).toBeNull();
    },
  );
});

describe('(l) mail relayed by a list or group: the person behind it is the sender', () => {
  const group = (name: string) => {
    const buffer = readFileSync(new URL(`../fixtures/groups/${name}`, import.meta.url));
    return new Uint8Array(buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength)) as Uint8Array<ArrayBuffer>;
  };
  const viaGroup = { from: 'support+bncBDL6@acme.example', to: 'inbox@reply.acme.example' };

  it(
    'Google Groups with a rewritten From: the contact is the person; a second person writing through the ' +
      'group gets their own conversation',
    async () => {
      const ana = await deliver(t, group('google-groups-pt-rewritten-from.eml'), viaGroup);
      const tom = await deliver(t, group('google-groups-en-second-member.eml'), viaGroup);
      expect((await storedMessage(t, ana)).fromAddress).toBe('ana.costa@exemplo.com.br');
      expect(await contactRow(t, 'ana.costa@exemplo.com.br')).toMatchObject({ name: 'Ana Costa' });
      expect(await contactRow(t, 'tom@tombecker.example.org')).toMatchObject({ name: 'Tom Becker' });
      expect(await contactRow(t, 'support@acme.example')).toBeUndefined();
      expect(tom.conversation_id).not.toBe(ana.conversation_id);
      expect((await conversationRow(t, tom.conversation_id!)).contactId).toBe((await contactRow(t, 'tom@tombecker.example.org'))!.id);
    },
  );

  it('Mailman with a munged From: the contact is Reply-To, not the list or its bounce address', async () => {
    const answer = await deliver(t, group('mailman-sv-munged-from.eml'), {
      from: 'kunder-bounces+inbox=reply.acme.example@lists.acme.example',
      to: 'inbox@reply.acme.example',
    });
    expect((await storedMessage(t, answer)).fromAddress).toBe('jonas.berg@example.se');
    expect(await contactRow(t, 'jonas.berg@example.se')).toMatchObject({ name: 'Jonas Berg' });
  });

  it("chatwoot's group fixture (X-Original-Sender): the contact is jane@example.com", async () => {
    const answer = await deliver(t, group('chatwoot/group_sender_support.eml'), {
      from: 'acme_group@example.com',
      to: 'support@acme.example',
    });
    expect((await storedMessage(t, answer)).fromAddress).toBe('jane@example.com');
    expect(await contactRow(t, 'acme_group@example.com')).toBeUndefined();
  });
});
