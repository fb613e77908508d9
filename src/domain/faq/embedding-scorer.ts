// A semantic scorer: the message and every example question as embedding vectors (a multilingual model such as
// @cf/baai/bge-m3 on Workers AI, or any OpenAI-compatible /embeddings endpoint), an entry scored by its closest
// question. It finds paraphrases with no word in common ("I can't come on Tuesday" ~ "How do I cancel?"), across
// languages. Pure: the embedding call is handed in; the entries' vectors are made once per entries array.
import type { FaqEntry } from './entry.ts';
import type { FaqCandidate, FaqQuery, FaqScorer } from './scorer.ts';

/** Vectors for texts, in order (one call for up to `EMBED_BATCH` texts). */
export type Embed = (texts: readonly string[]) => Promise<readonly (readonly number[])[]>;

/**
 * Cosine similarity → confidence: a logistic curve through `midpoint` (confidence 0.5). Models differ in how
 * similar unrelated texts look (bge-m3: about 0.4–0.5), so each model needs its own; refit with `npm run eval`.
 */
export interface EmbeddingCalibration {
  midpoint: number;
  steepness: number;
}

// A starting point for bge-m3 (unrelated texts around 0.4–0.6, paraphrases above 0.75), not fitted: no model runs offline
// in this repository. Fit it on real traffic or the FAQ sets before trusting it for automatic answers.
export const BGE_M3_CALIBRATION: EmbeddingCalibration = { midpoint: 0.72, steepness: 18 };

export const EMBED_BATCH = 100;
const CANDIDATES = 5;

interface EntryVectors {
  faqId: string;
  vectors: readonly (readonly number[])[];
}

export function cosine(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new Error(`embedding sizes differ: ${a.length} and ${b.length}`);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

async function embedAll(embed: Embed, texts: readonly string[]): Promise<(readonly number[])[]> {
  const out: (readonly number[])[] = [];
  for (let i = 0; i < texts.length; i += EMBED_BATCH) {
    const batch = texts.slice(i, i + EMBED_BATCH);
    const vectors = await embed(batch);
    if (vectors.length !== batch.length) throw new Error(`the embedder returned ${vectors.length} vectors for ${batch.length} texts`);
    out.push(...vectors);
  }
  return out;
}

/** Every example question of every entry (any locale), embedded. */
async function vectorsOf(embed: Embed, entries: readonly FaqEntry[]): Promise<EntryVectors[]> {
  const owners: string[] = [];
  const texts: string[] = [];
  for (const entry of entries) {
    for (const questions of Object.values(entry.questions)) {
      for (const q of questions) {
        owners.push(entry.id);
        texts.push(q);
      }
    }
  }
  const vectors = await embedAll(embed, texts);
  const byEntry = new Map<string, (readonly number[])[]>();
  owners.forEach((id, i) => {
    byEntry.set(id, [...(byEntry.get(id) ?? []), vectors[i]!]);
  });
  return [...byEntry].map(([faqId, v]) => ({ faqId, vectors: v }));
}

export function embeddingScorer(embed: Embed, calibration: EmbeddingCalibration = BGE_M3_CALIBRATION): FaqScorer {
  // Per entries array (one per FAQ version): a failed attempt is forgotten so that the next message retries.
  const indexes = new WeakMap<readonly FaqEntry[], Promise<EntryVectors[]>>();
  const indexOf = (entries: readonly FaqEntry[]) => {
    let index = indexes.get(entries);
    if (!index) {
      index = vectorsOf(embed, entries);
      index.catch(() => indexes.delete(entries));
      indexes.set(entries, index);
    }
    return index;
  };
  return {
    async score(query: FaqQuery, entries: readonly FaqEntry[]): Promise<FaqCandidate[]> {
      if (query.text.trim() === '' || entries.length === 0) return [];
      const [index, [vector]] = await Promise.all([indexOf(entries), embed([query.text])]);
      if (!vector) throw new Error('the embedder returned no vector for the message');
      return index
        .map(({ faqId, vectors }) => {
          const similarity = Math.max(...vectors.map((v) => cosine(vector, v)));
          const confidence = 1 / (1 + Math.exp(-calibration.steepness * (similarity - calibration.midpoint)));
          return { faqId, confidence, matchedTerms: [] };
        })
        .sort((a, b) => b.confidence - a.confidence)
        .slice(0, CANDIDATES);
    },
  };
}
