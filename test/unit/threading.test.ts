// chooseThread: who may join a conversation, and when a reply or a subject starts a new one.
import { describe, expect, it } from 'vitest';
import { isGenericSubject } from '../../src/domain/inbound/threading/generic-subject.ts';
import { chooseThread, type ConversationFacts, type Reference, type ThreadFacts } from '../../src/domain/inbound/threading/threading.ts';

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.parse('2026-11-23T09:00:00Z');
const ASTRID = { contactId: 'con_astrid', address: 'astrid@example.se' };
const LARS = { contactId: 'con_lars', address: 'lars@example.com' };

function conversation(patch: Partial<ConversationFacts> = {}): ConversationFacts {
  return { id: 'cnv_astrid', contactId: ASTRID.contactId, status: 'open', lastMessageAt: NOW - DAY, closedAt: null, ...patch };
}

function facts(patch: Partial<ThreadFacts>): ThreadFacts {
  return { now: NOW, sender: ASTRID, reference: null, subject: 'Order 1234', subjectCandidates: [], ...patch };
}

function ref(rule: Reference['rule'], patch: Partial<ConversationFacts> = {}, senderAddressed = false): Reference {
  return { rule, conversation: conversation(patch), senderAddressed };
}

describe('a reference (token, In-Reply-To, References)', () => {
  it.each(['reply_token', 'in_reply_to', 'references'] as const)("%s from the conversation's contact joins it", (rule) => {
    expect(chooseThread(facts({ reference: ref(rule) }))).toEqual({ rule, conversationId: 'cnv_astrid', link: null, flag: null });
  });

  it.each(['reply_token', 'in_reply_to', 'references'] as const)('%s from someone addressed on the referenced message joins it', (rule) => {
    expect(chooseThread(facts({ sender: LARS, reference: ref(rule, {}, true) }))).toEqual({
      rule,
      conversationId: 'cnv_astrid',
      link: null,
      flag: null,
    });
  });

  it.each(['reply_token', 'in_reply_to', 'references'] as const)(
    '%s from anyone else starts their own conversation, flagged and linked',
    (rule) => {
      const decision = chooseThread(facts({ sender: LARS, reference: ref(rule) }));
      expect(decision).toMatchObject({ rule: 'new', conversationId: null, link: { conversationId: 'cnv_astrid', reason: 'outsider' } });
      expect(decision.flag).toContain('lars@example.com');
      expect(decision.flag).toContain('cnv_astrid');
    },
  );

  it('an outsider writing again joins their own conversation by subject, still flagged', () => {
    const own = conversation({ id: 'cnv_lars', contactId: LARS.contactId });
    const decision = chooseThread(facts({ sender: LARS, reference: ref('reply_token'), subjectCandidates: [own] }));
    expect(decision).toMatchObject({
      rule: 'subject',
      conversationId: 'cnv_lars',
      link: { conversationId: 'cnv_astrid', reason: 'outsider' },
    });
    expect(decision.flag).toContain('lars@example.com');
  });

  it('an outsider never joins the target through the subject rule, even with a candidate list that holds it', () => {
    const decision = chooseThread(facts({ sender: LARS, reference: ref('in_reply_to'), subjectCandidates: [conversation()] }));
    expect(decision.conversationId).toBeNull();
  });

  it('joins a conversation closed 90 days ago; one closed 90 days and a minute ago starts a new, linked one', () => {
    const at90 = chooseThread(facts({ reference: ref('reply_token', { status: 'closed', closedAt: NOW - 90 * DAY }) }));
    expect(at90).toMatchObject({ rule: 'reply_token', conversationId: 'cnv_astrid' });
    const past = chooseThread(facts({ reference: ref('in_reply_to', { status: 'closed', closedAt: NOW - 90 * DAY - 60_000 }) }));
    expect(past).toEqual({
      rule: 'new',
      conversationId: null,
      link: { conversationId: 'cnv_astrid', reason: 'closed_long_ago' },
      flag: null,
    });
  });

  it('a long-open conversation is joined however old (only closing starts the clock)', () => {
    expect(chooseThread(facts({ reference: ref('references', { lastMessageAt: NOW - 400 * DAY }) })).conversationId).toBe('cnv_astrid');
  });

  it('rows closed before closed_at was kept count from their last message', () => {
    const decision = chooseThread(
      facts({ reference: ref('reply_token', { status: 'closed', closedAt: null, lastMessageAt: NOW - 100 * DAY }) }),
    );
    expect(decision.link?.reason).toBe('closed_long_ago');
  });
});

