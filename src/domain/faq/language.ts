// The language of a message's new text. eld (Efficient Language Detector, its "extrasmall" n-gram set) was
// measured against tinyld on faq-dev: eld 89/90 emails and 107/108 example questions right at ~15–70 µs a
// text; tinyld 88/90 and 99/108 at 75–590 µs (numbers in the FAQ matcher's README section). The contact's
// locale decides when the text is too short or too mixed for the detector to be sure.
import { eld } from 'eld/extrasmall';
import { primaryLanguage } from './entry.ts';

export interface DetectedLanguage {
  /** ISO 639-1 code ("sv", "he", "zh" …), or null when nothing could be told. */
  language: string | null;
  /** Whether the detector was sure, or the contact's locale decided. */
  source: 'text' | 'contact' | 'none';
}

// Scripts one language owns: no detector needed (and short texts in them are the ones detectors miss).
const SCRIPT_LANGUAGES: readonly [RegExp, string][] = [
  [/\p{Script=Hebrew}/gu, 'he'],
  [/[\p{Script=Hiragana}\p{Script=Katakana}]/gu, 'ja'],
  [/\p{Script=Hangul}/gu, 'ko'],
  [/\p{Script=Han}/gu, 'zh'],
  [/\p{Script=Thai}/gu, 'th'],
  [/\p{Script=Greek}/gu, 'el'],
];
const NORWEGIAN = new Set(['nb', 'nn']);
const SHORT_TEXT = 25;

/** Detects the language of a text; `contactLocale` breaks ties for short or unsure texts. */
export function detectLanguage(text: string, contactLocale?: string | null): DetectedLanguage {
  const contact = contactLocale ? primaryLanguage(contactLocale) : null;
  const letters = text.replace(/[^\p{L}]/gu, '');
  if (letters.length === 0) return contact ? { language: contact, source: 'contact' } : { language: null, source: 'none' };
  for (const [script, language] of SCRIPT_LANGUAGES) {
    const count = letters.match(script)?.length ?? 0;
    // Japanese is written with Han too: kana anywhere makes it Japanese.
    if (language === 'ja' ? count > 0 : count * 2 > letters.length) return { language, source: 'text' };
  }
  const result = eld.detect(text);
  const detected = normalize(result.language);
  if (!detected) return contact ? { language: contact, source: 'contact' } : { language: null, source: 'none' };
  if (contact && contact !== detected && (letters.length < SHORT_TEXT || !result.isReliable())) {
    const scores = result.getScores();
    if ((scores[contact] ?? 0) > 0) return { language: contact, source: 'contact' };
  }
  return { language: detected, source: 'text' };
}

function normalize(code: string): string | null {
  if (!code) return null;
  return NORWEGIAN.has(code) ? 'no' : code;
}
