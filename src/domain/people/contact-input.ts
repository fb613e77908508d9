// What a contact may look like coming in (API, CSV import): one schema, clear messages.
import * as v from 'valibot';
import { CONSENT_STATES, TOPIC_SUBSCRIPTION_STATES, type TopicSubscriptionState } from '../vocabulary.ts';
import { isEmailAddress, normalizeEmail } from './email-address.ts';
import { MAX_DATA_DEPTH, jsonObjectSchema } from '../json-value.ts';

export function isBcp47(tag: string): boolean {
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
}

export function canonicalLocale(tag: string): string {
  return Intl.getCanonicalLocales(tag)[0]!;
}

export function isIanaTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.includes('/') || zone === 'UTC';
  } catch {
    return false;
  }
}

const MAX_ATTRIBUTES_JSON = 16 * 1024;

export const EmailField = v.pipe(
  v.string('expected an email address'),
  v.trim(),
  v.check(isEmailAddress, 'expected an email address like ana@example.com'),
  v.transform(normalizeEmail),
);

export const NameField = v.nullable(v.pipe(v.string('expected text'), v.trim(), v.maxLength(200, 'expected at most 200 characters')));

export const LocaleField = v.nullable(
  v.pipe(
    v.string('expected a BCP 47 language tag'),
    v.trim(),
    v.check(isBcp47, 'expected a BCP 47 language tag like sv-SE, en, he or zh-CN'),
    v.transform(canonicalLocale),
  ),
);

export const TimeZoneField = v.nullable(
  v.pipe(v.string('expected an IANA time zone'), v.trim(), v.check(isIanaTimeZone, 'expected an IANA time zone like Europe/Stockholm')),
);

/** An attribute's name: what a filter like ?attributes.NAME=VALUE can address. */
export const AttributeNameField = v.pipe(
  v.string(),
  v.regex(/^[^"\p{Cc}]{1,64}$/u, 'expected an attribute name of 1 to 64 characters without quotes or control characters'),
);

/** Attributes reach message templates as contact.attributes: plain JSON values only. */
export const AttributesField = v.pipe(
  jsonObjectSchema(MAX_DATA_DEPTH),
  v.record(AttributeNameField, v.unknown(), 'expected a JSON object'),
  v.check((value) => JSON.stringify(value).length <= MAX_ATTRIBUTES_JSON, `expected at most ${MAX_ATTRIBUTES_JSON} bytes of attributes`),
);

const TOPIC_CHOICE_EXPECTED = 'expected true, false, "subscribed" or "unsubscribed"';

/** Topic choices by topic key (`{"news": true, "offers": "unsubscribed"}`); whether each key is a topic is checked with the topics. */
export const TopicChoicesField = v.record(
  v.pipe(v.string(), v.minLength(1, 'expected a topic key')),
  v.pipe(
    v.union([v.boolean(), v.picklist(TOPIC_SUBSCRIPTION_STATES)], TOPIC_CHOICE_EXPECTED),
    v.transform((choice): TopicSubscriptionState => (choice === true ? 'subscribed' : choice === false ? 'unsubscribed' : choice)),
  ),
  'expected an object of topic keys to true or false',
);

/** The same, with what the API documents about it. */
export const EventTopicChoicesField = v.pipe(
  TopicChoicesField,
  v.description(
    'Topic subscriptions to set, by topic key (GET /topics): true or "subscribed", false or "unsubscribed". An unknown key ' +
      'is a 400 naming it; each change is kept in the consent log with source "event".',
  ),
);

export const ConsentField = v.object({
  marketing: v.picklist(CONSENT_STATES, 'expected subscribed, unsubscribed or unknown'),
  source: v.optional(v.pipe(v.string(), v.maxLength(200, 'expected at most 200 characters'))),
});

export const ContactCreateSchema = v.strictObject(
  {
    email: EmailField,
    name: v.optional(NameField),
    locale: v.optional(LocaleField),
    timezone: v.optional(TimeZoneField),
    attributes: v.optional(AttributesField),
    consent: v.optional(ConsentField),
  },
  'unknown field; expected email, name, locale, timezone, attributes, consent',
);

/** Every field optional; attributes are merged into the stored ones, and a null value removes that attribute. */
export const ContactUpdateSchema = v.partial(ContactCreateSchema);

export type ContactCreateInput = v.InferOutput<typeof ContactCreateSchema>;
export type ContactUpdateInput = v.InferOutput<typeof ContactUpdateSchema>;

/** Shallow merge where null deletes: PATCH semantics for attributes. */
export function mergeAttributes(current: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return merged;
}
