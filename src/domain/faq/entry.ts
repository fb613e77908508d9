// An FAQ entry: one agreed answer to one kind of question, with example phrasings and the answer per locale.

import type { FaqEntryMode } from '../vocabulary.ts';

/** `auto`: may be sent without a person; `suggest`: only offered to agents. */
export type FaqMode = FaqEntryMode;

export interface FaqEntry {
  /** Stable id, e.g. "opening-hours". */
  id: string;
  /** Example questions per locale ("sv", "en", "zh", "zh-Hant" …); at least one locale. */
  questions: Readonly<Record<string, readonly string[]>>;
  /** The answer (Liquid source) per locale; at least one locale. */
  answers: Readonly<Record<string, string>>;
  mode: FaqMode;
  tags: readonly string[];
  enabled: boolean;
}

/** BCP 47-ish locale tags the FAQ accepts: "sv", "en-GB", "zh-Hant". */
export const LOCALE_PATTERN = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

/** The primary language of a locale tag: "zh-Hant" → "zh", "en-GB" → "en". */
export function primaryLanguage(locale: string): string {
  return locale.split('-')[0]!.toLowerCase();
}
