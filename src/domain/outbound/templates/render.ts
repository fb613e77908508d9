// Rendering a message template for one contact: subject, text part and optional HTML part, in
// the contact's locale with fallback, formatted for the contact's locale and time zone.
import { LiquidError } from 'liquidjs';
import { liquidFailure } from './engine.ts';
import { FORMAT_SETTINGS, formattingLocale, validTimeZone, type FormatSettings } from './format.ts';
import type { MessageCategory } from '../../vocabulary.ts';
import { resolveEntry } from './locale.ts';
import { templateEntry, type TemplateSet } from './set.ts';

export interface RenderInput {
  contact: {
    email: string;
    name: string | null;
    locale: string | null;
    timezone: string | null;
    attributes: Record<string, unknown>;
    [k: string]: unknown;
  };
  data: Record<string, unknown>;
  /** The event that started a trigger's send; absent for other sends (and date triggers), so `event` renders empty. */
  event?: TemplateEvent | null;
  unsubscribe_url: string;
  preferences_url: string;
  /** Overrides contact.locale for this message. */
  locale?: string | null;
}

/** `event` in a template: the triggering event's name, properties and time (ISO 8601, UTC). */
export interface TemplateEvent {
  name: string;
  properties: Record<string, unknown>;
  occurred_at: string;
}

export interface RenderedMessage {
  template: string;
  /** The locale of the template file used, e.g. "sv" for a contact in "sv-SE". */
  locale: string;
  subject: string;
  text: string;
  html: string | null;
  category: MessageCategory;
  topic: string | null;
}

const FAMILY_NAME_FIRST = /[\p{Script=Han}\p{Script=Hangul}\p{Script=Hiragana}\p{Script=Katakana}]/u;

/**
 * How to address the contact: contact.first_name or attributes.first_name when given, else the
 * first word of the name ("Anna Svensson" → "Anna", "Svensson, Anna" → "Anna"). Chinese,
 * Japanese and Korean names put the family name first, so they are used whole ("王小明").
 */
export function firstNameOf(contact: RenderInput['contact']): string | null {
  for (const given of [contact.first_name, contact.attributes?.first_name]) {
    if (typeof given === 'string' && given.trim() !== '') return given.trim();
  }
  const name = typeof contact.name === 'string' ? contact.name.trim() : '';
  if (name === '') return null;
  if (FAMILY_NAME_FIRST.test(name)) return name.replace(/\s+/g, '');
  const comma = name.indexOf(',');
  const given = comma > 0 ? name.slice(comma + 1).trim() || name.slice(0, comma) : name;
  return given.split(/\s+/)[0] ?? null;
}

/** Text part: trailing spaces off every line, at most two blank lines in a row, one final newline. */
function cleanText(text: string): string {
  const unix = text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
  const cleaned = unix
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{4,}/g, '\n\n\n')
    .replace(/^\n+/, '')
    .trimEnd();
  return `${cleaned}\n`;
}

/** Renders subject, text and HTML synchronously (no filter or tag here waits on anything). */
export function renderTemplateSync(set: TemplateSet, name: string, input: RenderInput): RenderedMessage {
  const entry = templateEntry(set, name);
  const wanted = input.locale ?? input.contact.locale;
  const le = resolveEntry(entry, wanted);
  const settings: FormatSettings = {
    locale: formattingLocale(wanted, le.locale),
    timeZone: validTimeZone(input.contact.timezone),
  };
  const scope: Record<string | symbol, unknown> = {
    contact: { ...input.contact, attributes: input.contact.attributes ?? {}, first_name: firstNameOf(input.contact) },
    data: input.data ?? {},
    unsubscribe_url: input.unsubscribe_url,
    preferences_url: input.preferences_url,
    [FORMAT_SETTINGS]: settings,
  };
  if (input.event) scope.event = { ...input.event, properties: input.event.properties ?? {} };
  let part = le.textPath;
  try {
    const subject = le.subject(scope).replace(/\s+/g, ' ').trim();
    scope.subject = subject;
    const text = cleanText(le.text(scope));
    let html: string | null = null;
    if (le.html && le.htmlPath) {
      part = le.htmlPath;
      html = `${le.html(scope).trim()}\n`;
    }
    return { template: name, locale: le.locale, subject, text, html, category: le.category, topic: le.topic };
  } catch (error) {
    const message = LiquidError.is(error) ? liquidFailure(error, 0).message : error instanceof Error ? error.message : String(error);
    throw new Error(`rendering message template "${name}" (${part}) failed: ${message}`, { cause: error });
  }
}

/**
 * Renders a template for one contact in the contact's locale (or input.locale), with fallback.
 * Variables: contact (with contact.first_name and contact.attributes), data, event (sends started by
 * a trigger's event), unsubscribe_url, preferences_url, and in the body also subject (the rendered subject line).
 */
export async function renderTemplate(set: TemplateSet, name: string, input: RenderInput): Promise<RenderedMessage> {
  return renderTemplateSync(set, name, input);
}
