// The scheduler's step that brings the search indexes up to date, in batches: first the trigram index of the
// messages queued since the last tick, then the word indexes (short search terms) from it, so what was written
// since the last tick is searchable by any term within one tick; existing data is indexed by the first ticks after
// an upgrade, at most MAX_ROWS_PER_TICK rows per index and tick.
import type { Deps } from '../deps.ts';
import { errorFields } from '../log.ts';
import { indexPendingMessagesBatch } from '../store/search-index.ts';
import { CONTACT_WORDS, indexWordsBatch, MESSAGE_WORDS } from '../store/search-words.ts';

const BATCH = 500;
/** About 3 s of one tick on a loaded 2-core machine; a backlog of 1M messages takes 50 ticks. */
const MAX_ROWS_PER_TICK = 20_000;

export interface SearchWordsReport {
  /** Messages written to the trigram index (messages_fts). */
  trigram: number;
  messages: number;
  contacts: number;
}

export async function indexSearchWords(deps: Deps): Promise<SearchWordsReport> {
  const report = { trigram: 0, messages: 0, contacts: 0 };
  try {
    await indexUpToLimit(deps, report);
  } catch (error) {
    // What a batch wrote stays written (each batch is atomic); the next tick goes on from the mark.
    deps.log.error('scheduler: search word indexing failed this tick', errorFields(error));
  }
  if (report.trigram + report.messages + report.contacts > 0) deps.log.info('scheduler: indexed for search', { ...report });
  return report;
}

async function indexUpToLimit(deps: Deps, report: SearchWordsReport): Promise<void> {
  while (report.trigram < MAX_ROWS_PER_TICK) {
    const written = await indexPendingMessagesBatch(deps.db, BATCH);
    if (written === 0) break;
    report.trigram += written;
  }
  for (const [key, index] of [
    ['messages', MESSAGE_WORDS],
    ['contacts', CONTACT_WORDS],
  ] as const) {
    while (report[key] < MAX_ROWS_PER_TICK) {
      const written = await indexWordsBatch(deps.db, index, BATCH, deps.clock.now());
      if (written === 0) break;
      report[key] += written;
    }
  }
}
