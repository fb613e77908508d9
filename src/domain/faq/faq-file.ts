// The FAQ file format (faqs.yaml, read by domain/autoresponder/faq-yaml.ts) as the matcher takes it, and
// entries written back to it (what `faq export` writes).
import { stringify } from 'yaml';
import { parseFaqFile as readFaqFile, type FaqFileProblem } from '../autoresponder/faq-yaml.ts';
import type { FaqEntry } from './entry.ts';

export { formatFaqFileProblems as formatFaqFileIssues, type FaqFileProblem as FaqFileIssue } from '../autoresponder/faq-yaml.ts';

export type FaqFileResult = { ok: true; entries: FaqEntry[] } | { ok: false; issues: FaqFileProblem[] };

/** The whole file for the matcher: every entry, or every problem when any entry has one. */
export function parseFaqFile(text: string): FaqFileResult {
  const { entries, problems } = readFaqFile(text);
  if (problems.length > 0) return { ok: false, issues: problems };
  return { ok: true, entries: entries.map(({ line: _line, ...entry }) => entry) };
}

/** Entries back to the file format (what `faq export` writes); defaults (mode auto, enabled, no tags) are left out. */
export function formatFaqFile(entries: readonly FaqEntry[]): string {
  const items = entries.map((e) => ({
    id: e.id,
    questions: e.questions,
    answer: e.answers,
    ...(e.mode !== 'auto' ? { mode: e.mode } : {}),
    ...(e.tags.length ? { tags: e.tags } : {}),
    ...(!e.enabled ? { enabled: false } : {}),
  }));
  return items.length ? stringify(items, { lineWidth: 0 }) : '[]\n';
}
