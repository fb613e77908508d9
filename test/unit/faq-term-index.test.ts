// The lexical scorer's BM25+ index (src/domain/faq/term-index.ts): MiniSearch's ranking to the bit, typos and
// prefixes still matched, and a query term's expansions looked up once per index.
import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { buildTermIndex, type TermIndexOptions } from '../../src/domain/faq/term-index.ts';

const expansion = (term: string) => ({ maxEdits: term.length >= 5 ? 1 : 0, prefix: term.length >= 5 });
const OPTIONS: TermIndexOptions = { fieldWeights: [1, 0.3], expansion, weights: { fuzzy: 0.6, prefix: 0.3 } };

// [question terms, answer terms] per document; one of the two empty, as the lexical scorer indexes them.
const DOCS: [string[], string[]][] = [
  [['open', 'saturday', 'opening'], []],
  [['opening', 'hours', 'holiday'], []],
  [[], ['open', 'weekday', 'saturday', 'closed', 'sunday', 'open']],
  [['parking', 'park', 'clinic'], []],
  [[], ['parking', 'garage', 'clinic', 'street']],
  [['whitening', 'teeth', 'bleach', 'whiten'], []],
  [['cancel', 'appointment', 'reschedule'], []],
  [[], ['cancel', 'appointments', '24', 'hours', 'fee']],
];

function miniSearchOf(docs: [string[], string[]][]) {
  const search = new MiniSearch<{ id: number; question: string; answer: string }>({
    fields: ['question', 'answer'],
    tokenize: (text) => text.split(' ').filter(Boolean),
    processTerm: (term) => term,
  });
  search.addAll(docs.map(([q, a], id) => ({ id, question: q.join(' '), answer: a.join(' ') })));
  return (terms: string[]) =>
    search.search(terms.join(' '), {
      boost: { question: 1, answer: 0.3 },
      fuzzy: (term) => (expansion(term).maxEdits ? 1 : false),
      prefix: (term) => expansion(term).prefix,
      maxFuzzy: 2,
      weights: { fuzzy: 0.6, prefix: 0.3 },
      combineWith: 'OR',
    });
}

describe('buildTermIndex', () => {
  it.each([
    [['open', 'saturday']],
    [['opening']], // exact in two documents, and a prefix of nothing longer
    [['parkin', 'clinics']], // a prefix expansion and a fuzzy one
    [['whitenning', 'teth']], // a typo of a long term (fuzzy) and a short one (no expansion: no match)
    [['cancel', 'appointment', 'hours', 'fee']],
    [['nothing', 'here']],
  ])('ranks %j exactly as MiniSearch does (scores to the bit, the same matched terms)', (terms) => {
    const index = buildTermIndex(DOCS, { ...OPTIONS, termValue: () => 1 });
    const hits = index.search(terms);
    const expected = miniSearchOf(DOCS)(terms);
    const got = hits.docs.map((doc) => ({ id: doc, score: hits.score[doc] })).sort((a, b) => b.score! - a.score!);
    expect(got).toEqual(expected.map((r) => ({ id: r.id, score: r.score })));
    // With a value of 1 per index term, matchedValue counts the distinct index terms each document matched.
    for (const r of expected) expect(hits.matchedValue[r.id]).toBe(r.terms.length);
  });

  it('matches a typo of a long term by one edit, at less weight than the exact term', () => {
    const index = buildTermIndex(DOCS, OPTIONS);
    const typo = index.search(['whitenning']);
    const exact = index.search(['whitening']);
    expect(typo.docs).toEqual([5]);
    expect(typo.score[5]).toBeGreaterThan(0);
    expect(typo.score[5]).toBeLessThan(exact.score[5]!);
    expect(index.expand('whitenning').map((e) => e.term)).toEqual(['whitening']);
  });

  it('expands a long term to the longer terms it begins, and a short one not at all', () => {
    const index = buildTermIndex(DOCS, OPTIONS);
    expect(
      index
        .expand('appoint')
        .map((e) => e.term)
        .sort(),
    ).toEqual(['appointment', 'appointments']);
    expect(index.expand('park').map((e) => e.term)).toEqual(['park']); // 4 letters: itself only
    expect(index.search(['hour']).docs).toEqual([]);
  });

  it('looks a query term up in the term tree once: the next message reuses its expansions', () => {
    const index = buildTermIndex(DOCS, OPTIONS);
    const first = index.expand('parkin');
    expect(first.map((e) => e.term)).toEqual(['parking']);
    expect(index.expand('parkin')).toBe(first);
    index.search(['parkin', 'clinic']);
    expect(index.expand('parkin')).toBe(first);
  });

  it('keeps a bounded number of query terms, the oldest going first', () => {
    const index = buildTermIndex(DOCS, { ...OPTIONS, expansionCacheSize: 2 });
    const open = index.expand('opening');
    const parking = index.expand('parking');
    expect(index.expand('opening')).toBe(open);
    index.expand('cancel'); // the third term: 'opening' goes
    expect(index.expand('parking')).toBe(parking);
    const again = index.expand('opening');
    expect(again).not.toBe(open);
    expect(again).toEqual(open);
  });

  it('reports per query term the documents it matched, and each document once in the order first matched', () => {
    const index = buildTermIndex(DOCS, OPTIONS);
    const hits = index.search(['cancel', 'hours', 'cancel']);
    expect(hits.docsPerQueryTerm).toEqual([
      [6, 7],
      [1, 7],
    ]);
    expect(hits.docs).toEqual([6, 7, 1]);
  });
});
