// Which locale of a template a contact gets: the one asked for, a shorter tag, or the template's default.
import { localeCandidates } from './format.ts';
import { templateEntry, type LocaleEntry, type TemplateEntry, type TemplateSet } from './set.ts';

export function resolveEntry(entry: TemplateEntry, wanted: string | null | undefined): LocaleEntry {
  for (const candidate of localeCandidates(wanted)) {
    const hit = entry.byLocale.get(candidate);
    if (hit) return hit;
  }
  return entry.byLocale.get(entry.defaultLocale.toLowerCase())!;
}

/**
 * The template locale for a wanted one: the exact tag (case-insensitive), then shorter ones
 * ("zh-Hant-TW" → "zh-Hant" → "zh"), then the template's default locale.
 */
export function resolveLocale(set: TemplateSet, name: string, wanted: string | null | undefined): string {
  return resolveEntry(templateEntry(set, name), wanted).locale;
}
