// The FAQ decision per rule: machine mail and lists never answered, the threshold, suggest-only entries,
// handoff topics, several questions, the reply's locale, and the scorer seam.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { FaqEntry } from '../../src/domain/faq/entry.ts';
import { parseFaqFile } from '../../src/domain/faq/faq-file.ts';
import { handoffTopic } from '../../src/domain/faq/guards.ts';
import { DEFAULT_FAQ_THRESHOLD, isListMail, matchFaq, replyLocale, type FaqMessage } from '../../src/domain/faq/match.ts';
import { combineScorers, type FaqScorer } from '../../src/domain/faq/scorer.ts';

const parsed = parseFaqFile(readFileSync('test/fixtures/corpora/faq-dev/faqs.yaml', 'utf8'));
if (!parsed.ok) throw new Error('faq-dev/faqs.yaml does not parse');
const entries = parsed.entries;

const person = (text: string, subject: string | null = null, more: Partial<FaqMessage> = {}): FaqMessage => ({
  subject,
  text,
  classification: { kind: 'message' },
  ...more,
});

describe('matchFaq on the clinic FAQ', () => {
  it.each([
    ['Hej! Går det att parkera vid kliniken i Solna?', 'sv', 'accessibility-parking'],
    ['Hi, are you open on Saturdays?', 'en', 'opening-hours'],
    ['היי, אתם פתוחים בשבת?', 'he', 'opening-hours'],
    ['你好，孩子看牙免费吗？', 'zh', 'children-young-adults'],
    ['Do you do teeth whitening? I have coffee stains.', 'en', 'whitening'],
  ])('%s → %s answer from %s', async (text, locale, faqId) => {
    const decision = await matchFaq(person(text), entries);
    expect(decision).toMatchObject({ decision: 'answer', faqId, locale });
    expect(decision.confidence).toBeGreaterThanOrEqual(DEFAULT_FAQ_THRESHOLD);
    expect(decision.confidence).toBeLessThanOrEqual(1);
  });

  it('tolerates a typo', async () => {
    const decision = await matchFaq(person('Do you do teeth whitenning?'), entries);
    expect(decision.candidates[0]?.faqId).toBe('whitening');
  });

  it('decides a message the same after other messages filled the per-index caches', async () => {
    const message = person('Hur avbokar jag min tid? Kan jag parkera vid kliniken?');
    const first = await matchFaq(message, entries);
    for (const text of ['Hi, are you open on Saturdays?', 'Avboka', 'Parkering', '孩子看牙免费吗？', 'whitenning']) {
      await matchFaq(person(text), entries);
    }
    expect(await matchFaq(message, entries)).toEqual(first);
  });

  it('uses the subject too, unless it is generic', async () => {
    const withSubject = await matchFaq(person('Hur gör jag?', 'Avboka tid'), entries);
    expect(withSubject.candidates[0]?.faqId).toBe('cancel-reschedule');
    const generic = await matchFaq(person('Hur gör jag?', 'Fråga'), entries);
    expect(generic.decision).toBe('handoff');
  });

  it('never answers machine mail or list mail, whatever the text', async () => {
    const text = 'Are you open on Saturdays?';
    for (const classification of [
      { kind: 'auto_reply', reason: 'auto-submitted' },
      { kind: 'bounce', reason: '550 user unknown' },
      { kind: 'complaint' },
    ]) {
      const decision = await matchFaq(person(text, null, { classification }), entries);
      expect(decision).toMatchObject({ decision: 'handoff', faqId: null, confidence: 0 });
      expect(decision.reason).toContain(`machine mail: ${classification.kind}`);
    }
    expect((await matchFaq(person(text, null, { fromList: true }), entries)).reason).toBe('machine mail: list or bulk mail');
  });

  it('hands off below the threshold, and answers the same message with a lower one', async () => {
    const message = person('Hi, are you open on Saturdays?');
    const sure = await matchFaq(message, entries);
    const strict = await matchFaq(message, entries, { threshold: Math.min(1, sure.confidence + 0.001) });
    expect(strict).toMatchObject({ decision: 'handoff', faqId: 'opening-hours' });
    expect(strict.reason).toContain('not sure');
    expect((await matchFaq(message, entries, { threshold: sure.confidence })).decision).toBe('answer');
  });

  it('a suggest-only entry is offered, never sent', async () => {
    const suggestOnly = entries.map((e): FaqEntry => (e.id === 'opening-hours' ? { ...e, mode: 'suggest' } : e));
    const decision = await matchFaq(person('Hi, are you open on Saturdays?'), suggestOnly);
    expect(decision).toMatchObject({ decision: 'handoff', faqId: 'opening-hours', reason: 'opening-hours is suggest-only', locale: 'en' });
  });

  it('a disabled entry is not matched', async () => {
    const disabled = entries.map((e): FaqEntry => (e.id === 'opening-hours' ? { ...e, enabled: false } : e));
    const decision = await matchFaq(person('Hi, are you open on Saturdays?'), disabled);
    expect(decision.candidates.map((c) => c.faqId)).not.toContain('opening-hours');
    expect(decision.decision).toBe('handoff');
  });

  it.each([
    ['Hej, två frågor: vad kostar tandblekning, och går det att parkera i Solna?', 'several questions'],
    ['请问：\n1. 周六开门吗？\n2. 孩子看牙免费吗？', 'several questions'],
    ['I want to complain about my visit on Monday, are you open on Saturday so I can talk to someone?', 'complaint'],
    ['I was charged twice for my check-up, can you refund one?', 'dispute about a bill or fee'],
    ['I had a tooth out yesterday and it is still bleeding. Is it normal?', 'clinical question'],
    ['אני בהיריון, זה בטוח לעשות צילום?', 'clinical question'],
    ['Jag vill att ni raderar alla mina uppgifter.', 'request to erase personal data'],
    ['Tack för snabbt svar, vi ses på måndag!', 'thanks, nothing to answer'],
    ["I'm away on holiday until 18 August with no access to email.", 'away message'],
  ])('hands off: %s', async (text, reason) => {
    expect(await matchFaq(person(text), entries)).toMatchObject({ decision: 'handoff', reason });
  });

  it('a question that happens to mention thanks or a holiday is still a question', () => {
    expect(handoffTopic('Thanks! Are you open on Saturdays?', 'en')).toBeNull();
    expect(handoffTopic("I'm on holiday in Stockholm, can I see a dentist today?", 'en')).toBeNull();
  });

  it('two questions for two entries in one sentence are a handoff', async () => {
    const decision = await matchFaq(person('Are you open on Saturdays, and do you do teeth whitening?'), entries);
    expect(decision.decision).toBe('handoff');
    expect(decision.reason).toMatch(/^two questions \(/);
  });

  it('an empty message is a handoff', async () => {
    expect(await matchFaq(person('  ', null), entries)).toMatchObject({ decision: 'handoff', reason: 'no text to answer' });
  });
});

describe('replyLocale', () => {
  const entry = entries[0]!;
  it("prefers the message's language, then the contact's, then English", () => {
    expect(replyLocale(entry, 'he', 'sv')).toBe('he');
    expect(replyLocale(entry, 'de', 'sv-SE')).toBe('sv');
    expect(replyLocale(entry, 'de', null)).toBe('en');
    expect(replyLocale({ ...entry, answers: { sv: 'x' } }, 'de', null)).toBe('sv');
  });
});

describe('isListMail', () => {
  it('is true for list headers and bulk precedence, false for a person', () => {
    expect(isListMail([{ key: 'list-unsubscribe', value: '<mailto:u@x.example>' }])).toBe(true);
    expect(isListMail([{ key: 'list-id', value: 'support.x.example' }])).toBe(true);
    expect(isListMail([{ key: 'precedence', value: 'bulk' }])).toBe(true);
    expect(isListMail([{ key: 'from', value: 'ana@x.example' }])).toBe(false);
  });
});

describe('the scorer seam', () => {
  // A local stand-in for a semantic scorer: it is sure of one entry.
  const sureOf = (faqId: string, confidence: number): FaqScorer => ({
    score: async () => [{ faqId, confidence, matchedTerms: [] }],
  });

  it('matchFaq uses the scorer it is given', async () => {
    const decision = await matchFaq(person('Something no lexical scorer would match'), entries, { scorer: sureOf('payment', 0.97) });
    expect(decision).toMatchObject({ decision: 'answer', faqId: 'payment', confidence: 0.97, locale: 'en' });
  });

  it('hands the scorer the same entries list for every message, so its index is built once per FAQ version', async () => {
    const seen: (readonly FaqEntry[])[] = [];
    const recording: FaqScorer = {
      score: (_query, list) => {
        seen.push(list);
        return [];
      },
    };
    const withDisabled = entries.map((e, i): FaqEntry => (i === 0 ? { ...e, enabled: false } : e));
    await matchFaq(person('Are you open on Saturdays?'), withDisabled, { scorer: recording });
    await matchFaq(person('Do you take new patients?'), withDisabled, { scorer: recording });
    expect(seen).toHaveLength(2);
    expect(seen[1]).toBe(seen[0]);
    expect(seen[0]!.map((e) => e.id)).not.toContain(entries[0]!.id);
  });

  it('combineScorers averages, so one unsure scorer keeps the answer from being sent', async () => {
    const both = combineScorers([sureOf('payment', 0.96), sureOf('prices', 0.9)]);
    const [first, second] = await both.score({ text: 'x', language: 'en' }, entries);
    expect(first).toMatchObject({ faqId: 'payment', confidence: 0.48 });
    expect(second).toMatchObject({ faqId: 'prices', confidence: 0.45 });
    expect((await matchFaq(person('x'), entries, { scorer: both })).decision).toBe('handoff');
  });
});
