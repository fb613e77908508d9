// The seam between the pipeline and the FAQ matcher (src/domain/faq): entries in, one decision out.
import type { Deps } from '../deps.ts';
import type { FaqEntryRow } from '../store/faqs.ts';

export interface FaqMatchInput {
  subject: string;
  /** The new text the person wrote (quoted history and signature removed). */
  text: string;
  contactLocale: string | null;
}

export interface FaqMatch {
  decision: 'answer' | 'handoff';
  faqId: string | null;
  confidence: number;
  /** The threshold the decision was made against. */
  threshold: number;
  locale: string | null;
  reason: string;
  /** Best first. */
  candidates: { faqId: string; confidence: number }[];
}

export async function matchFaq(_deps: Deps, _entries: FaqEntryRow[], _input: FaqMatchInput): Promise<FaqMatch> {
  throw new Error('the FAQ matcher is not merged yet');
}
