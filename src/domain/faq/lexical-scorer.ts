// The embedded scorer: BM25+ over the example questions and, with less weight, the answers (term-index.ts, MiniSearch's
// ranking), each indexed with its own locale's tokenizer; one edit of typo tolerance and prefix matching on longer
// terms. The raw ranking becomes a calibrated confidence through a few features of the match (calibration.ts).
import { LEXICAL_CALIBRATION, confidenceOf, type Calibration } from './calibration.ts';
import { primaryLanguage, type FaqEntry } from './entry.ts';
import type { FaqCandidate, FaqQuery, FaqScorer } from './scorer.ts';
import { buildTermIndex, type TermIndex } from './term-index.ts';
import { tokenize } from './tokenize.ts';

interface EntryIndex {
  terms: TermIndex;
  entryIds: readonly string[];
  /** Per document: its entry (by position in entryIds), whether it is an example question, its questions' idf sum. */
  docEntry: Int32Array;
  docIsQuestion: Uint8Array;
  questionWeight: Float64Array;
  /** The primary languages each entry has example questions in. */
  languages: Map<string, Set<string>>;
}

/** What the calibration reads about one entry's match; see calibration.ts for the meaning of each. */
export interface MatchFeatures {
  faqId: string;
  score: number;
  margin: number;
  questionCoverage: number;
  queryCoverage: number;
  languageMatch: number;
  /** Distinct message terms in total, and how many of them this entry did not match. */
  queryTerms: number;
  unmatchedTerms: number;
  matchedTerms: string[];
}

const CANDIDATES = 5;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const QUESTION_FIELD = 0;
const ANSWER_FIELD = 1;

/** One edit, and longer terms it begins, for terms of 5 or more letters (none for Chinese and Japanese character pairs). */
function expansion(term: string): { maxEdits: number; prefix: boolean } {
  const expands = term.length >= 5 && !CJK.test(term);
  return { maxEdits: expands ? 1 : 0, prefix: expands };
}

function buildIndex(entries: readonly FaqEntry[]): EntryIndex {
  // Every example question and every answer is a document with a question and an answer field, one of them empty.
  const docs: { entry: number; field: number; terms: string[] }[] = [];
  const languages = new Map<string, Set<string>>();
  for (const [e, entry] of entries.entries()) {
    languages.set(entry.id, new Set(Object.keys(entry.questions).map(primaryLanguage)));
    for (const [locale, questions] of Object.entries(entry.questions)) {
      for (const question of questions) {
        const terms = tokenize(question, locale);
        if (terms.length) docs.push({ entry: e, field: QUESTION_FIELD, terms });
      }
    }
    for (const [locale, answer] of Object.entries(entry.answers)) {
      const terms = tokenize(answer, locale);
      if (terms.length) docs.push({ entry: e, field: ANSWER_FIELD, terms });
    }
  }
  // Inverse document frequency of each question term: rare terms say more about which entry is meant.
  const questions = docs.filter((d) => d.field === QUESTION_FIELD);
  const df = new Map<string, number>();
  for (const doc of questions) for (const term of new Set(doc.terms)) df.set(term, (df.get(term) ?? 0) + 1);
  const idf = new Map([...df].map(([term, n]) => [term, Math.log(1 + questions.length / n)]));
  const terms = buildTermIndex(
    docs.map((d) => (d.field === QUESTION_FIELD ? [d.terms, []] : [[], d.terms])),
    { fieldWeights: [1, 0.3], expansion, weights: { fuzzy: 0.6, prefix: 0.3 }, termValue: (term) => idf.get(term) ?? 0 },
  );
  return {
    terms,
    entryIds: entries.map((e) => e.id),
    docEntry: Int32Array.from(docs, (d) => d.entry),
    docIsQuestion: Uint8Array.from(docs, (d) => (d.field === QUESTION_FIELD ? 1 : 0)),
    questionWeight: Float64Array.from(docs, (d) => (d.field === QUESTION_FIELD ? idfSum(idf, new Set(d.terms)) : 0)),
    languages,
  };
}

