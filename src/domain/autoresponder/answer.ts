// An FAQ answer for one contact: the locale to answer in, and the Liquid answer rendered as text
// (the text engine: nothing is HTML-escaped because nothing is ever HTML; pages show it as text).
import type { Template } from 'liquidjs';
import { createTemplateEngine, parseLiquid } from '../outbound/templates/engine.ts';
import { FORMAT_SETTINGS, formattingLocale, localeCandidates, validTimeZone } from '../outbound/templates/format.ts';
import type { LineProblem } from '../outbound/templates/front-matter.ts';
import { firstNameOf, type RenderInput } from '../outbound/templates/render.ts';

const engine = createTemplateEngine(false);

/** Where nothing better fits, answers fall back to English, then to the entry's first locale. */
const FALLBACK_LOCALE = 'en';

/**
 * The locale of `answers` to use for a wanted one (the matcher's detected language, then the
 * contact's locale): the exact tag, shorter ones ("zh-Hant-TW" → "zh-Hant" → "zh"), then English,
 * then the first. Null when the entry has no answer at all.
 */
export function answerLocale(answers: Record<string, string>, wanted: (string | null | undefined)[]): string | null {
  const byLower = new Map(Object.keys(answers).map((locale) => [locale.toLowerCase(), locale]));
  for (const tag of [...wanted, FALLBACK_LOCALE]) {
    for (const candidate of localeCandidates(tag)) {
      const hit = byLower.get(candidate);
      if (hit) return hit;
    }
  }
  return Object.keys(answers)[0] ?? null;
}

/** Why an answer does not parse as Liquid (with its line), or null when it does. */
export function answerProblem(source: string): LineProblem | null {
  return parseLiquid(engine, source, 'answer', 0).problem;
}

export interface AnswerScope {
  contact: RenderInput['contact'];
  conversation: { id: string; subject: string } | null;
}

/** The answer rendered for the contact; throws (naming the Liquid problem) when it cannot be. */
export function renderAnswer(source: string, locale: string, scope: AnswerScope): string {
  const parsed = parseLiquid(engine, source, 'answer', 0);
  if (!parsed.templates)
    throw new Error(`the answer (${locale}) is not valid Liquid: line ${parsed.problem!.line}: ${parsed.problem!.message}`);
  const rendered = engine.renderSync(parsed.templates as Template[], {
    contact: { ...scope.contact, attributes: scope.contact.attributes ?? {}, first_name: firstNameOf(scope.contact) },
    conversation: scope.conversation ?? {},
    [FORMAT_SETTINGS]: { locale: formattingLocale(scope.contact.locale, locale), timeZone: validTimeZone(scope.contact.timezone) },
  });
  return String(rendered)
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+$/gm, '')
    .trim();
}
