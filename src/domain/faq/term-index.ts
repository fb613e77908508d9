// A BM25+ index over weighted fields with prefix and fuzzy (edit distance) expansion of query terms, for the
// lexical scorer. The ranking is MiniSearch 7's, to the bit: the same BM25+ (k 1.2, b 0.7, d 0.5, field lengths in
// distinct terms, the document count of the whole index), the same expansion weights, and its term tree
// (minisearch/SearchableMap, filled in the same order) for the prefix and edit-distance look-ups, so candidates and
// confidences are the ones the calibration was fitted on. What differs is the cost of a query:
// - a query term's expansions are looked up in the tree once per index and kept (bounded): the same words come back
//   in message after message, and a term with no expansion options is one Map look-up;
// - each posting's BM25+ part is worked out when the index is built, not per query;
// - scores are summed into arrays per document, not into an object per document and matched term.
import SearchableMap from 'minisearch/SearchableMap';
import { boundedMemo } from './bounded-memo.ts';

export interface TermIndexOptions {
  /** The weight of a match in each field (MiniSearch's `boost`), in the order of the documents' fields. */
  fieldWeights: readonly number[];
  /** How a query term may be expanded: by index terms up to `maxEdits` edits away, by longer terms it begins. */
  expansion(term: string): { maxEdits: number; prefix: boolean };
  /** The weights of a fuzzy and a prefix expansion (MiniSearch's `weights`) before the length adjustment. */
  weights: { fuzzy: number; prefix: number };
  /** A value per index term; `matchedValue` sums it over the distinct index terms a document matched. */
  termValue?: (term: string) => number;
  /** How many query terms' expansions are kept (the oldest go first); 20,000 by default. */
  expansionCacheSize?: number;
}

/** What a search found. Per-document arrays are indexed by the document's position in the build input. */
export interface TermHits {
  /** The documents that matched any query term, in the order they were first matched. */
  docs: readonly number[];
  /** BM25+ summed over the query terms' matches, times the number of distinct query terms matched. */
  score: Float64Array;
  /** Per document: the sum of `termValue` over the distinct index terms it matched. */
  matchedValue: Float64Array;
  /** Per (distinct) query term: the documents it matched. */
  docsPerQueryTerm: readonly (readonly number[])[];
}

export interface TermIndex {
  readonly documentCount: number;
  /** The index terms a query term is expanded to (itself first when indexed), with their weights. */
  expand(term: string): readonly Expansion[];
  search(queryTerms: readonly string[]): TermHits;
}

export interface Expansion {
  termId: number;
  term: string;
  weight: number;
}

interface Postings {
  docs: Int32Array;
  /** The BM25+ score of the term in each of these documents' field, unweighted. */
  scores: Float64Array;
}

const BM25 = { k: 1.2, b: 0.7, d: 0.5 };
const PREFIX_DISTANCE_FACTOR = 0.3;
const EXPANSION_CACHE_SIZE = 20_000;

// MiniSearch's calcBM25Score, term for term (the evaluation order decides the last bits).
function bm25(termFreq: number, matchingCount: number, totalCount: number, fieldLength: number, avgFieldLength: number): number {
  const { k, b, d } = BM25;
  const invDocFreq = Math.log(1 + (totalCount - matchingCount + 0.5) / (matchingCount + 0.5));
  return invDocFreq * (d + (termFreq * (k + 1)) / (termFreq + k * (1 - b + (b * fieldLength) / avgFieldLength)));
}

