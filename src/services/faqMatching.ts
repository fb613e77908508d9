// The seam between the pipeline and the FAQ matcher (src/domain/faq): the enabled entries, loaded
// once per change of the knowledge base (the matcher indexes an entries array once), and one decision.
import type { Deps } from '../deps.ts';
import type { FaqEntry } from '../domain/faq/entry.ts';
import { DEFAULT_FAQ_THRESHOLD, matchFaq as decideFaq, type FaqDecision, type FaqMessage } from '../domain/faq/match.ts';
import { faqEntriesVersion, listFaqEntries } from '../store/faqs.ts';

export type FaqMatch = FaqDecision & { threshold: number };

/** Per database: the entries as last loaded, and the version they were loaded at. */
const loaded = new WeakMap<object, { version: string; entries: readonly FaqEntry[] }>();

/** The enabled entries; the same array (so the same index) until an entry changes. */
export async function enabledFaqEntries(deps: Pick<Deps, 'db'>): Promise<readonly FaqEntry[]> {
  const version = await faqEntriesVersion(deps.db);
  const cached = loaded.get(deps.db);
  if (cached?.version === version) return cached.entries;
  const entries = await listFaqEntries(deps.db, { enabledOnly: true });
  loaded.set(deps.db, { version, entries });
  return entries;
}

export function faqThreshold(deps: Pick<Deps, 'config'>): number {
  return deps.config.faqMinConfidence ?? DEFAULT_FAQ_THRESHOLD;
}

export async function matchFaq(
  deps: Pick<Deps, 'config' | 'faqScorer'>,
  entries: readonly FaqEntry[],
  message: FaqMessage,
): Promise<FaqMatch> {
  const threshold = faqThreshold(deps);
  const scorer = deps.faqScorer;
  return { ...(await decideFaq(message, entries, scorer ? { threshold, scorer } : { threshold })), threshold };
}
