// Text → index terms, for every script: words from Intl.Segmenter (dictionary-based for Chinese, Japanese and
// Thai), function words dropped, a Snowball stem where one exists for the language, a light prefix/suffix
// normalization for Hebrew, character bigrams for Chinese and Japanese words, and diacritics folded last so that
// "oppet" finds "öppet". The same function indexes the example questions and reads the message, so both sides
// agree on every term.
import snowball, { type Stemmer } from 'snowball-stemmers';
import { primaryLanguage } from './entry.ts';
import { boundedMemo } from './bounded-memo.ts';
import { isStopword } from './stopwords.ts';

const SNOWBALL: Record<string, string> = {
  ar: 'arabic',
  hy: 'armenian',
  eu: 'basque',
  ca: 'catalan',
  cs: 'czech',
  da: 'danish',
  nl: 'dutch',
  en: 'english',
  fi: 'finnish',
  fr: 'french',
  de: 'german',
  hu: 'hungarian',
  it: 'italian',
  ga: 'irish',
  no: 'norwegian',
  nb: 'norwegian',
  nn: 'norwegian',
  pt: 'portuguese',
  ro: 'romanian',
  ru: 'russian',
  es: 'spanish',
  sl: 'slovene',
  sv: 'swedish',
  ta: 'tamil',
  tr: 'turkish',
};

const stemmers = new Map<string, Stemmer | null>();
function stemmerFor(language: string): Stemmer | null {
  if (!stemmers.has(language)) stemmers.set(language, SNOWBALL[language] ? snowball.newStemmer(SNOWBALL[language]) : null);
  return stemmers.get(language)!;
}

const segmenters = new Map<string, Intl.Segmenter>();
function segmenterFor(language: string): Intl.Segmenter {
  let segmenter = segmenters.get(language);
  if (!segmenter) {
    segmenter = new Intl.Segmenter(language || undefined, { granularity: 'word' });
    segmenters.set(language, segmenter);
  }
  return segmenter;
}

const HAN_OR_KANA = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const HEBREW = /\p{Script=Hebrew}/u;
const HAS_LETTER = /\p{L}/u;
const LATIN = /^[\p{Script=Latin}\d'’-]+$/u;
// Links, addresses and phone numbers carry no question.
const NOISE = /\b(?:https?:\/\/|www\.)\S+|\S+@\S+\.\S+|\+?\d[\d\s().-]{6,}\d/gu;
// The same without addresses, for a text with no @: `\S+@` tries every start in a run of letters, and a Chinese
// sentence is one run.
const NOISE_WITHOUT_ADDRESSES = /\b(?:https?:\/\/|www\.)\S+|\+?\d[\d\s().-]{6,}\d/gu;
const HEBREW_PREFIXES = 'והבלמשכ';

/** The index terms of a text written in `locale` ("sv", "zh-Hant", … or "" when unknown). */
export function tokenize(text: string, locale: string): string[] {
  const language = locale ? primaryLanguage(locale) : '';
  const normalized = text.normalize('NFKC');
  const cleaned = normalized.replace(normalized.includes('@') ? NOISE : NOISE_WITHOUT_ADDRESSES, ' ').toLocaleLowerCase();
  const terms: string[] = [];
  // Chinese and Japanese: the function words come out, the rest of a run between punctuation is read as
  // character pairs across word edges, so that the segmenter's choices (看牙 or 看|牙) do not matter.
  let run = '';
  const flush = () => {
    if (run) terms.push(...bigrams(run));
    run = '';
  };
  for (const { segment, isWordLike } of segmenterFor(language).segment(cleaned)) {
    if (!isWordLike || !HAS_LETTER.test(segment)) {
      if (!/^\s*$/.test(segment) || !run) flush();
      continue;
    }
    const word = segment.replace(/^['’]+|['’]+$/g, '');
    if (word === '') continue;
    const term = termOf(word, language);
    if (term === null) continue; // a function word: a Chinese run goes on across it
    if (term === CJK_RUN) run += word;
    else {
      flush();
      if (term !== '') terms.push(term);
    }
  }
  flush();
  return terms;
}

const CJK_RUN = Symbol('part of a Chinese or Japanese run');
// The same words come back in message after message: each word's term is worked out once per language.
const WORDS_KEPT_PER_LANGUAGE = 50_000;
const wordTerms = new Map<string, (word: string) => string | null | typeof CJK_RUN>();

/** A word's index term; null for a function word, '' for a single letter, CJK_RUN for Chinese or Japanese. */
function termOf(word: string, language: string): string | null | typeof CJK_RUN {
  let memo = wordTerms.get(language);
  if (!memo) {
    memo = boundedMemo(WORDS_KEPT_PER_LANGUAGE, (w) => computeTermOf(w, language));
    wordTerms.set(language, memo);
  }
  return memo(word);
}

function computeTermOf(word: string, language: string): string | null | typeof CJK_RUN {
  if (isStopword(word, language) || isStopword(word, scriptLanguage(word))) return null;
  if (HAN_OR_KANA.test(word)) return CJK_RUN;
  if (HEBREW.test(word)) return normalizeHebrew(word);
  if (word.length < 2) return '';
  const stem = stemmerFor(language)?.stem(word) ?? word;
  return LATIN.test(stem) ? foldDiacritics(stem) : stem;
}

/** Hebrew and Chinese function words are dropped whatever language the message was taken for. */
function scriptLanguage(word: string): string {
  return HEBREW.test(word) ? 'he' : HAN_OR_KANA.test(word) ? 'zh' : '';
}

/** A word of one character stays a term; a longer one becomes its overlapping character pairs. */
function bigrams(word: string): string[] {
  const chars = [...word];
  if (chars.length < 2) return chars;
  return chars.slice(1).map((char, i) => chars[i]! + char);
}

/**
 * Hebrew writes prepositions, articles and "and" as one-letter prefixes (ו, ה, ב, ל, מ, ש, כ) and plurals with
 * ים/ות: up to two prefix letters and one plural ending come off while three letters stay. Applied alike to
 * questions and messages, so "המטופלים" and "מטופל" meet even where the cut is not the grammatical one.
 */
function normalizeHebrew(word: string): string {
  let w = word.replace(/[\u0591-\u05C7]/g, ''); // points and cantillation
  for (let i = 0; i < 2 && w.length > 3 && HEBREW_PREFIXES.includes(w[0]!); i++) w = w.slice(1);
  if (w.length > 4 && /(ים|ות)$/.test(w)) w = w.slice(0, -2);
  return w.replace(/[םןץףך]$/, (c) => FINAL_FORMS[c]!);
}
const FINAL_FORMS: Record<string, string> = { ם: 'מ', ן: 'נ', ץ: 'צ', ף: 'פ', ך: 'כ' };

function foldDiacritics(term: string): string {
  return term
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/ø/g, 'o')
    .replace(/æ/g, 'ae')
    .replace(/ß/g, 'ss');
}
