// The autoresponder in the inbound pipeline: it answers a person's new question once, threaded and
// marked auto-replied, never machine mail, lists or no-reply addresses, at most once per
// conversation and per contact a day; it hands everything else to a person with suggestions, and
// a failing matcher never loses the message.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { faqDecisions, inboundEmails, outbox } from '../../db/schema.ts';
import { deliverOutbox } from '../../src/services/deliverOutbox.ts';
import { runScheduled } from '../../src/services/runScheduled.ts';
import { agentReply } from '../../src/services/agentReply.ts';
import { sendMessage } from '../../src/services/sendMessage.ts';
import { useTestContext } from '../support/contexts.ts';
import { automaticAnswers, conversation, decisionsIn, loadBakeryFaq, messagesIn, receiveMail } from '../support/faq-helpers.ts';
import { createAgentWithPassword } from '../../src/services/agents.ts';
import { listFaqs } from '../../src/services/faqs.ts';
import { loadDemoData } from '../../src/services/loadDemoData.ts';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const HOURS_QUESTION = 'Hi! What are your opening hours on Saturday?\n\nAnna';

describe('FAQ_MODE=auto', () => {
  const t = useTestContext({ FAQ_MODE: 'auto' });

  it('answers a new question once, in the customer language, threaded and auto-replied, and sets the conversation pending', async () => {
    await loadBakeryFaq(t);
    const first = await receiveMail(t, { subject: 'Opening hours', text: HOURS_QUESTION, messageId: 'q1@mail.example.com' });
    const [answer, ...more] = await automaticAnswers(t);
    expect(more).toEqual([]);
    expect(answer).toMatchObject({
      conversationId: first.conversationId,
      direction: 'out',
      author: 'autoresponder',
      subject: 'Re: Opening hours',
      inReplyTo: 'q1@mail.example.com',
      toAddresses: ['anna.berg@example.com'],
      locale: 'en',
      status: 'queued',
    });
    expect(answer!.headers).toMatchObject({ 'Auto-Submitted': 'auto-replied', 'In-Reply-To': '<q1@mail.example.com>' });
    expect(answer!.text).toContain('Hi Anna! We are open Monday to Friday 7–18');
    expect(answer!.text).toContain('This answer was sent automatically');
    const [job] = await t.deps.db.select().from(outbox).where(eq(outbox.messageId, answer!.id));
    expect(job).toMatchObject({ status: 'pending' });
    expect(await conversation(t, first.conversationId!)).toMatchObject({ status: 'pending', waitingSince: null });
    expect(await decisionsIn(t, first.conversationId!)).toMatchObject([
      { messageId: first.messageId, decision: 'answered', faqId: 'opening-hours', locale: 'en', replyMessageId: answer!.id },
    ]);
    const [decision] = await decisionsIn(t, first.conversationId!);
    expect(decision!.confidence).toBeGreaterThanOrEqual(0.8);

    await deliverOutbox(t.deps);
    expect(t.mailer.sent).toHaveLength(1);
    expect(t.mailer.sent[0]!.headers).toMatchObject({ 'Auto-Submitted': 'auto-replied', References: '<q1@mail.example.com>' });

    // The customer answers the automatic answer: a person takes over; no second automatic answer.
    t.clock.advance(HOUR);
    const again = await receiveMail(t, { subject: 'Re: Opening hours', text: 'And on Sunday?', inReplyTo: answer!.messageIdHeader! });
    expect(again.conversationId).toBe(first.conversationId);
    expect(await automaticAnswers(t)).toHaveLength(1);
    expect(await conversation(t, first.conversationId!)).toMatchObject({ status: 'open', waitingSince: t.clock.now() });
    expect(await decisionsIn(t, first.conversationId!)).toHaveLength(1);
  });

  it('answers in Swedish, Hebrew and Chinese with the localized notice', async () => {
    await loadBakeryFaq(t);
    const cases = [
      ['sv@example.se', 'Hej, har ni öppet på söndag?', 'Det här svaret skickades automatiskt'],
      ['he@example.co.il', 'מתי אתם פתוחים בשבת?', 'תשובה זו נשלחה אוטומטית'],
      ['zh@example.cn', '你们星期天营业吗？', '此回复为自动发送'],
    ] as const;
    for (const [from, text, notice] of cases) {
      const got = await receiveMail(t, { from, fromName: 'Kund', subject: 'Öppettider', text });
      const [answer] = (await messagesIn(t, got.conversationId!)).filter((m) => m.author === 'autoresponder');
      expect(answer?.text, from).toContain(notice);
    }
  });

  it('answers a contact at most once in 24 hours', async () => {
    await loadBakeryFaq(t);
    await receiveMail(t, { subject: 'Opening hours', text: HOURS_QUESTION });
    t.clock.advance(2 * HOUR);
    const second = await receiveMail(t, { subject: 'Gluten', text: 'Do you have gluten-free bread?' });
    expect(await automaticAnswers(t)).toHaveLength(1);
    expect(await decisionsIn(t, second.conversationId!)).toMatchObject([
      { decision: 'handoff', faqId: 'gluten-free', reason: 'the contact got an automatic answer in the last 24 hours' },
    ]);
    expect(await conversation(t, second.conversationId!)).toMatchObject({ status: 'open' });
    t.clock.advance(DAY);
    await receiveMail(t, { subject: 'Cakes', text: 'Do you sell gluten free cakes?' });
    expect(await automaticAnswers(t)).toHaveLength(2);
  });

  it('never answers machine mail, lists or no-reply addresses', async () => {
    await loadBakeryFaq(t);
    const autoReply = await receiveMail(t, { text: HOURS_QUESTION, headers: { 'Auto-Submitted': 'auto-replied' } });
    expect(autoReply.classification).toBe('auto_reply');
    await receiveMail(t, { from: 'list-member@example.com', text: HOURS_QUESTION, headers: { 'List-Id': '<bakers.lists.example.com>' } });
    await receiveMail(t, { from: 'news@shop.example', text: HOURS_QUESTION, headers: { 'List-Unsubscribe': '<https://shop.example/u>' } });
    await receiveMail(t, { from: 'bulk@shop.example', text: HOURS_QUESTION, headers: { Precedence: 'bulk' } });
    expect((await receiveMail(t, { from: 'no-reply@shop.example', text: HOURS_QUESTION })).classification).toBe('auto_reply');
    // An address classification lets through, but one no person reads: offered to a person, never answered.
    const robot = await receiveMail(t, { from: 'bakers-request@lists.example', text: HOURS_QUESTION });
    expect(robot.classification).toBe('message');
    expect(await automaticAnswers(t)).toEqual([]);
    expect(await decisionsIn(t, robot.conversationId!)).toMatchObject([
      { decision: 'handoff', faqId: 'opening-hours', reason: 'bakers-request@lists.example is a no-reply or list address' },
    ]);
    expect(await t.deps.db.$count(faqDecisions)).toBe(1);
  });

  it('hands off with the best suggestions when not sure or the entry is suggest-only', async () => {
    await loadBakeryFaq(t);
    const cake = await receiveMail(t, { subject: 'Wedding', text: 'Can I order a wedding cake for June?' });
    const [decision] = await decisionsIn(t, cake.conversationId!);
    expect(decision).toMatchObject({ decision: 'handoff', faqId: 'custom-cake', reason: 'custom-cake is suggest-only' });
    expect(decision!.suggestions[0]).toMatchObject({ faqId: 'custom-cake', confidence: expect.any(Number) });
    const vague = await receiveMail(t, { from: 'b@example.com', subject: 'Bread', text: 'My bread was mouldy, I want my money back.' });
    expect((await decisionsIn(t, vague.conversationId!))[0]).toMatchObject({ decision: 'handoff' });
    expect(await automaticAnswers(t)).toEqual([]);
    expect(await conversation(t, cake.conversationId!)).toMatchObject({ status: 'open' });
  });

  it('answers a reply to an automated send, but not one in a conversation an agent answered or was assigned', async () => {
    await loadBakeryFaq(t);
    const { message: sent } = await sendMessage(t.deps, {
      to: 'anna.berg@example.com',
      subject: 'Welcome',
      text: 'Welcome to the bakery!',
    });
    const reply = await receiveMail(t, { subject: 'Re: Welcome', text: HOURS_QUESTION, inReplyTo: sent.messageIdHeader! });
    expect(reply.conversationId).toBe(sent.conversationId);
    expect((await decisionsIn(t, sent.conversationId))[0]).toMatchObject({ decision: 'answered' });

    const ola = await createAgentWithPassword(t.deps, {
      email: 'agent@bakery.example',
      name: 'Ola',
      role: 'agent',
      password: 'a-long-password-1',
    });
    const talk = await receiveMail(t, { from: 'c@example.com', subject: 'Hello there', text: 'I have a complaint about my order.' });
    await agentReply(t.deps, ola, { conversationId: talk.conversationId!, text: 'Sorry! Tell me more.', seenUpTo: t.clock.now() });
    t.clock.advance(HOUR);
    const [agentMessage] = (await messagesIn(t, talk.conversationId!)).filter((m) => m.author === 'agent');
    await receiveMail(t, {
      from: 'c@example.com',
      subject: 'Re: Hello there',
      text: 'Also: when are you open?',
      inReplyTo: agentMessage!.messageIdHeader!,
    });
    expect((await automaticAnswers(t)).filter((m) => m.conversationId === talk.conversationId)).toEqual([]);
  });

  it('closes an answered conversation after 3 days without a reply, but not one the customer answered', async () => {
    await loadBakeryFaq(t);
    const quiet = await receiveMail(t, { subject: 'Opening hours', text: HOURS_QUESTION });
    const answered = await receiveMail(t, {
      from: 'bo@example.com',
      fromName: 'Bo',
      subject: 'Gluten',
      text: 'Do you have gluten-free bread?',
    });
    const [answer] = (await messagesIn(t, answered.conversationId!)).filter((m) => m.author === 'autoresponder');
    t.clock.advance(HOUR);
    await receiveMail(t, {
      from: 'bo@example.com',
      subject: 'Re: Gluten',
      text: 'Thanks, and on Sundays?',
      inReplyTo: answer!.messageIdHeader!,
    });
    t.clock.advance(3 * DAY - 2 * HOUR);
    expect((await runScheduled(t.deps)).autoAnsweredClosed).toBe(0);
    expect(await conversation(t, quiet.conversationId!)).toMatchObject({ status: 'pending' });
    t.clock.advance(2 * HOUR);
    expect((await runScheduled(t.deps)).autoAnsweredClosed).toBe(1);
    expect(await conversation(t, quiet.conversationId!)).toMatchObject({ status: 'closed', closedAt: t.clock.now() });
    expect((await decisionsIn(t, quiet.conversationId!))[0]).toMatchObject({ resolvedAt: t.clock.now() });
    expect(await conversation(t, answered.conversationId!)).toMatchObject({ status: 'open' });
    expect((await runScheduled(t.deps)).autoAnsweredClosed).toBe(0);
  });

  it('a failing matcher loses nothing: the message is stored and processed, handed off, and the error decision kept', async () => {
    await loadBakeryFaq(t);
    await t.client.execute("update faq_entries set questions = 'not json' where id = 'opening-hours'");
    const got = await receiveMail(t, { subject: 'Opening hours', text: HOURS_QUESTION });
    expect(got.messageId).toEqual(expect.any(String));
    const [kept] = await t.deps.db.select().from(inboundEmails);
    expect(kept).toMatchObject({ status: 'processed', messageId: got.messageId, error: null });
    expect(await conversation(t, got.conversationId!)).toMatchObject({ status: 'open', waitingSince: t.clock.now() });
    expect(await decisionsIn(t, got.conversationId!)).toMatchObject([
      { decision: 'error', reason: expect.stringMatching(/^autoresponder error: /) },
    ]);
    expect(await automaticAnswers(t)).toEqual([]);
  });
});