/** `documents[d][f]` are the terms of document d's field f. */
export function buildTermIndex(documents: readonly (readonly (readonly string[])[])[], options: TermIndexOptions): TermIndex {
  const fieldCount = options.fieldWeights.length;
  const tree = new SearchableMap<number>();
  const terms: string[] = [];
  // Per field, per term id: document → term frequency, documents in the order added.
  const frequencies: Map<number, number>[][] = Array.from({ length: fieldCount }, () => []);
  const fieldLengths: number[][] = [];
  const averageLengths = new Array<number>(fieldCount).fill(0);
  for (const [doc, fields] of documents.entries()) {
    const lengths: number[] = [];
    for (let f = 0; f < fieldCount; f++) {
      const fieldTerms = fields[f] ?? [];
      lengths.push(new Set(fieldTerms).size);
      // The running mean, as MiniSearch keeps it (the same bits).
      averageLengths[f] = (averageLengths[f]! * doc + lengths[f]!) / (doc + 1);
      for (const term of fieldTerms) {
        let id = tree.get(term);
        if (id === undefined) {
          id = terms.length;
          terms.push(term);
          tree.set(term, id);
        }
        const perDoc = frequencies[f]![id] ?? new Map<number, number>();
        frequencies[f]![id] = perDoc;
        perDoc.set(doc, (perDoc.get(doc) ?? 0) + 1);
      }
    }
    fieldLengths.push(lengths);
  }
  const documentCount = documents.length;
  const postings: (Postings | undefined)[][] = frequencies.map((perTerm, f) =>
    terms.map((_, id) => {
      const perDoc = perTerm[id];
      if (!perDoc) return undefined;
      const docs = Int32Array.from(perDoc.keys());
      const scores = Float64Array.from(perDoc, ([doc, tf]) =>
        bm25(tf, perDoc.size, documentCount, fieldLengths[doc]![f]!, averageLengths[f]!),
      );
      return { docs, scores };
    }),
  );
  // Per term id: the distinct documents having it in any field, and its value.
  const termDocs = terms.map((_, id) => Int32Array.from(new Set(postings.flatMap((p) => [...(p[id]?.docs ?? [])]))));
  const termValues = Float64Array.from(terms, (term) => options.termValue?.(term) ?? 0);

  function lookUp(term: string): Expansion[] {
    const found: Expansion[] = [];
    const exact = tree.get(term);
    if (exact !== undefined) found.push({ termId: exact, term, weight: 1 });
    const { maxEdits, prefix } = options.expansion(term);
    const fuzzy = maxEdits > 0 ? tree.fuzzyGet(term, maxEdits) : undefined;
    if (prefix) {
      for (const [longer, id] of tree.atPrefix(term)) {
        const distance = longer.length - term.length;
        if (!distance) continue;
        fuzzy?.delete(longer); // a prefix match that is also within the edits counts as a prefix match
        found.push({
          termId: id,
          term: longer,
          weight: (options.weights.prefix * longer.length) / (longer.length + PREFIX_DISTANCE_FACTOR * distance),
        });
      }
    }
    for (const [near, [id, distance]] of fuzzy ?? []) {
      if (!distance) continue;
      found.push({ termId: id, term: near, weight: (options.weights.fuzzy * near.length) / (near.length + distance) });
    }
    return found;
  }

  const expand = boundedMemo(options.expansionCacheSize ?? EXPANSION_CACHE_SIZE, lookUp);

  function search(queryTerms: readonly string[]): TermHits {
    const total = new Float64Array(documentCount);
    const termScore = new Float64Array(documentCount);
    const lastTerm = new Int32Array(documentCount); // 1 + the query term that last matched the document
    const matchedTerms = new Int32Array(documentCount);
    const matchedValue = new Float64Array(documentCount);
    const docs: number[] = [];
    const docsPerQueryTerm: number[][] = [];
    const counted = new Set<number>();
    const distinct = [...new Set(queryTerms)];
    for (const [i, queryTerm] of distinct.entries()) {
      const mark = i + 1;
      const matched: number[] = [];
      for (const { termId, weight } of expand(queryTerm)) {
        // An index term's documents are all matched the first time it comes up: add its value to each once.
        if (!counted.has(termId)) {
          counted.add(termId);
          const value = termValues[termId]!;
          for (const doc of termDocs[termId]!) matchedValue[doc]! += value;
        }
        for (let f = 0; f < fieldCount; f++) {
          const list = postings[f]![termId];
          if (!list) continue;
          const factor = weight * options.fieldWeights[f]!;
          for (let p = 0; p < list.docs.length; p++) {
            const doc = list.docs[p]!;
            const s = factor * list.scores[p]!;
            if (lastTerm[doc] === mark) {
              termScore[doc]! += s;
              continue;
            }
            lastTerm[doc] = mark;
            termScore[doc] = s;
            matched.push(doc);
            if (matchedTerms[doc]!++ === 0) docs.push(doc);
          }
        }
      }
      for (const doc of matched) total[doc]! += termScore[doc]!;
      docsPerQueryTerm.push(matched);
    }
    const score = new Float64Array(documentCount);
    for (const doc of docs) score[doc] = total[doc]! * matchedTerms[doc]!;
    return { docs, score, matchedValue, docsPerQueryTerm };
  }

  return { documentCount, expand, search };
}