function idfSum(idf: Map<string, number>, terms: Iterable<string>): number {
  let sum = 0;
  for (const term of terms) sum += idf.get(term) ?? 0;
  return sum;
}

// An index per entry list: the matcher is called once per message with the same entries.
const indexes = new WeakMap<readonly FaqEntry[], EntryIndex>();
function indexFor(entries: readonly FaqEntry[]): EntryIndex {
  let index = indexes.get(entries);
  if (!index) {
    index = buildIndex(entries);
    indexes.set(entries, index);
  }
  return index;
}

/**
 * The match features of the `limit` best entries (all by default) that matched at least one query term, best raw
 * score first.
 */
export function matchFeatures(query: FaqQuery, entries: readonly FaqEntry[], limit = Number.POSITIVE_INFINITY): MatchFeatures[] {
  const queryTerms = [...new Set(tokenize(query.text, query.language ?? ''))];
  if (queryTerms.length === 0 || entries.length === 0) return [];
  const index = indexFor(entries);
  const hits = index.terms.search(queryTerms);
  // Per entry: the best example question's score and the best answer's (their sum ranks it), the best coverage of
  // one question, and its best document with the position that document was first matched at (the order among
  // entries of equal score, as a ranking of the documents would list them).
  const n = index.entryIds.length;
  const question = new Float64Array(n);
  const answer = new Float64Array(n);
  const coverage = new Float64Array(n);
  const bestDoc = new Float64Array(n);
  const bestDocOrder = new Int32Array(n).fill(-1);
  const found: number[] = [];
  for (const [order, doc] of hits.docs.entries()) {
    const score = hits.score[doc]!;
    const e = index.docEntry[doc]!;
    if (bestDocOrder[e] === -1) found.push(e);
    if (bestDocOrder[e] === -1 || score > bestDoc[e]!) {
      bestDoc[e] = score;
      bestDocOrder[e] = order;
    }
    if (index.docIsQuestion[doc]) {
      question[e] = Math.max(question[e]!, score);
      coverage[e] = Math.max(coverage[e]!, hits.matchedValue[doc]! / index.questionWeight[doc]!);
    } else {
      answer[e] = Math.max(answer[e]!, score);
    }
  }
  const scored = found.map((e) => ({ e, score: question[e]! + answer[e]! }));
  scored.sort((a, b) => b.score - a.score || bestDoc[b.e]! - bestDoc[a.e]! || bestDocOrder[a.e]! - bestDocOrder[b.e]!);
  const top = scored.slice(0, limit);
  // The query terms each of the top entries matched, in the query's order.
  const matched = new Array<string[] | undefined>(n);
  for (const { e } of top) matched[e] = [];
  for (const [i, docs] of hits.docsPerQueryTerm.entries()) {
    for (const doc of docs) {
      const terms = matched[index.docEntry[doc]!];
      if (terms && terms.at(-1) !== queryTerms[i]) terms.push(queryTerms[i]!);
    }
  }
  return top.map(({ e, score }, i) => {
    const faqId = index.entryIds[e]!;
    const terms = matched[e]!;
    const rival = i === 0 ? (scored[1]?.score ?? 0) : scored[0]!.score;
    return {
      faqId,
      score,
      margin: score > 0 ? Math.max(-1, (score - rival) / score) : -1,
      questionCoverage: coverage[e]!,
      queryCoverage: terms.length / queryTerms.length,
      languageMatch: query.language && index.languages.get(faqId)?.has(query.language) ? 1 : 0,
      queryTerms: queryTerms.length,
      unmatchedTerms: queryTerms.length - terms.length,
      matchedTerms: terms,
    };
  });
}

/** The lexical scorer with the calibration fitted for it (or another, e.g. when refitting). */
export function lexicalScorer(calibration: Calibration = LEXICAL_CALIBRATION): FaqScorer {
  return {
    score(query, entries): FaqCandidate[] {
      return matchFeatures(query, entries, CANDIDATES)
        .map((f) => ({ faqId: f.faqId, confidence: confidenceOf(f, calibration), matchedTerms: f.matchedTerms }))
        .sort((a, b) => b.confidence - a.confidence);
    },
  };
}
