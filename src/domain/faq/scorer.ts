// The seam between the matcher and whatever ranks entries. The embedded default is lexical (lexical-scorer.ts);
// a semantic scorer (embeddings from Workers AI or an OpenAI-compatible URL, computed by a service and handed
// in) implements the same interface, and combineScorers() merges several.
import type { FaqEntry } from './entry.ts';

export interface FaqQuery {
  /** Subject (unless generic) and the new text of the message, quoted history and signature removed. */
  text: string;
  /** The detected language of the text ("sv", "zh" …), or null. */
  language: string | null;
}

export interface FaqCandidate {
  faqId: string;
  /** Calibrated: the estimated probability that this entry alone answers the message. */
  confidence: number;
  /** The query terms this entry matched; two top candidates matching disjoint terms mean two questions. */
  matchedTerms: readonly string[];
}

export interface FaqScorer {
  /** The entries worth showing, best first (an empty list when nothing matches at all). */
  score(query: FaqQuery, entries: readonly FaqEntry[]): readonly FaqCandidate[] | Promise<readonly FaqCandidate[]>;
}

/**
 * Several scorers as one: per entry the mean of the confidences the scorers gave (0 where a scorer did not
 * list it), so an entry has to convince every scorer to reach a high confidence. Matched terms are merged.
 */
export function combineScorers(scorers: readonly FaqScorer[]): FaqScorer {
  return {
    async score(query, entries) {
      const lists = await Promise.all(scorers.map((s) => s.score(query, entries)));
      const merged = new Map<string, { sum: number; terms: Set<string> }>();
      for (const list of lists) {
        for (const c of list) {
          const m = merged.get(c.faqId) ?? { sum: 0, terms: new Set<string>() };
          m.sum += c.confidence;
          for (const t of c.matchedTerms) m.terms.add(t);
          merged.set(c.faqId, m);
        }
      }
      return [...merged]
        .map(([faqId, m]) => ({ faqId, confidence: m.sum / scorers.length, matchedTerms: [...m.terms] }))
        .sort((a, b) => b.confidence - a.confidence);
    },
  };
}

/**
 * `primary`, or `fallback` when it fails (an embeddings service down or slow): a message is always decided, and
 * by the embedded lexical scorer at worst. `onError` hears of each failure.
 */
export function withFallback(primary: FaqScorer, fallback: FaqScorer, onError: (error: unknown) => void): FaqScorer {
  return {
    async score(query, entries) {
      try {
        return await primary.score(query, entries);
      } catch (error) {
        onError(error);
        return fallback.score(query, entries);
      }
    },
  };
}
