// The autoresponder's pure rules: who may be asked, when an answer may be sent, the answer's locale and notice.
import { describe, expect, it } from 'vitest';
import { answerLocale, answerProblem, renderAnswer } from '../../src/domain/autoresponder/answer.ts';
import { isMachineAddress, whyNotAnswer, whyNotCandidate, type CandidateFacts } from '../../src/domain/autoresponder/eligibility.ts';
import { automaticAnswerText, automaticNotice } from '../../src/domain/autoresponder/notice.ts';

const candidate: CandidateFacts = {
  classification: 'message',
  flagged: false,
  bulk: false,
  opensConversation: true,
  answersAutomatedSend: false,
  assigned: false,
  alreadyAnswered: false,
};

describe('whyNotCandidate', () => {
  it('asks only for a person’s own new question, or a reply to automated mail, with nobody on it', () => {
    expect(whyNotCandidate(candidate)).toBeNull();
    expect(whyNotCandidate({ ...candidate, opensConversation: false, answersAutomatedSend: true })).toBeNull();
    expect(whyNotCandidate({ ...candidate, classification: 'auto_reply' })).toBe("not a person's message (auto_reply)");
    expect(whyNotCandidate({ ...candidate, flagged: true })).toBe('flagged');
    expect(whyNotCandidate({ ...candidate, bulk: true })).toBe('list or bulk mail');
    expect(whyNotCandidate({ ...candidate, opensConversation: false })).toBe('continues a conversation');
    expect(whyNotCandidate({ ...candidate, assigned: true })).toBe('an agent is assigned');
    expect(whyNotCandidate({ ...candidate, alreadyAnswered: true })).toBe('already answered automatically in this conversation');
  });
});

describe('whyNotAnswer', () => {
  const sure = {
    globalMode: 'auto' as const,
    entryMode: 'auto' as const,
    confidence: 0.9,
    threshold: 0.8,
    recipient: 'ana@example.com',
    answersToContactInLastDay: 0,
  };
  it('sends only when sure, in auto mode, to a person, once a day', () => {
    expect(whyNotAnswer(sure)).toBeNull();
    expect(whyNotAnswer({ ...sure, confidence: 0.8 })).toBeNull();
    expect(whyNotAnswer({ ...sure, confidence: 0.79 })).toBe('confidence 0.79 below 0.80');
    expect(whyNotAnswer({ ...sure, globalMode: 'suggest' })).toBe('FAQ_MODE is suggest: offered to agents only');
    expect(whyNotAnswer({ ...sure, entryMode: 'suggest' })).toBe('the entry is suggest-only');
    expect(whyNotAnswer({ ...sure, recipient: 'noreply@shop.example' })).toMatch(/no-reply or list address/);
    expect(whyNotAnswer({ ...sure, answersToContactInLastDay: 1 })).toBe('the contact got an automatic answer in the last 24 hours');
  });
});

describe('isMachineAddress', () => {
  it.each([
    'noreply@x.example',
    'no-reply@x.example',
    'No_Reply@x.example',
    'do-not-reply@x.example',
    'donotreply+abc@x.example',
    'mailer-daemon@x.example',
    'postmaster@x.example',
    'bounces@x.example',
    'news-bounces@lists.x.example',
    'owner-bakers@lists.x.example',
    'bakers-request@lists.x.example',
    'notifications@github.example',
  ])('%s reaches no person', (address) => expect(isMachineAddress(address)).toBe(true));
  it.each(['ana@example.com', 'noreen@example.com', 'info@shop.example', 'reply-to-me@example.com', 'anna.bounce@example.com'])(
    '%s may be a person',
    (address) => expect(isMachineAddress(address)).toBe(false),
  );
});

describe('answers', () => {
  const answers = { sv: 'Hej', en: 'Hi', 'zh-Hant': '您好（繁體）', zh: '您好' };
  it('picks the wanted locale, a shorter tag, then English, then the first', () => {
    expect(answerLocale(answers, ['sv-SE'])).toBe('sv');
    expect(answerLocale(answers, ['zh-Hant-TW'])).toBe('zh-Hant');
    expect(answerLocale(answers, ['zh-CN'])).toBe('zh');
    expect(answerLocale(answers, [null, 'sv'])).toBe('sv');
    expect(answerLocale(answers, ['de'])).toBe('en');
    expect(answerLocale({ he: 'שלום' }, ['de'])).toBe('he');
    expect(answerLocale({}, ['sv'])).toBeNull();
  });

  it('renders Liquid for the contact as text, and names a broken line', () => {
    const contact = { email: 'a@example.com', name: 'Anna Berg', locale: 'sv', timezone: null, attributes: { plan: 'pro' } };
    const text = renderAnswer('Hej {{ contact.first_name }} ({{ contact.attributes.plan }}) <b>{{ conversation.subject }}</b>', 'sv', {
      contact,
      conversation: { id: 'cnv_1', subject: 'Tider & priser' },
    });
    expect(text).toBe('Hej Anna (pro) <b>Tider & priser</b>');
    expect(answerProblem('ok\n{{ x | nosuch }}')).toMatchObject({ line: 2 });
    expect(answerProblem('{% include "x" %}')).not.toBeNull();
  });

  it('ends with a notice in the answer’s language', () => {
    expect(automaticNotice('sv-SE')).toContain('automatiskt');
    expect(automaticNotice('he')).toContain('אוטומטית');
    expect(automaticNotice('zh-Hant')).toContain('自動');
    expect(automaticNotice('zh')).toContain('自动');
    expect(automaticNotice('de')).toContain('sent automatically');
    expect(automaticAnswerText('Answer.\n', 'en')).toBe(`Answer.\n\n--\n${automaticNotice('en')}\n`);
  });
});
