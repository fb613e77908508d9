// Rendering a broadcast for one (sample, edge or test) contact: a template with locale fallback, or
// the inline Liquid, with the contact's links; and the variables the message reads, for pre-flight.
import type { Deps } from '../deps.ts';
import { parseInline } from '../domain/broadcasts/inline.ts';
import type { RenderedSample } from '../domain/broadcasts/preflight.ts';
import type { SampleContact } from '../domain/broadcasts/samples.ts';
import { FORMAT_SETTINGS, formattingLocale, validTimeZone } from '../domain/outbound/templates/format.ts';
import { resolveEntry } from '../domain/outbound/templates/locale.ts';
import { firstNameOf, renderTemplateSync } from '../domain/outbound/templates/render.ts';
import { templateEntry } from '../domain/outbound/templates/set.ts';
import { createUnsubscribeToken, preferencesUrl, unsubscribeUrl } from '../domain/outbound/unsubscribe-token.ts';
import type { BroadcastRow } from '../store/broadcasts.ts';

export interface BroadcastRendering {
  sample: RenderedSample;
  variables: string[];
  /** What the message's variables read, for checkVariables. */
  scope: Record<string, unknown>;
  /** The recipient's own unsubscribe (from the broadcast's topic) and preference links. */
  links: { unsubscribe: string; preferences: string };
}

// Parsed once per text, not once per recipient: a broadcast renders the same Liquid for every contact.
const PARSED_KEEP = 16;
const parsedTexts = new Map<string, ReturnType<typeof parseInline>>();

function parsedInline(broadcast: BroadcastRow): ReturnType<typeof parseInline> {
  const sources = { subject: broadcast.subject ?? '', text: broadcast.text ?? '', html: broadcast.html };
  const key = JSON.stringify(sources);
  let parsed = parsedTexts.get(key);
  if (!parsed) {
    parsed = parseInline(sources);
    if (parsedTexts.size >= PARSED_KEEP) parsedTexts.delete(parsedTexts.keys().next().value!);
    parsedTexts.set(key, parsed);
  }
  return parsed;
}

/** The locales the message has (a template's files; inline: the default only) and its default. */
export function broadcastLocales(deps: Deps, broadcast: BroadcastRow): { locales: string[]; defaultLocale: string } {
  if (!broadcast.template) return { locales: ['en'], defaultLocale: 'en' };
  const entry = templateEntry(deps.templates, broadcast.template);
  return { locales: entry.locales, defaultLocale: entry.defaultLocale };
}

/** Renders the broadcast for a contact; links point at `linkContactId` (the recipient of a test send, or the sample). */
export async function renderBroadcast(
  deps: Deps,
  broadcast: BroadcastRow,
  contact: SampleContact,
  linkContactId: string,
): Promise<BroadcastRendering> {
  const token = await createUnsubscribeToken(deps.config.secretKey, { contactId: linkContactId, topic: broadcast.topic });
  const links = {
    unsubscribe_url: unsubscribeUrl(deps.config.publicUrl, token),
    preferences_url: preferencesUrl(deps.config.publicUrl, token),
  };
  const renderContact = { ...contact, attributes: contact.attributes ?? {} };
  const scope: Record<string, unknown> = {
    contact: { ...renderContact, first_name: firstNameOf(renderContact) },
    data: {},
    ...links,
  };
  const base = { requestedLocale: contact.locale, marketing: true, unsubscribeUrl: links.unsubscribe_url };
  const own = { unsubscribe: links.unsubscribe_url, preferences: links.preferences_url };
  if (broadcast.template) {
    const rendered = renderTemplateSync(deps.templates, broadcast.template, { contact: renderContact, data: {}, ...links });
    const entry = resolveEntry(templateEntry(deps.templates, broadcast.template), contact.locale);
    scope.subject = rendered.subject;
    return { sample: { ...base, ...rendered }, variables: entry.variables, scope, links: own };
  }
  const parsed = parsedInline(broadcast);
  if (!parsed.ok) throw new Error(`the inline ${parsed.field} does not parse: ${parsed.message}`);
  const locale = contact.locale ?? 'en';
  const settings = { locale: formattingLocale(locale, locale), timeZone: validTimeZone(contact.timezone) };
  const rendered = parsed.message.render({ ...scope, [FORMAT_SETTINGS]: settings });
  scope.subject = rendered.subject;
  return { sample: { ...base, requestedLocale: null, locale, ...rendered }, variables: parsed.message.variables, scope, links: own };
}
