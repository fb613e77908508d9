// `faq match`: the FAQ file and messages read from disk, one decision per message in the contract's shape.
import { readFileSync } from 'node:fs';
import type { FaqEntry } from '../domain/faq/entry.ts';
import { formatFaqFileIssues, parseFaqFile } from '../domain/faq/faq-file.ts';
import { matchFaq, type FaqMatchOptions } from '../domain/faq/match.ts';
import { readFaqMessage } from './readFaqMessage.ts';

/** One line of `faq match` output (the contract in the FAQ corpora's README). */
export interface FaqMatchLine {
  file: string;
  decision: 'answer' | 'handoff';
  faq_id: string | null;
  confidence: number;
  locale: string | null;
  reason: string;
}

export function readFaqFile(path: string): { entries: FaqEntry[] } | { error: string } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return { error: `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` };
  }
  const parsed = parseFaqFile(text);
  return parsed.ok ? { entries: parsed.entries } : { error: formatFaqFileIssues(path, parsed.issues) };
}

/** The decision for one message file; an unreadable file is a handoff saying why. */
export async function matchFaqFile(
  path: string,
  entries: readonly FaqEntry[],
  options: FaqMatchOptions & { contactLocale?: string | null; name?: string } = {},
): Promise<FaqMatchLine> {
  const file = options.name ?? path;
  let raw: Uint8Array;
  try {
    raw = new Uint8Array(readFileSync(path));
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    return { file, decision: 'handoff', faq_id: null, confidence: 0, locale: null, reason: `cannot read ${path}: ${why}` };
  }
  const d = await matchFaq(await readFaqMessage(raw, options.contactLocale ?? null), entries, options);
  return { file, decision: d.decision, faq_id: d.faqId, confidence: round(d.confidence), locale: d.locale, reason: d.reason };
}

const round = (x: number) => Math.round(x * 1000) / 1000;