describe('FAQ_MODE defaults', () => {
  const t = useTestContext();

  it('is suggest on a fresh install: the best entry is offered, nothing is sent', async () => {
    expect(t.deps.config.faqMode).toBe('suggest');
    await loadBakeryFaq(t);
    const got = await receiveMail(t, { subject: 'Opening hours', text: HOURS_QUESTION });
    expect(await automaticAnswers(t)).toEqual([]);
    expect(await decisionsIn(t, got.conversationId!)).toMatchObject([
      { decision: 'handoff', faqId: 'opening-hours', reason: 'FAQ_MODE is suggest: offered to agents only' },
    ]);
  });
});

describe('FAQ_MODE=off', () => {
  const t = useTestContext({ FAQ_MODE: 'off' });

  it('does nothing at all', async () => {
    await loadBakeryFaq(t);
    await receiveMail(t, { subject: 'Opening hours', text: HOURS_QUESTION });
    expect(await automaticAnswers(t)).toEqual([]);
    expect(await t.deps.db.$count(faqDecisions)).toBe(0);
  });
});

describe('the demo', () => {
  const t = useTestContext({ SAMTAL_DEMO: 'true' });

  it('runs the autoresponder in auto mode with a demo FAQ, which answers a returns question', async () => {
    expect(t.deps.config.faqMode).toBe('auto');
    await loadDemoData(t.deps);
    expect((await listFaqs(t.deps)).map((e) => e.id)).toEqual(['returns', 'support-hours', 'gift-cards']);
    const got = await receiveMail(t, { from: 'new.customer@example.com', subject: 'Return', text: 'How do I return an item I bought?' });
    expect((await decisionsIn(t, got.conversationId!))[0]).toMatchObject({ decision: 'answered', faqId: 'returns' });
  });
});
