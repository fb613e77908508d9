// JSON shapes of the public API (snake_case, ISO 8601 times).
import type { ContactRow } from '../store/contacts.ts';

export function iso(ms: number | null | undefined): string | null {
  return ms === null || ms === undefined ? null : new Date(ms).toISOString();
}

export function presentContact(contact: ContactRow) {
  return {
    id: contact.id,
    email: contact.email,
    name: contact.name,
    locale: contact.locale,
    timezone: contact.timezone,
    attributes: contact.attributes,
    consent: {
      marketing: contact.marketingConsent,
      source: contact.consentSource,
      updated_at: iso(contact.consentUpdatedAt),
    },
    created_at: iso(contact.createdAt),
    updated_at: iso(contact.updatedAt),
  };
}
