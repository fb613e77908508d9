// The unsubscribe footer's word in the contact's language (the link's page speaks it too: src/http/page-text.ts).
import { localeCandidates } from './templates/format.ts';

const UNSUBSCRIBE: Record<string, string> = {
  en: 'Unsubscribe',
  sv: 'Avregistrera',
  he: 'הסרה מרשימת התפוצה',
  zh: '退订',
  'zh-hant': '退訂',
};

const RTL_LANGUAGES: ReadonlySet<string> = new Set(['he', 'ar', 'fa', 'ur']);

export function unsubscribeWord(locale: string | null): string {
  for (const candidate of localeCandidates(locale)) {
    const word = UNSUBSCRIBE[candidate];
    if (word) return word;
  }
  return UNSUBSCRIBE.en!;
}

/** Whether the footer's word reads right to left (the language the word was found in). */
export function footerIsRtl(locale: string | null): boolean {
  const found = localeCandidates(locale).find((candidate) => UNSUBSCRIBE[candidate]);
  return found !== undefined && RTL_LANGUAGES.has(found.split('-')[0]!);
}
