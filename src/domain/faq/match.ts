// The FAQ decision for one inbound message: answer with one entry, or hand off to a person, with a confidence,
// the reply's locale and a reason an agent can read. Pure apart from the scorer it is given.
import { isListRelayed } from '../inbound/threading/sender.ts';
import { isGenericSubject } from '../inbound/threading/generic-subject.ts';
import { normalizeSubject } from '../inbound/threading/subject.ts';
import { primaryLanguage, type FaqEntry } from './entry.ts';
import { handoffTopic } from './guards.ts';
import { detectLanguage } from './language.ts';
import { lexicalScorer } from './lexical-scorer.ts';
import type { FaqCandidate, FaqScorer } from './scorer.ts';

/** Answers at or above this confidence may be sent automatically (FAQ_MIN_CONFIDENCE overrides it). */
export const DEFAULT_FAQ_THRESHOLD = 0.8;

export interface FaqMessage {
  subject: string | null;
  /** The new text only: the reply-text extractor's `reply`. */
  text: string;
  /** What classify.ts made of the message; anything but `message` is machine mail. */
  classification: { kind: string; reason?: string };
  /** Sent by a list or group, or a bulk mailing (List-Unsubscribe, Precedence: bulk). */
  fromList?: boolean;
  /** The contact's locale, if known: the tie-break for short texts and the reply's fallback language. */
  contactLocale?: string | null;
}

export interface FaqDecision {
  decision: 'answer' | 'handoff';
  /** The entry answered with; on a handoff the best candidate, if any. */
  faqId: string | null;
  confidence: number;
  /** The locale the reply would use (one the entry has an answer in), or null. */
  locale: string | null;
  reason: string;
  /** The best entries, for suggestions to the agent. */
  candidates: readonly FaqCandidate[];
}

export interface FaqMatchOptions {
  threshold?: number;
  scorer?: FaqScorer;
}

// A question whose best entry is this sure asks that entry's question.
const CLAUSE_CONFIDENCE = 0.75;
// Sentences (with their end) and, inside a question, a comma before "and" in the languages the guards know.
const SENTENCE = /[^.?!。？！\n]+[.?!。？！]*/gu;
const QUESTION_END = /[?？]\s*$/u;
const CLAUSE_BREAK = /[,，;；]\s*(?=(?:and|och|og|und|et|ja|y|e|sekä|但|还有|還有|另外)(?![\p{L}]))|[,，]\s*(?=ו\p{Script=Hebrew})/iu;
const defaultScorer = lexicalScorer();

/**
 * Decides one message. Scorers index `entries` once per array (by identity): keep one array per FAQ version
 * and pass the same one for every message (building the index for 500 entries takes about 1 s of CPU).
 */
export async function matchFaq(message: FaqMessage, entries: readonly FaqEntry[], options: FaqMatchOptions = {}): Promise<FaqDecision> {
  const threshold = options.threshold ?? DEFAULT_FAQ_THRESHOLD;
  const language = detectLanguage(message.text.trim() || (message.subject ?? ''), message.contactLocale).language;
  const handoff = (reason: string, candidates: readonly FaqCandidate[] = [], faqId: string | null = null): FaqDecision => ({
    decision: 'handoff',
    faqId,
    confidence: candidates[0]?.confidence ?? 0,
    locale: language,
    reason,
    candidates,
  });

  if (message.classification.kind !== 'message') {
    const why = message.classification.reason ? ` (${message.classification.reason})` : '';
    return handoff(`machine mail: ${message.classification.kind}${why}`);
  }
  if (message.fromList) return handoff('machine mail: list or bulk mail');

  const text = faqQueryText(message);
  if (text.trim() === '') return handoff('no text to answer');
  const enabled = enabledOf(entries);
  const candidates = await (options.scorer ?? defaultScorer).score({ text, language }, enabled);
  const best = candidates[0];
  const topic = handoffTopic(message.text, language);
  if (topic) return handoff(topic, candidates, best?.faqId ?? null);
  if (!best) return handoff('no entry matches', candidates);

  const entry = enabled.find((e) => e.id === best.faqId)!;
  const parts = await entriesPerClause(message.text, language, enabled, options.scorer ?? defaultScorer);
  if (parts.length > 1) return handoff(`two questions (${parts.join(', ')})`, candidates, best.faqId);
  if (best.confidence < threshold) {
    return handoff(`not sure: best ${best.faqId} at ${best.confidence.toFixed(2)}`, candidates, best.faqId);
  }
  const locale = replyLocale(entry, language, message.contactLocale ?? null);
  if (entry.mode !== 'auto') return { ...handoff(`${entry.id} is suggest-only`, candidates, entry.id), locale };
  return { decision: 'answer', faqId: entry.id, confidence: best.confidence, locale, reason: `matches ${entry.id}`, candidates };
}

/**
 * The different entries that the questions of the text (sentences ending in a question mark, split before "and")
 * are sure about. One entry (or none): one question. Two or more:
 * the message asks several things, and one answer would leave the rest unanswered.
 */
async function entriesPerClause(text: string, language: string | null, entries: readonly FaqEntry[], scorer: FaqScorer): Promise<string[]> {
  const questions = (text.match(SENTENCE) ?? []).filter((sentence) => QUESTION_END.test(sentence));
  const clauses = questions.flatMap((q) => q.split(CLAUSE_BREAK)).filter((c) => c.trim() !== '');
  if (clauses.length < 2) return [];
  const sure = new Set<string>();
  for (const clause of clauses) {
    const [top] = await scorer.score({ text: clause, language }, entries);
    if (top && top.confidence >= CLAUSE_CONFIDENCE) sure.add(top.faqId);
  }
  return [...sure];
}

// The same enabled list for the same entries, so that scorers can keep their index per list.
const enabledLists = new WeakMap<readonly FaqEntry[], readonly FaqEntry[]>();
function enabledOf(entries: readonly FaqEntry[]): readonly FaqEntry[] {
  let enabled = enabledLists.get(entries);
  if (!enabled) {
    enabled = entries.every((e) => e.enabled) ? entries : entries.filter((e) => e.enabled);
    enabledLists.set(entries, enabled);
  }
  return enabled;
}

/** What is matched: the subject (unless generic: "Question", "Hej") and the new text. */
export function faqQueryText(message: Pick<FaqMessage, 'subject' | 'text'>): string {
  const subject = isGenericSubject(message.subject) ? '' : normalizeSubject(message.subject);
  return [subject, message.text].filter(Boolean).join('\n');
}

/** The message's language where the entry has an answer in it, else the contact's, else English, else the first. */
export function replyLocale(entry: FaqEntry, language: string | null, contactLocale: string | null): string | null {
  const locales = Object.keys(entry.answers);
  const find = (want: string | null) =>
    want
      ? (locales.find((l) => l.toLowerCase() === want.toLowerCase()) ?? locales.find((l) => primaryLanguage(l) === primaryLanguage(want)))
      : undefined;
  return find(language) ?? find(contactLocale) ?? find('en') ?? locales[0] ?? null;
}

/** List or group mail, or a bulk mailing: never answered automatically. */
export function isListMail(headers: readonly { key: string; value: string }[]): boolean {
  if (isListRelayed(headers)) return true;
  return headers.some((h) => h.key === 'list-unsubscribe' || (h.key === 'precedence' && /^\s*(bulk|list|junk)\b/i.test(h.value)));
}
