// Who a broadcast's pre-flight renders for: a few real contacts of the segment per locale, and edge
// contacts made up here (no attributes, a right-to-left name, the segment's longest name, no name),
// because a template that works for the typical contact often breaks for the unusual one.

export interface SampleContact {
  /** A contact id, or a label such as "edge: no name". */
  label: string;
  email: string;
  name: string | null;
  locale: string | null;
  timezone: string | null;
  attributes: Record<string, unknown>;
}

/** A real contact as a sample, labelled by its id. */
export function sampleOf(contact: Omit<SampleContact, 'label'> & { id: string }): SampleContact {
  const { id, email, name, locale, timezone, attributes } = contact;
  return { label: id, email, name, locale, timezone, attributes };
}

export const SAMPLES_PER_LOCALE = 5;

/**
 * Up to `perLocale` contacts for each locale the contacts ask for (their own locale, or the default),
 * in the order given; a locale with no template file is kept as its own group so its fallback shows.
 */
export function samplePerLocale<T extends { locale: string | null }>(contacts: T[], fallback: string, perLocale = SAMPLES_PER_LOCALE): T[] {
  const counts = new Map<string, number>();
  const out: T[] = [];
  for (const contact of contacts) {
    const key = (contact.locale ?? fallback).toLowerCase();
    const seen = counts.get(key) ?? 0;
    if (seen >= perLocale) continue;
    counts.set(key, seen + 1);
    out.push(contact);
  }
  return out;
}

const RTL_NAME = 'שרה בת-אברהם כהן';

/**
 * The made-up contacts every pre-flight renders for: one without attributes per locale the message has,
 * the others in the default locale (the Hebrew name in Hebrew).
 */
export function edgeContacts(segmentNames: (string | null)[], locales: string[], defaultLocale: string): SampleContact[] {
  const edge = (label: string, name: string | null, locale: string, attributes: Record<string, unknown> = {}): SampleContact => ({
    label: `edge: ${label}`,
    email: 'edge-case@example.com',
    name,
    locale,
    timezone: null,
    attributes,
  });
  const longest = segmentNames.reduce<string | null>((a, n) => (n && [...n].length > [...(a ?? '')].length ? n : a), null);
  return [
    ...locales.map((locale) => edge('no attributes', 'Alex Example', locale)),
    edge('right-to-left name', RTL_NAME, 'he'),
    ...(longest ? [edge('longest name', longest, defaultLocale)] : []),
    edge('no name', null, defaultLocale),
  ];
}