describe('the subject rule', () => {
  it.each(['open', 'pending', 'snoozed'] as const)("joins the contact's %s conversation", (status) => {
    expect(chooseThread(facts({ subjectCandidates: [conversation({ status })] }))).toMatchObject({
      rule: 'subject',
      conversationId: 'cnv_astrid',
    });
  });

  it('joins one closed 7 days ago; closed longer ago gives a new conversation that links to it', () => {
    expect(chooseThread(facts({ subjectCandidates: [conversation({ status: 'closed', closedAt: NOW - 7 * DAY })] })).rule).toBe('subject');
    const decision = chooseThread(facts({ subjectCandidates: [conversation({ status: 'closed', closedAt: NOW - 7 * DAY - 1 })] }));
    expect(decision).toEqual({
      rule: 'new',
      conversationId: null,
      link: { conversationId: 'cnv_astrid', reason: 'same_subject' },
      flag: null,
    });
  });

  it('does not join after 30 days without activity, even when open', () => {
    const decision = chooseThread(facts({ subjectCandidates: [conversation({ lastMessageAt: NOW - 31 * DAY })] }));
    expect(decision).toMatchObject({ rule: 'new', link: { reason: 'same_subject' } });
  });

  it('takes the first joinable candidate, skipping a newer one that is closed too long', () => {
    const closed = conversation({ id: 'cnv_closed', status: 'closed', closedAt: NOW - 20 * DAY, lastMessageAt: NOW - 2 * DAY });
    const open = conversation({ id: 'cnv_open', lastMessageAt: NOW - 3 * DAY });
    expect(chooseThread(facts({ subjectCandidates: [closed, open] })).conversationId).toBe('cnv_open');
  });

  it("never joins another contact's conversation", () => {
    expect(chooseThread(facts({ sender: LARS, subjectCandidates: [conversation()] })).conversationId).toBeNull();
  });

  it.each(['hi', 'Hej!', 'Question?', '(no subject)', 'שאלה', '你好', 'مرحبا', 'Re: Hallo', ''])(
    'never joins on a generic subject: %j',
    (subject) => {
      expect(chooseThread(facts({ subject, subjectCandidates: [conversation()] }))).toEqual({
        rule: 'new',
        conversationId: null,
        link: null,
        flag: null,
      });
    },
  );
});

describe('isGenericSubject', () => {
  it.each([
    ['en', ['Hi', 'hello!', 'Quick question', 'Help', '(no subject)', 'Thanks :)', 'RE: question', 'Dear Sir/Madam']],
    ['sv', ['Hej', 'Hejsan!', 'Fråga', 'En fråga', 'Tack!', '(inget ämne)', 'SV: hej']],
    ['de', ['Hallo', 'Frage', 'Kurze Frage', '(kein Betreff)', 'Vielen Dank!', 'AW: Anfrage']],
    ['fr', ['Bonjour', 'Une question', 'Demande', '(Sans objet)', 'Merci beaucoup', 'TR: bonjour']],
    ['es', ['Hola', 'Pregunta', 'Consulta', '(sin asunto)', 'Muchas gracias', 'Buenos dias']],
    ['he', ['שלום', 'שאלה', 'שאלה קטנה', 'עזרה', 'תודה רבה', 'ללא נושא', 'תשובה: שאלה']],
    ['zh', ['你好', '您好！', '问题', '請問', '谢谢', '无主题', '回复: 你好']],
    ['ar', ['مرحبا', 'مرحباً', 'السلام عليكم', 'سؤال', 'استفسار', 'شكراً', 'بدون موضوع', 'رد: سؤال']],
  ])('%s: %j', (_language, subjects) => {
    for (const subject of subjects as string[]) expect(isGenericSubject(subject), subject).toBe(true);
  });

  it.each([
    'Order 1234',
    'Hej, var är min order 5590?',
    'Question about invoice INV-42',
    'שאלה לגבי הזמנה 77',
    '关于订单 8812 的问题',
    'Frage zur Rechnung',
    'Bonjour, colis non reçu',
  ])('a subject that says something is not generic: %j', (subject) => expect(isGenericSubject(subject)).toBe(false));
});
