// The seam between the pipeline and the FAQ matcher (src/domain/faq): the enabled entries, loaded
// once per version of the knowledge base (the matcher indexes an entries array once), and one decision.
import type { Deps } from '../deps.ts';
import type { FaqEntry } from '../domain/faq/entry.ts';
import { DEFAULT_FAQ_THRESHOLD, matchFaq as decideFaq, type FaqDecision, type FaqMessage } from '../domain/faq/match.ts';
import { FAQ_VERSION_KEY, listFaqEntries } from '../store/faqs.ts';
import { getSetting } from '../store/settings.ts';

export type FaqMatch = FaqDecision & { threshold: number };

/** Per database: the entries as last loaded, and the version they were loaded at. */
const loaded = new WeakMap<object, { version: string; entries: readonly FaqEntry[] }>();

/**
 * The enabled entries at `version` (FAQ_VERSION_KEY, which every change of an entry bumps; read when not
 * given); the same array (so the same index) until an entry changes.
 */
export async function enabledFaqEntries(deps: Pick<Deps, 'db'>, knownVersion?: string): Promise<readonly FaqEntry[]> {
  const version = knownVersion ?? (await getSetting(deps.db, FAQ_VERSION_KEY)) ?? '0';
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
