// The embedded scorer: BM25+ (MiniSearch) over the example questions and, with less weight, the answers, each
// indexed with its own locale's tokenizer; one edit of typo tolerance on longer terms. The raw ranking becomes a
// calibrated confidence through a few features of the match (calibration.ts).
import MiniSearch from 'minisearch';
import { LEXICAL_CALIBRATION, confidenceOf, type Calibration } from './calibration.ts';
import { primaryLanguage, type FaqEntry } from './entry.ts';
import type { FaqCandidate, FaqQuery, FaqScorer } from './scorer.ts';
import { tokenize } from './tokenize.ts';

interface IndexedDoc {
  id: number;
  entry: string;
  kind: 'question' | 'answer';
  question: string;
  answer: string;
  docTerms: string[];
}

interface EntryIndex {
  search: MiniSearch<IndexedDoc>;
  /** The primary languages each entry has example questions in. */
  languages: Map<string, Set<string>>;
  /** Inverse document frequency of each question term: rare terms say more about which entry is meant. */
  idf: Map<string, number>;
  /** Per question document (by id): its distinct terms and their summed idf, worked out once per index. */
  questionTerms: Map<number, { terms: Set<string>; weight: number }>;
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

const SPACE = ' ';
const CANDIDATES = 5;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

function buildIndex(entries: readonly FaqEntry[]): EntryIndex {
  const search = new MiniSearch<IndexedDoc>({
    fields: ['question', 'answer'],
    storeFields: ['entry', 'kind'],
    tokenize: (text) => text.split(SPACE).filter(Boolean),
    processTerm: (term) => term,
  });
  const docs: IndexedDoc[] = [];
  const languages = new Map<string, Set<string>>();
  for (const entry of entries) {
    languages.set(entry.id, new Set(Object.keys(entry.questions).map(primaryLanguage)));
    for (const [locale, questions] of Object.entries(entry.questions)) {
      for (const question of questions) {
        const terms = tokenize(question, locale);
        if (terms.length)
          docs.push({ id: docs.length, entry: entry.id, kind: 'question', question: terms.join(SPACE), answer: '', docTerms: terms });
      }
    }
    for (const [locale, answer] of Object.entries(entry.answers)) {
      const terms = tokenize(answer, locale);
      if (terms.length)
        docs.push({ id: docs.length, entry: entry.id, kind: 'answer', question: '', answer: terms.join(SPACE), docTerms: terms });
    }
  }
  search.addAll(docs);
  const questions = docs.filter((d) => d.kind === 'question');
  const df = new Map<string, number>();
  for (const doc of questions) for (const term of new Set(doc.docTerms)) df.set(term, (df.get(term) ?? 0) + 1);
  const idf = new Map([...df].map(([term, n]) => [term, Math.log(1 + questions.length / n)]));
  const questionTerms = new Map(
    questions.map((doc) => {
      const terms = new Set(doc.docTerms);
      return [doc.id, { terms, weight: idfSum(idf, terms) }] as const;
    }),
  );
  return { search, languages, idf, questionTerms };
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

/** One edit for terms of 5 or more letters (none for Chinese and Japanese character pairs). */
function fuzziness(term: string): number | boolean {
  return term.length >= 5 && !CJK.test(term) ? 1 : false;
}

/** The match features of every entry that matched at least one query term, best raw score first. */
export function matchFeatures(query: FaqQuery, entries: readonly FaqEntry[]): MatchFeatures[] {
  const queryTerms = [...new Set(tokenize(query.text, query.language ?? ''))];
  if (queryTerms.length === 0 || entries.length === 0) return [];
  const index = indexFor(entries);
  const results = index.search.search(queryTerms.join(SPACE), {
    boost: { question: 1, answer: 0.3 },
    fuzzy: (term) => fuzziness(term),
    prefix: (term) => term.length >= 5 && !CJK.test(term),
    maxFuzzy: 2,
    weights: { fuzzy: 0.6, prefix: 0.3 },
    combineWith: 'OR',
  });
  const byEntry = new Map<string, { question: number; answer: number; coverage: number; matched: Set<string> }>();
  for (const result of results) {
    const entry = result.entry as string;
    const agg = byEntry.get(entry) ?? { question: 0, answer: 0, coverage: 0, matched: new Set<string>() };
    if (result.kind === 'question') {
      agg.question = Math.max(agg.question, result.score);
      const doc = index.questionTerms.get(result.id as number)!;
      const hit = new Set(result.terms.filter((t) => doc.terms.has(t)));
      agg.coverage = Math.max(agg.coverage, idfSum(index.idf, hit) / doc.weight);
      for (const t of result.queryTerms) agg.matched.add(t);
    } else {
      agg.answer = Math.max(agg.answer, result.score);
      for (const t of result.queryTerms) agg.matched.add(t);
    }
    byEntry.set(entry, agg);
  }
  const scored = [...byEntry].map(([faqId, agg]) => ({ faqId, agg, score: agg.question + agg.answer }));
  scored.sort((a, b) => b.score - a.score);
  return scored.map(({ faqId, agg, score }, i) => {
    const rival = i === 0 ? (scored[1]?.score ?? 0) : scored[0]!.score;
    return {
      faqId,
      score,
      margin: score > 0 ? Math.max(-1, (score - rival) / score) : -1,
      questionCoverage: agg.coverage,
      queryCoverage: agg.matched.size / queryTerms.length,
      languageMatch: query.language && index.languages.get(faqId)?.has(query.language) ? 1 : 0,
      queryTerms: queryTerms.length,
      unmatchedTerms: queryTerms.length - agg.matched.size,
      matchedTerms: [...agg.matched],
    };
  });
}

/** The lexical scorer with the calibration fitted for it (or another, e.g. when refitting). */
export function lexicalScorer(calibration: Calibration = LEXICAL_CALIBRATION): FaqScorer {
  return {
    score(query, entries): FaqCandidate[] {
      return matchFeatures(query, entries)
        .slice(0, CANDIDATES)
        .map((f) => ({ faqId: f.faqId, confidence: confidenceOf(f, calibration), matchedTerms: f.matchedTerms }))
        .sort((a, b) => b.confidence - a.confidence);
    },
  };
}
