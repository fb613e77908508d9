// FAQ files in and out (`samtal faq import|export FILE.yaml`): import upserts every valid entry by
// id in one batch (in the file's order) and reports each bad entry with its line; export writes
// every entry so that importing it gives the same knowledge base back.
import type { Deps } from '../deps.ts';
import { parseFaqFile, type FaqFileProblem } from '../domain/autoresponder/faq-yaml.ts';
import { formatFaqFile } from '../domain/faq/faq-file.ts';
import { listFaqEntries, upsertFaqEntries } from '../store/faqs.ts';

export interface FaqImportReport {
  entries: number;
  created: number;
  updated: number;
  failed: number;
  problems: FaqFileProblem[];
}

export async function importFaqFile(deps: Pick<Deps, 'db' | 'clock'>, text: string): Promise<FaqImportReport> {
  const { entries, problems, rejected } = parseFaqFile(text);
  const existing = new Set((await listFaqEntries(deps.db)).map((e) => e.id));
  const now = deps.clock.now();
  await upsertFaqEntries(
    deps.db,
    entries.map(({ line: _line, ...content }, position) => ({ ...content, position, createdAt: now, updatedAt: now })),
  );
  const updated = entries.filter((e) => existing.has(e.id)).length;
  return { entries: entries.length, created: entries.length - updated, updated, failed: rejected, problems };
}

export async function exportFaqFile(deps: Pick<Deps, 'db'>): Promise<string> {
  return formatFaqFile(await listFaqEntries(deps.db));
}
